//===--- TierModel.h - where tiers come from ------------------------------===//
//
// Reads trailguard annotations off declarations and types: the sources of
// tier, the log sinks and the declassifiers.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_TIERMODEL_H
#define TRAILGUARD_CHECKER_TIERMODEL_H

#include "Tier.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"

#include <optional>

namespace trailguard {

/// A tier and the declaration whose annotation gave it (for notes).
struct TierSource {
  Tier T = Tier::Unrestricted;
  const clang::NamedDecl *Decl = nullptr;
};

class TierModel {
public:
  /// The tier annotated on \p D or any of its redeclarations (for a function:
  /// its return value), if any.
  std::optional<Tier> declaredTier(const clang::Decl *D);

  /// The tier every value of type \p T has: an annotated record, also through
  /// pointers, references, arrays and template arguments (std::optional,
  /// smart pointers, containers).
  TierSource typeTier(clang::QualType T);

  /// The highest tier a whole object of type \p T contains: its type tier and
  /// its fields', recursively. Used when an object reaches a sink that does
  /// not go through a formatter.
  TierSource contentTier(clang::QualType T);

  bool isLogSink(const clang::FunctionDecl *FD) {
    return hasAnnotation(FD, "trailguard:log_sink");
  }
  bool isAuditSink(const clang::FunctionDecl *FD) {
    return hasAnnotation(FD, "trailguard:audit_sink");
  }
  bool isDeclassifier(const clang::FunctionDecl *FD) {
    return hasAnnotation(FD, "trailguard:declassify");
  }

private:
  bool hasAnnotation(const clang::Decl *D, llvm::StringRef Name);
  TierSource recordTier(const clang::RecordDecl *RD, bool Content,
                        unsigned Depth);
  TierSource typeTierImpl(clang::QualType T, bool Content, unsigned Depth);

  llvm::DenseMap<const clang::Decl *, int8_t> DeclCache;
  llvm::DenseMap<const clang::Type *, TierSource> TypeCache, ContentCache;
};

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_TIERMODEL_H
