//===--- TierModel.h - where tiers come from ------------------------------===//
//
// Reads trailguard annotations off declarations and types: the sources of
// tier, the log sinks and the declassifiers.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_TIERMODEL_H
#define TRAILGUARD_CHECKER_TIERMODEL_H

#include "Config.h"
#include "Tier.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <optional>

namespace trailguard {

/// A tier and the declaration whose annotation gave it (for notes).
struct TierSource {
  Tier T = Tier::unrestricted;
  const clang::NamedDecl *Decl = nullptr;
};

/// The tier --infer-sensitive-names gives an identifier, if any; \p Text
/// says the value holds text, which the short words with other meanings
/// (`pass`, `pwd`) need. The rules are in docs/checker.md.
std::optional<Tier> inferTierFromName(llvm::StringRef Name, bool Text = true);

class TierModel {
public:
  TierModel() = default;
  /// \p Cfg adds sources, sinks and declassifiers by qualified name, for
  /// code that cannot be annotated; \p InferNames adds name heuristics.
  TierModel(const Config *Cfg, bool InferNames);

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

  /// A TG_LOG_SINK function or a configured log sink; \p Args receives the
  /// configured argument indices (empty: every argument).
  bool isLogSink(const clang::FunctionDecl *FD,
                 std::vector<unsigned> *Args = nullptr);
  /// A TG_AUDIT_SINK function or a configured audit sink; \p MessageArg
  /// receives a configured message argument index, if any.
  bool isAuditSink(const clang::FunctionDecl *FD,
                   std::optional<unsigned> *MessageArg = nullptr);
  bool isDeclassifier(const clang::FunctionDecl *FD);
  /// A class annotated TG_LOG_SINK or listed under log-sink-classes (this
  /// class only; SinkCatalog looks through bases).
  bool isLogSinkClass(const clang::CXXRecordDecl *RD);

  /// The tier --infer-sensitive-names gives a declaration by its name.
  std::optional<Tier> inferredTier(const clang::NamedDecl *D);
  /// True if \p D's tier comes from its name, not from an annotation.
  bool isInferred(const clang::Decl *D) const {
    return Inferred.count(D->getCanonicalDecl());
  }

private:
  bool hasAnnotation(const clang::Decl *D, llvm::StringRef Name);
  /// The configured entry whose qualified name is \p D's, if any.
  const SourceEntry *configuredSource(const clang::NamedDecl *D);
  TierSource recordTier(const clang::RecordDecl *RD, bool Content,
                        unsigned Depth);
  TierSource typeTierImpl(clang::QualType T, bool Content, unsigned Depth);

  const Config *Cfg = nullptr;
  bool InferNames = false;
  llvm::DenseMap<const clang::Decl *, int8_t> DeclCache;
  llvm::DenseSet<const clang::Decl *> Inferred;
  llvm::DenseMap<const clang::Type *, TierSource> TypeCache, ContentCache;
};

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_TIERMODEL_H
