//===--- AnnotationSuggestions.cpp - --suggest-annotations ----------------===//
//
// Walks the declarations of the reportable files and suggests TG_SENSITIVE
// where the name heuristics of --infer-sensitive-names fire.
//
//===----------------------------------------------------------------------===//

#include "AnnotationSuggestions.h"
#include "TierModel.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace trailguard {
namespace {

class Suggester : public RecursiveASTVisitor<Suggester> {
public:
  Suggester(ASTContext &Ctx, const Config &Cfg, ReportablePred Reportable,
            std::vector<Finding> &Out)
      : SM(Ctx.getSourceManager()), Explicit(&Cfg, /*InferNames=*/false),
        Reportable(Reportable), Out(Out) {}

  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldVisitImplicitCode() const { return false; }

  bool VisitFieldDecl(FieldDecl *D) {
    consider(D);
    return true;
  }
  bool VisitVarDecl(VarDecl *D) {
    consider(D);
    return true;
  }

private:
  static bool sharesDeclaration(const DeclaratorDecl *D) {
    const DeclContext *DC = D->getDeclContext();
    for (const Decl *Other : DC->decls())
      if (Other != D && Other->getBeginLoc() == D->getBeginLoc())
        return true;
    return false;
  }

  void consider(const DeclaratorDecl *D) {
    SourceLocation Begin = D->getBeginLoc();
    // Only where the user can write the macro: not in macros, not in
    // implicit or system code, not a parameter of a mere declaration (the
    // definition's parameter gets the suggestion).
    if (Begin.isInvalid() || Begin.isMacroID() || D->isImplicit() ||
        SM.isInSystemHeader(Begin) || !Reportable(Begin))
      return;
    if (const auto *P = dyn_cast<ParmVarDecl>(D))
      if (const auto *FD = dyn_cast<FunctionDecl>(P->getDeclContext());
          !FD || !FD->doesThisDeclarationHaveABody())
        return;
    if (Explicit.declaredTier(D) || !Explicit.inferredTier(D))
      return;
    if (!Seen.insert(D->getCanonicalDecl()).second)
      return;
    Finding F;
    F.CheckId = SuggestAnnotationId;
    F.Level = Finding::Severity::Remark;
    F.Loc = D->getLocation();
    bool Personal = *Explicit.inferredTier(D) == Tier::restricted;
    F.Message = "'" + D->getNameAsString() +
                (Personal ? "' looks like it holds personal data; annotate it "
                            "with TG_RESTRICTED"
                          : "' looks like it holds a credential; annotate it "
                            "with TG_SENSITIVE");
    // `std::string user, password;`: a macro before the declaration would
    // mark every declarator, so only a lone declaration gets the fix-it.
    if (!sharesDeclaration(D))
      F.FixIts.push_back(FixItHint::CreateInsertion(
          Begin, Personal ? "TG_RESTRICTED " : "TG_SENSITIVE "));
    Out.push_back(std::move(F));
  }

  SourceManager &SM;
  TierModel Explicit;
  ReportablePred Reportable;
  std::vector<Finding> &Out;
  llvm::DenseSet<const Decl *> Seen;
};

} // namespace

void suggestAnnotations(ASTContext &Ctx, const Config &Cfg,
                        ReportablePred Reportable, std::vector<Finding> &Out) {
  Suggester S(Ctx, Cfg, Reportable, Out);
  SourceManager &SM = Ctx.getSourceManager();
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    SourceLocation Loc = SM.getFileLoc(D->getLocation());
    if (Loc.isValid() && !SM.isInSystemHeader(Loc) && Reportable(Loc))
      S.TraverseDecl(D);
  }
}

} // namespace trailguard
