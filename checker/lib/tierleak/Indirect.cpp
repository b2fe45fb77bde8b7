//===--- Indirect.cpp - tier-leak calls through pointers and callbacks ----===//
//
// What a call through a function pointer or a std::function does: whatever
// the functions and lambdas it may hold do with the arguments.
//
//===----------------------------------------------------------------------===//

#include "tierleak/Analysis.h"
#include "LibraryModel.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace trailguard {
namespace tierleak {

namespace {

/// How far a callable is followed through the variables it is copied into.
constexpr unsigned MaxTargetDepth = 4;

/// The right-hand sides of the assignments to \p Var in \p S.
void assignmentsTo(const Stmt *S, const VarDecl *Var,
                   llvm::SmallVectorImpl<const Expr *> &Out) {
  if (!S)
    return;
  auto IsVar = [&](const Expr *E) {
    const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return DRE && DRE->getDecl() == Var;
  };
  if (const auto *BO = dyn_cast<BinaryOperator>(S);
      BO && BO->getOpcode() == BO_Assign && IsVar(BO->getLHS()))
    Out.push_back(BO->getRHS());
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S);
      OC && OC->getOperator() == OO_Equal && OC->getNumArgs() == 2 &&
      IsVar(OC->getArg(0)))
    Out.push_back(OC->getArg(1));
  for (const Stmt *Child : S->children())
    assignmentsTo(Child, Var, Out);
}

} // namespace

/// The functions (lambdas by their call operator) \p E may call, looking
/// through the initializers and assignments of the local it names in this
/// function; nullptr stands for a callable we cannot follow (a parameter, a
/// member, the result of a call).
void FunctionFlow::callTargets(const Expr *E,
                               llvm::SmallVectorImpl<const FunctionDecl *> &Out,
                               unsigned Depth) {
  if (!E || Depth > MaxTargetDepth) {
    Out.push_back(nullptr);
    return;
  }
  E = E->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && (UO->getOpcode() == UO_Deref || UO->getOpcode() == UO_AddrOf))
    return callTargets(UO->getSubExpr(), Out, Depth);
  if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(E))
    return callTargets(MTE->getSubExpr(), Out, Depth);
  if (const auto *BTE = dyn_cast<CXXBindTemporaryExpr>(E))
    return callTargets(BTE->getSubExpr(), Out, Depth);
  if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
    return callTargets(EWC->getSubExpr(), Out, Depth);
  if (const auto *Cast = dyn_cast<CastExpr>(E))
    return callTargets(Cast->getSubExpr(), Out, Depth);
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
    callTargets(CO->getTrueExpr(), Out, Depth);
    callTargets(CO->getFalseExpr(), Out, Depth);
    return;
  }
  if (const auto *LE = dyn_cast<LambdaExpr>(E)) {
    Out.push_back(LE->getCallOperator());
    return;
  }
  // std::function<...>(callable), a copy of a closure, or a function object.
  if (const auto *CCE = dyn_cast<CXXConstructExpr>(E)) {
    const CXXRecordDecl *RD = recordOfValue(CCE->getType());
    bool Wrapper = library::find(library::Role::CallableWrapper, RD);
    if ((Wrapper || (RD && RD->isLambda())) && CCE->getNumArgs() >= 1)
      return callTargets(CCE->getArg(0), Out, Depth);
    if (Wrapper)
      return; // an empty std::function calls nothing
    bool Found = false;
    if (RD && RD->hasDefinition())
      for (const CXXMethodDecl *M : RD->getDefinition()->methods())
        if (M->getOverloadedOperator() == OO_Call) {
          Out.push_back(M);
          Found = true;
        }
    if (!Found)
      Out.push_back(nullptr);
    return;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *F = dyn_cast<FunctionDecl>(DRE->getDecl())) {
      Out.push_back(F);
      return;
    }
    const auto *Var = dyn_cast<VarDecl>(DRE->getDecl());
    if (!Var || isa<ParmVarDecl>(Var) || Var->getType()->isReferenceType()) {
      Out.push_back(nullptr);
      return;
    }
    if (const Expr *Init = Var->getInit())
      callTargets(Init, Out, Depth + 1);
    else if (Var->hasGlobalStorage())
      Out.push_back(nullptr);
    llvm::SmallVector<const Expr *, 4> Assigned;
    assignmentsTo(FD->getBody(), Var, Assigned);
    for (const Expr *RHS : Assigned)
      callTargets(RHS, Out, Depth + 1);
    return;
  }
  if (isa<CXXNullPtrLiteralExpr, GNUNullExpr, IntegerLiteral>(E))
    return; // calls nothing
  Out.push_back(nullptr);
}

