//===--- TierLeakCheck.cpp - trailguard-tier-leak -------------------------===//
//
// A forward, flow-sensitive taint analysis over Clang's CFG, with function
// summaries inside the translation unit.
//
// Why not clang/Analysis/FlowSensitive: that framework models values and
// storage locations with a SAT-backed environment, built for proving facts
// such as "this optional has a value". A tier is a three-point lattice joined
// over a handful of variables; the framework's per-function setup and solver
// would cost more than parsing (our budget is 1.15x of -fsyntax-only) and
// still leave summaries, formatter following and sink recognition to us. So
// we reuse Clang's CFG, its PostOrderCFGView and ForwardDataflowWorklist, and
// write only the transfer functions and the summaries.
//
// This file drives the analysis over a translation unit and reports; the
// parts are in tierleak/: the lattice and state (Taint.h), summaries
// (Summary.h, Summary.cpp), the flow over one body (Analysis.h,
// Transfer.cpp), calls (Calls.cpp), stores and ceilings (Stores.cpp), and
// the lookup of a type's formatter (Formatters.cpp). What is known about
// libraries is in LibraryModel.cpp.
//
//===----------------------------------------------------------------------===//

#include "TierLeakCheck.h"
#include "tierleak/Analysis.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace trailguard {
namespace tierleak {

const Step *Analysis::sourceStep(const NamedDecl *D, Tier T, bool IsType) {
  if (!D)
    return nullptr;
  auto It = SourceSteps.find(D);
  if (It != SourceSteps.end())
    return It->second;
  std::string Message;
  if (Model.isInferred(D))
    Message = "'" + D->getNameAsString() + "' is taken as " +
              tierName(T).str() +
              " from its name (--infer-sensitive-names); annotate it to "
              "confirm";
  else if (IsType || isa<TypeDecl>(D))
    Message = "type '" + D->getNameAsString() + "' is declared " +
              tierName(T).str() + " here";
  else if (isa<FunctionDecl>(D))
    Message = "'" + D->getNameAsString() + "' returns a value declared " +
              tierName(T).str() + " here";
  else
    Message = "'" + D->getNameAsString() + "' is declared " +
              tierName(T).str() + " here";
  const Step *S = step(D->getLocation(), std::move(Message), nullptr);
  SourceSteps[D] = S;
  return S;
}

void Analysis::report(SourceLocation Loc, std::string Message,
                      const Step *Path, std::vector<FindingNote> Extra) {
  Finding *F = Findings.report(Loc, std::move(Message));
  if (!F)
    return;
  for (const Step *S = Path; S; S = S->Prev)
    F->Notes.insert(F->Notes.begin(), FindingNote{S->Loc, S->Message});
  for (FindingNote &N : Extra)
    F->Notes.push_back(std::move(N));
}

void Analysis::analyzeFunction(const FunctionDecl *FD) {
  if (!FD->doesThisDeclarationHaveABody() || FD->isDependentContext())
    return;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda())
      return; // analyzed where the lambda is created, with its captures
  summaryOf(FD);
}

void Analysis::analyzeLambdasIn(const Stmt *S) {
  if (!S)
    return;
  if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
    const CXXMethodDecl *Op = LE->getCallOperator();
    if (Op && Op->hasBody() && !Op->isDependentContext()) {
      Summary LambdaSum;
      FunctionFlow Body(*this, Op, LambdaSum);
      Body.run(nullptr);
    }
    return; // nested lambdas are analyzed with the enclosing body
  }
  for (const Stmt *Child : S->children())
    analyzeLambdasIn(Child);
}

void Analysis::analyzeDecl(const Decl *D) {
  if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
    analyzeFunction(FD);
    return;
  }
  // Lambdas at namespace scope and in default member initializers.
  if (const auto *VD = dyn_cast<VarDecl>(D)) {
    if (!VD->isTemplated())
      analyzeLambdasIn(VD->getInit());
    return;
  }
  if (const auto *F = dyn_cast<FieldDecl>(D)) {
    if (F->hasInClassInitializer() && !F->getParent()->isDependentContext())
      analyzeLambdasIn(F->getInClassInitializer());
    return;
  }
  if (const auto *FTD = dyn_cast<FunctionTemplateDecl>(D)) {
    for (const FunctionDecl *Spec : FTD->specializations())
      analyzeFunction(Spec);
    return;
  }
  if (const auto *CTD = dyn_cast<ClassTemplateDecl>(D)) {
    for (const ClassTemplateSpecializationDecl *Spec : CTD->specializations())
      analyzeDecl(Spec);
    return;
  }
  if (const auto *RD = dyn_cast<CXXRecordDecl>(D)) {
    if (RD->isLambda() || RD->isDependentContext())
      return;
  }
  if (const auto *DC = dyn_cast<DeclContext>(D))
    if (isa<NamespaceDecl, LinkageSpecDecl, RecordDecl, ExportDecl>(D))
      for (const Decl *Child : DC->decls())
        analyzeDecl(Child);
}

void Analysis::run() {
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    SourceLocation Loc = SM.getFileLoc(D->getLocation());
    if (Loc.isValid() && !SM.isInSystemHeader(Loc) && Reportable(Loc))
      analyzeDecl(D);
  }
  if (Opts.Facts)
    exportFacts(*Opts.Facts);
}

} // namespace tierleak

void runTierLeakCheck(ASTContext &Ctx, const CheckOptions &Opts,
                      FindingCollector &Findings) {
  tierleak::Analysis A(Ctx, Opts, Findings);
  A.run();
}

} // namespace trailguard
