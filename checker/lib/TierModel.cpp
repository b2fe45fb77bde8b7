//===--- TierModel.cpp - where tiers come from ----------------------------===//
//
// Reads trailguard annotations off declarations and types.
//
//===----------------------------------------------------------------------===//

#include "TierModel.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"

using namespace clang;

namespace trailguard {
namespace {

constexpr llvm::StringLiteral TierPrefix = "trailguard:tier=";

/// Annotations live on whichever redeclaration the user wrote them on, and
/// on the pattern of a template instantiation.
template <typename Fn> void forEachAnnotation(const Decl *D, Fn &&F) {
  auto Visit = [&](const Decl *R) {
    for (const auto *A : R->specific_attrs<AnnotateAttr>())
      F(A->getAnnotation());
  };
  for (const Decl *R : D->redecls())
    Visit(R);
  // A parameter's annotation may sit on another declaration of its function
  // (the header's prototype, while the definition is in the .cpp).
  if (const auto *PD = dyn_cast<ParmVarDecl>(D)) {
    if (const auto *FD = dyn_cast<FunctionDecl>(PD->getDeclContext())) {
      unsigned I = PD->getFunctionScopeIndex();
      for (const FunctionDecl *R : FD->redecls())
        if (R != FD && I < R->getNumParams())
          Visit(R->getParamDecl(I));
    }
  }
  if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
    if (const FunctionDecl *P = FD->getTemplateInstantiationPattern())
      if (P != FD)
        for (const Decl *R : P->redecls())
          Visit(R);
  } else if (const auto *RD = dyn_cast<CXXRecordDecl>(D)) {
    if (const CXXRecordDecl *P = RD->getTemplateInstantiationPattern())
      if (P != RD)
        Visit(P);
  }
}

} // namespace

std::optional<Tier> TierModel::declaredTier(const Decl *D) {
  if (!D)
    return std::nullopt;
  D = D->getCanonicalDecl();
  auto It = DeclCache.find(D);
  if (It != DeclCache.end())
    return It->second < 0 ? std::nullopt
                          : std::optional<Tier>(Tier(It->second));
  std::optional<Tier> Result;
  forEachAnnotation(D, [&](llvm::StringRef S) {
    if (!S.starts_with(TierPrefix))
      return;
    if (std::optional<Tier> T = parseTier(S.drop_front(TierPrefix.size())))
      Result = Result ? maxTier(*Result, *T) : *T;
  });
  // An override returns the same kind of value as the method it overrides.
  if (!Result)
    if (const auto *MD = dyn_cast<CXXMethodDecl>(D))
      for (const CXXMethodDecl *Base : MD->overridden_methods())
        if (std::optional<Tier> T = declaredTier(Base))
          Result = Result ? maxTier(*Result, *T) : *T;
  DeclCache[D] = Result ? int8_t(*Result) : int8_t(-1);
  return Result;
}

bool TierModel::hasAnnotation(const Decl *D, llvm::StringRef Name) {
  bool Found = false;
  forEachAnnotation(D, [&](llvm::StringRef S) { Found |= S == Name; });
  return Found;
}

TierSource TierModel::typeTier(QualType T) {
  return typeTierImpl(T, /*Content=*/false, 0);
}

TierSource TierModel::contentTier(QualType T) {
  return typeTierImpl(T, /*Content=*/true, 0);
}

TierSource TierModel::typeTierImpl(QualType QT, bool Content, unsigned Depth) {
  // Deeply nested templates add nothing a user could act on; stop early.
  if (QT.isNull() || Depth > 8)
    return {};
  const Type *Ty = QT.getCanonicalType().getTypePtr();
  auto &Cache = Content ? ContentCache : TypeCache;
  auto It = Cache.find(Ty);
  if (It != Cache.end())
    return It->second;
  Cache[Ty] = {}; // breaks cycles through pointers to the enclosing type

  TierSource Result;
  if (Ty->isReferenceType() || Ty->isPointerType())
    Result = typeTierImpl(Ty->getPointeeType(), Content, Depth + 1);
  else if (const auto *AT = dyn_cast<ArrayType>(Ty))
    Result = typeTierImpl(AT->getElementType(), Content, Depth + 1);
  else if (const auto *RD = Ty->getAsRecordDecl())
    Result = recordTier(RD, Content, Depth);
  Cache[Ty] = Result;
  return Result;
}

TierSource TierModel::recordTier(const RecordDecl *RD, bool Content,
                                 unsigned Depth) {
  TierSource Result;
  auto Raise = [&](TierSource S) {
    if (S.T > Result.T)
      Result = S;
  };
  if (std::optional<Tier> T = declaredTier(RD))
    Raise({*T, RD});
  // std::optional<ApiKey>, std::vector<ApiKey>, std::unique_ptr<ApiKey>, ...
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
      if (Arg.getKind() == TemplateArgument::Type)
        Raise(typeTierImpl(Arg.getAsType(), Content, Depth + 1));
  if (Content && RD->getDefinition()) {
    for (const FieldDecl *F : RD->getDefinition()->fields()) {
      if (std::optional<Tier> T = declaredTier(F)) {
        Raise({*T, F});
        continue; // an explicit tier on a field is also its ceiling
      }
      Raise(typeTierImpl(F->getType(), Content, Depth + 1));
    }
    if (const auto *CRD = dyn_cast<CXXRecordDecl>(RD->getDefinition()))
      for (const CXXBaseSpecifier &B : CRD->bases())
        Raise(typeTierImpl(B.getType(), Content, Depth + 1));
  }
  return Result;
}

} // namespace trailguard