/// A call through a pointer or callback: each function it may hold is
/// called with the arguments; a callable we cannot follow is a function we
/// cannot see.
Taint FunctionFlow::callThrough(SourceLocation CallLoc, const CallArgs &CA,
                                llvm::ArrayRef<const FunctionDecl *> Targets) {
  Taint R;
  bool Unknown = false;
  llvm::SmallPtrSet<const FunctionDecl *, 4> Seen;
  for (const FunctionDecl *T : Targets) {
    if (!T) {
      Unknown = true;
      continue;
    }
    if (!Seen.insert(T->getCanonicalDecl()).second)
      continue;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(T);
        MD && MD->getParent()->isLambda()) {
      // A generic lambda runs as each of its instantiations.
      llvm::SmallVector<const CXXMethodDecl *, 2> Bodies;
      if (const FunctionTemplateDecl *FT = MD->getDescribedFunctionTemplate()) {
        for (const FunctionDecl *Spec : FT->specializations())
          Bodies.push_back(cast<CXXMethodDecl>(Spec));
      } else {
        Bodies.push_back(MD);
      }
      for (const CXXMethodDecl *Body : Bodies) {
        if (!A.hasAnalyzableBody(Body) || !A.enterLambda()) {
          Unknown = true;
          continue;
        }
        R = join(R, runLambda(Body, CA, CallLoc));
      }
      continue;
    }
    if (const FunctionSink *FS = A.Catalog.functionSink(T)) {
      sinkArgs(*FS, CA, CallLoc);
      if (!A.hasAnalyzableBody(T))
        continue;
    }
    if (A.Model.isDeclassifier(T) || A.Model.isAuditSink(T))
      continue;
    if (std::optional<Tier> Declared = A.Model.declaredTier(T)) {
      R = join(R, Taint{*Declared, 0, {},
                        *Declared > Tier::unrestricted
                            ? A.sourceStep(T, *Declared)
                            : nullptr});
      continue;
    }
    if (A.hasAnalyzableBody(T)) {
      const Summary S = A.summaryOf(T);
      applySummary(S, CA, T, CallLoc);
      throwValue(bind(S.Thrown, CA), CallLoc, T);
      R = join(R, bind(S.Return, CA));
      continue;
    }
    if (!library::find(library::Role::ValueFreeResult, T))
      Unknown = true;
  }
  if (Unknown)
    for (const Taint &V : CA.Vals)
      R = join(R, V);
  return R;
}

/// A callable passed to a standard algorithm or invoker (std::for_each,
/// std::find_if, std::visit, std::invoke, std::thread, ...) is called with
/// what the other arguments hold: each of its parameters may receive each of
/// them.
void FunctionFlow::passCallbacks(SourceLocation CallLoc,
                                 const FunctionDecl *Callee,
                                 const CallArgs &CA) {
  // A member of a std class may store the callable with the data
  // (map::emplace): only the constructors of threads run it.
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee)) {
    if (!isa<CXXConstructorDecl>(MD) ||
        !library::find(library::Role::CallableRunner, MD->getParent()))
      return;
  } else if (!Callee->isInStdNamespace()) {
    return;
  }
  for (unsigned I = 0; I < CA.Args.size(); ++I) {
    QualType T = CA.Args[I]->getType().getNonReferenceType();
    const CXXRecordDecl *RD = recordOfValue(T);
    bool Callable = T->isFunctionPointerType() || T->isFunctionType() ||
                    (RD && (RD->isLambda() ||
                            library::find(library::Role::CallableWrapper, RD)));
    if (!Callable)
      continue;
    // One finding per callback: the argument of the highest tier stands for
    // the others (s.begin() and s.end() are the same data).
    std::optional<unsigned> From;
    for (unsigned J = 0; J < CA.Args.size(); ++J)
      if (J != I && !CA.Vals[J].clean() &&
          (!From || CA.Vals[J].T > CA.Vals[*From].T))
        From = J;
    if (!From)
      continue;
    llvm::SmallVector<const FunctionDecl *, 4> Targets;
    callTargets(CA.Args[I], Targets);
    for (const FunctionDecl *Target : Targets) {
      if (!Target)
        continue;
      for (unsigned P = 0; P < Target->getNumParams() && P < MaxParams; ++P) {
        CallArgs One;
        One.Args.assign(Target->getNumParams(), nullptr);
        One.Vals.assign(Target->getNumParams(), Taint());
        One.Args[P] = CA.Args[*From];
        One.Vals[P] = CA.Vals[*From];
        callThrough(CallLoc, One, Target);
      }
    }
  }
}

} // namespace tierleak
} // namespace trailguard
