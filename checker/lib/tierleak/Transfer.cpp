//===--- Transfer.cpp - tier-leak transfer functions ----------------------===//
//
// How each statement and expression of a function body moves tiers: the
// worklist over Clang's CFG and the value of every expression.
//
//===----------------------------------------------------------------------===//

#include "tierleak/Analysis.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/FlowSensitive/DataflowWorklist.h"

using namespace clang;

namespace trailguard {
namespace tierleak {

namespace {

bool containsTry(const Stmt *S) {
  if (!S)
    return false;
  if (isa<CXXTryStmt>(S))
    return true;
  for (const Stmt *Child : S->children())
    if (!isa_and_nonnull<LambdaExpr>(Child) && containsTry(Child))
      return true;
  return false;
}

} // namespace

void FunctionFlow::run(const State *Seed) {
  const Stmt *Body = FD->getBody();
  if (!Body)
    return;
  CFG::BuildOptions Opts;
  Opts.AddInitializers = true;
  Opts.AddCXXDefaultInitExprInCtors = true;
  Opts.setAllAlwaysAdd();
  // A call in a try block may leave it for a handler: the CFG says so only
  // with exceptional edges, which the many functions without a try do not
  // need (what they throw escapes them).
  HasTry = containsTry(Body);
  Opts.AddEHEdges = HasTry;
  std::unique_ptr<CFG> G =
      CFG::buildCFG(FD, const_cast<Stmt *>(Body), &A.Ctx, Opts);
  if (!G)
    return;

  unsigned NumParams = std::min<unsigned>(FD->getNumParams(), MaxParams);
  Sum.Out.resize(NumParams);
  State Entry;
  if (Seed)
    Entry = *Seed;
  for (unsigned I = 0; I < NumParams; ++I) {
    const ParmVarDecl *P = FD->getParamDecl(I);
    ParamIndex[P] = I;
    Entry.Vals[{P, nullptr}] = Taint{Tier::unrestricted, uint64_t(1) << I};
  }

  findStablePointers(Body);

  // The CFG gives a constructor no exceptional edge (a call has one): what
  // a block throws with no edge to take goes to the handlers of the try
  // whose body holds the block, or out of the function.
  llvm::DenseMap<const CXXTryStmt *, const CFGBlock *> Dispatch;
  std::optional<ParentMap> Parents;
  if (HasTry) {
    for (const CFGBlock *B : *G)
      if (const auto *Try =
              dyn_cast_or_null<CXXTryStmt>(B->getTerminatorStmt()))
        Dispatch[Try] = B;
    Parents.emplace(const_cast<Stmt *>(Body));
  }
  auto EnclosingDispatch = [&](const Stmt *S) -> const CFGBlock * {
    for (const Stmt *Child = S, *P = Parents->getParent(S); P;
         Child = P, P = Parents->getParent(P))
      if (const auto *Try = dyn_cast<CXXTryStmt>(P);
          Try && Child == Try->getTryBlock())
        return Dispatch.lookup(Try);
    return nullptr;
  };

  PostOrderCFGView POV(G.get());
  ForwardDataflowWorklist W(*G, &POV);
  std::vector<std::optional<State>> In(G->getNumBlockIDs());
  In[G->getEntry().getBlockID()] = std::move(Entry);
  W.enqueueBlock(&G->getEntry());

  while (const CFGBlock *B = W.dequeue()) {
    Cur = *In[B->getBlockID()];
    Thrown = Taint();
    // Which statements threw what: a block may hold statements before a
    // try and the first ones of its body.
    llvm::SmallVector<std::pair<const Stmt *, Taint>, 2> Throws;
    for (const CFGElement &E : *B) {
      if (std::optional<CFGStmt> S = E.getAs<CFGStmt>()) {
        Taint Before = HasTry ? Thrown : Taint();
        transfer(S->getStmt());
        if (HasTry && !Thrown.sameAs(Before))
          Throws.emplace_back(S->getStmt(), Thrown);
      } else if (std::optional<CFGInitializer> I =
                     E.getAs<CFGInitializer>()) {
        transferInitializer(I->getInitializer());
      }
    }
    if (B == &G->getExit())
      Exit = Cur;
    // Cur, with \p T in flight.
    auto Throwing = [&](const Taint &T) {
      State Edge = Cur;
      Edge.Vals[thrownKey()] = join(Edge.get(thrownKey()), T);
      return Edge;
    };
    auto Propagate = [&](const CFGBlock *Succ, const State &Out) {
      std::optional<State> &S = In[Succ->getBlockID()];
      if (!S) {
        S = Out;
        W.enqueueBlock(Succ);
      } else if (S->joinWith(Out)) {
        W.enqueueBlock(Succ);
      }
    };
    // What this block throws goes to the handlers of the enclosing try
    // (the CFG's exceptional edges, from calls and throws), or out of the
    // function.
    bool Caught = false;
    for (const CFGBlock *Succ : B->succs()) {
      if (!Succ)
        continue;
      State Edge;
      const State *Out = &Cur;
      if (!Thrown.clean() &&
          isa_and_nonnull<CXXTryStmt>(Succ->getTerminatorStmt())) {
        Edge = Throwing(Thrown);
        Out = &Edge;
        Caught = true;
      }
      Propagate(Succ, *Out);
    }
    if (!Caught)
      for (const auto &[S, T] : Throws) {
        if (const CFGBlock *D = EnclosingDispatch(S)) {
          Propagate(D, Throwing(T));
        } else {
          Sum.Thrown = join(Sum.Thrown, T);
        }
      }
  }
  if (HasTry)
    Sum.Thrown = join(Sum.Thrown, Exit.get(thrownKey()));
  // An exception cannot leave a noexcept function (std::terminate).
  if (const auto *FPT = FD->getType()->getAs<FunctionProtoType>();
      FPT && FPT->isNothrow())
    Sum.Thrown = Taint();
}

/// A throw in this block (or a call that may throw): with a try in the
/// function, it follows the exceptional edges; without one, it escapes.
void FunctionFlow::throwValue(Taint V, SourceLocation Loc,
                              const FunctionDecl *Callee) {
  if (V.clean())
    return;
  if (V.T > Tier::unrestricted)
    V.Path = A.step(Loc,
                    Callee ? ("'" + displayName(Callee) + "' throws a " +
                              tierName(V.T) + " value")
                                 .str()
                           : (tierName(V.T) + " value is thrown here").str(),
                    V.Path);
  if (HasTry)
    Thrown = join(Thrown, V);
  else
    Sum.Thrown = join(Sum.Thrown, V);
}

/// A handler's variable holds the exception in flight, which is no longer
/// in flight; `throw;` in the handler throws it again.
void FunctionFlow::enterHandler(const CXXCatchStmt *CS) {
  Taint V = Cur.get(thrownKey());
  Cur.Vals[{nullptr, nullptr}] = V;
  if (const VarDecl *Var = CS->getExceptionDecl())
    write({Var, nullptr}, V, /*Strong=*/true, Var->getLocation());
  Cur.Vals[thrownKey()] = Taint();
}

void FunctionFlow::transfer(const Stmt *S) {
  if (const auto *E = dyn_cast<Expr>(S)) {
    Vals[E] = compute(E);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls()) {
      const auto *VD = dyn_cast<VarDecl>(D);
      if (!VD || !VD->getInit())
        continue;
      const Expr *Init = VD->getInit();
      Taint IV = value(Init);
      // Initializing a reference binds it; it writes nothing into what it
      // is bound to.
      Declaring = true;
      store(Place{VD, nullptr}, Init, IV, VD->getLocation(), /*Strong=*/true);
      Declaring = false;
      registerAlias(VD, Init);
    }
    return;
  }
  if (const auto *CS = dyn_cast<CXXCatchStmt>(S)) {
    enterHandler(CS);
    return;
  }
  if (const auto *RS = dyn_cast<ReturnStmt>(S)) {
    const Expr *RV = RS->getRetValue();
    if (!RV)
      return;
    Taint V = value(RV);
    if (!V.clean() && V.T > Tier::unrestricted)
      V.Path = A.step(RV->getBeginLoc(),
                      (tierName(V.T) + " value is returned here").str(),
                      V.Path);
    // A returned pair of parts: the parts are its fields.
    if (returnPair(RV))
      return;
    Sum.Return = join(Sum.Return, V);
    // Returning a local record keeps its per-field tiers apart.
    if (const auto *DRE = dyn_cast<DeclRefExpr>(skipWrappers(RV)))
      for (const auto &[F, FV] : Cur.fieldsOf(DRE->getDecl()))
        Sum.ReturnFields[F] = join(Sum.ReturnFields[F], FV);
    return;
  }
}

void FunctionFlow::transferInitializer(const CXXCtorInitializer *Init) {
  const FieldDecl *F = Init->getMember();
  if (!F || !Init->getInit())
    return;
  store(Place{nullptr, F}, Init->getInit(), value(Init->getInit()),
        Init->getSourceLocation(), /*Strong=*/true);
}

Taint FunctionFlow::value(const Expr *E) {
  auto It = Vals.find(E);
  if (It != Vals.end())
    return It->second;
  return compute(E);
}

Taint FunctionFlow::compute(const Expr *E) {
  Taint V = computeImpl(E);
  // Booleans (comparisons, empty(), predicates) carry no tier.
  QualType T = E->getType();
  if (!T.isNull() && T->isBooleanType())
    return Taint();
  return V;
}

Taint FunctionFlow::computeImpl(const Expr *E) {
  if (isa<StringLiteral, IntegerLiteral, CharacterLiteral, FloatingLiteral,
          CXXBoolLiteralExpr, CXXNullPtrLiteralExpr, UnaryExprOrTypeTraitExpr,
          GNUNullExpr, ImplicitValueInitExpr, CXXScalarValueInitExpr,
          SizeOfPackExpr, ObjCStringLiteral>(E))
    return Taint();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return declRefValue(DRE);
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return memberValue(ME);
  if (const auto *CE = dyn_cast<CallExpr>(E))
    return callValue(CE);
  if (const auto *CCE = dyn_cast<CXXConstructExpr>(E))
    return constructValue(CCE);
  if (const auto *ILE = dyn_cast<InitListExpr>(E))
    return initListValue(ILE, std::nullopt);
  if (const auto *LE = dyn_cast<LambdaExpr>(E))
    return lambdaValue(LE);
  if (isa<CXXThisExpr>(E))
    return Taint{Tier::unrestricted, uint64_t(1) << ThisBit};
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E))
    return join(value(CO->getTrueExpr()), value(CO->getFalseExpr()));
  if (const auto *DA = dyn_cast<CXXDefaultArgExpr>(E))
    return value(DA->getExpr());
  if (const auto *DI = dyn_cast<CXXDefaultInitExpr>(E))
    return value(DI->getExpr());
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_LNot)
      return Taint();
    return value(UO->getSubExpr());
  }
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
    Taint V = value(ASE->getBase());
    TierSource TS = A.Model.typeTier(ASE->getBase()->getType());
    if (TS.T > V.T)
      V = join(V, Taint{TS.T, 0, {}, A.sourceStep(TS.Decl, TS.T, true)});
    return V;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->isComparisonOp() || BO->isLogicalOp())
      return Taint();
    if (BO->getOpcode() == BO_Comma)
      return value(BO->getRHS());
    if (BO->isAssignmentOp()) {
      Taint R = value(BO->getRHS());
      if (BO->isCompoundAssignmentOp())
        R = join(R, value(BO->getLHS()));
      if (std::optional<Place> P = placeOf(BO->getLHS()))
        store(*P, BO->getRHS(), R, BO->getOperatorLoc(),
              /*Strong=*/!BO->isCompoundAssignmentOp());
      return R;
    }
    return join(value(BO->getLHS()), value(BO->getRHS()));
  }
  if (const auto *TE = dyn_cast<CXXThrowExpr>(E)) {
    // `throw;` throws again what the enclosing handler caught.
    throwValue(TE->getSubExpr() ? objectTaint(TE->getSubExpr())
                                : Cur.get({nullptr, nullptr}),
               TE->getThrowLoc());
    return Taint();
  }
  if (const auto *NE = dyn_cast<CXXNewExpr>(E)) {
    if (const Expr *Init = NE->getInitializer())
      return value(Init);
    return Taint();
  }
  // Casts, parens, temporaries, cleanups and whatever else wraps a value
  // carry the tier of what they wrap.
  Taint V;
  for (const Stmt *Child : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(Child))
      V = join(V, value(CE));
  // A value of a sensitive type converted to its unannotated base (a
  // TG_SENSITIVE subclass of std::string bound to `const std::string &`, or
  // sliced into a copy) is still that value.
  if (const auto *Cast = dyn_cast<CastExpr>(E);
      Cast && (Cast->getCastKind() == CK_DerivedToBase ||
               Cast->getCastKind() == CK_UncheckedDerivedToBase)) {
    TierSource TS = A.Model.typeTier(Cast->getSubExpr()->getType());
    if (TS.T > V.T)
      V = join(V, Taint{TS.T, 0, {}, A.sourceStep(TS.Decl, TS.T, true)});
  }
  return V;
}

Taint FunctionFlow::declRefValue(const DeclRefExpr *DRE) {
  const ValueDecl *D = DRE->getDecl();
  if (!isa<VarDecl, BindingDecl>(D))
    return Taint();
  // auto [a, b] = s: a binding is the member (or get<>) it names.
  // For a tuple-like type (std::pair) it names a holding variable
  // initialized by get<I>(e).
  if (const auto *BD = dyn_cast<BindingDecl>(D)) {
    if (const VarDecl *Holding = BD->getHoldingVar();
        Holding && Holding->getInit())
      return value(Holding->getInit());
    if (const Expr *Binding = BD->getBinding())
      return value(Binding);
  }
  // An explicit tier is both the source and the ceiling of what is read.
  if (std::optional<Tier> T = A.Model.declaredTier(D))
    return Taint{*T, 0, {}, *T > Tier::unrestricted ? A.sourceStep(D, *T) : nullptr};
  return Cur.get({D, nullptr});
}

Taint FunctionFlow::fieldState(const Expr *Base, const FieldDecl *F) {
  const Expr *B = skipWrappers(Base);
  if (isa<CXXThisExpr>(B))
    return Cur.get({nullptr, F});
  if (const auto *DRE = dyn_cast<DeclRefExpr>(B))
    return Cur.get({DRE->getDecl(), F});
  if (const ValueDecl *Owner = elementOwner(B))
    return Cur.get({Owner, F});
  if (const auto *CE = dyn_cast<CallExpr>(B)) {
    const FunctionDecl *Callee = CE->getDirectCallee();
    if (Callee && A.hasAnalyzableBody(Callee)) {
      const Summary S = A.summaryOf(Callee);
      auto It = S.ReturnFields.find(F);
      if (It != S.ReturnFields.end())
        return bind(It->second, collectArgs(CE, Callee));
    }
  }
  return Taint();
}

/// The value of field \p F of the object \p Base denotes. A field of one of
/// our parameters (or of `this`) that this function did not write is a
/// dependency on the caller's argument, so summaries stay field-precise.
Taint FunctionFlow::fieldOf(const Expr *Base, const FieldDecl *F) {
  const Expr *B = skipWrappers(Base);
  Taint V;
  std::optional<unsigned> Param;
  if (isa<CXXThisExpr>(B)) {
    if (isa<CXXMethodDecl>(FD))
      Param = ThisBit;
  } else if (const auto *DRE = dyn_cast<DeclRefExpr>(B)) {
    Param = paramIndex(DRE->getDecl());
  }
  if (Param) {
    const ValueDecl *Var =
        *Param == ThisBit ? nullptr : cast<DeclRefExpr>(B)->getDecl();
    V = Cur.get({Var, F});
    Taint Whole = Var ? Cur.get({Var, nullptr})
                      : Taint{Tier::unrestricted, uint64_t(1) << ThisBit};
    uint64_t Bit = uint64_t(1) << *Param;
    if (Whole.Params & Bit) {
      Whole.Params &= ~Bit;
      Whole.Fields.push_back({*Param, F});
    }
    V = join(V, Whole);
  } else {
    V = join(fieldState(Base, F), value(Base));
  }
  // Every part of a value of a sensitive type is sensitive. The halves of
  // a pair (a map's key and value) each have their own type.
  const CXXRecordDecl *BaseRD = recordOfValue(Base->getType());
  if (!BaseRD)
    if (const auto *PT = Base->getType()->getAs<PointerType>())
      BaseRD = PT->getPointeeType()->getAsCXXRecordDecl();
  bool Pair = BaseRD && BaseRD->isInStdNamespace() && BaseRD->getIdentifier() &&
              BaseRD->getName() == "pair";
  TierSource TS = A.Model.typeTier(Pair ? F->getType() : Base->getType());
  if (TS.T > V.T)
    V = join(V, Taint{TS.T, 0, {}, A.sourceStep(TS.Decl, TS.T, true)});
  return V;
}

Taint FunctionFlow::memberValue(const MemberExpr *ME) {
  const ValueDecl *Member = ME->getMemberDecl();
  if (const auto *F = dyn_cast<FieldDecl>(Member)) {
    if (std::optional<Tier> T = A.Model.declaredTier(F))
      return Taint{*T, 0, {},
                   *T > Tier::unrestricted ? A.sourceStep(F, *T) : nullptr};
    return fieldOf(ME->getBase(), F);
  }
  if (const auto *VD = dyn_cast<VarDecl>(Member)) {
    if (std::optional<Tier> T = A.Model.declaredTier(VD))
      return Taint{*T, 0, {},
                   *T > Tier::unrestricted ? A.sourceStep(VD, *T) : nullptr};
    return Taint();
  }
  return value(ME->getBase());
}

/// The tier an object has when a function we cannot see consumes it whole:
/// what flowed into it, what its type says, and what was stored in its
/// fields.
Taint FunctionFlow::objectTaint(const Expr *E) {
  Taint V = value(E);
  QualType T = E->getType();
  const CXXRecordDecl *RD = recordOfValue(T);
  if (!RD || A.Catalog.isStringLike(RD))
    return V;
  TierSource TS = A.Model.typeTier(T);
  if (TS.T > V.T)
    V = join(V, Taint{TS.T, 0, {}, A.sourceStep(TS.Decl, TS.T, true)});
  if (const ValueDecl *Owner = elementOwner(E))
    for (const auto &[F, FV] : Cur.fieldsOf(Owner))
      V = join(V, FV);
  return join(V, returnedFields(E));
}

/// The tier of what a formatter prints for \p Arg: for an object, what its
/// fmt::formatter or operator<< really emits; without a visible formatter,
/// everything the object contains.
Taint FunctionFlow::formattedTaint(const Expr *Arg) {
  const CXXRecordDecl *RD = recordOfValue(Arg->getType());
  if (!RD || A.Catalog.isStringLike(RD) || !RD->hasDefinition())
    return value(Arg);
  auto Apply = [&](const FunctionDecl *Fmt, bool Stream) {
    const Summary S = A.summaryOf(Fmt);
    Taint Written = Stream ? Taint() : S.Return;
    for (const Taint &O : S.Out)
      Written = join(Written, O);
    // operator<<(stream, obj) takes the object second, format(obj, ctx) first.
    CallArgs CA;
    if (Stream)
      CA.Args.push_back(nullptr);
    CA.Args.push_back(Arg);
    Taint Result = bind(Written, CA);
    if (Result.T > Tier::unrestricted)
      Result.Path = A.step(Arg->getBeginLoc(),
                           ("formatted by '" + qualifiedName(Fmt) +
                            "', which prints a " + tierName(Result.T) +
                            " value")
                               .str(),
                           Result.Path);
    return Result;
  };
  if (const FunctionDecl *Fmt = A.fmtFormatMethod(RD))
    return Apply(Fmt, /*Stream=*/false);
  if (const FunctionDecl *Op = A.streamOperator(RD))
    return Apply(Op, /*Stream=*/true);
  Taint V = argValue(Arg, /*Whole=*/true);
  TierSource TS = A.Model.contentTier(Arg->getType());
  if (TS.T > V.T)
    V = join(V, Taint{TS.T, 0, {}, A.sourceStep(TS.Decl, TS.T)});
  return V;
}

Taint FunctionFlow::constructValue(const CXXConstructExpr *CCE) {
  const CXXConstructorDecl *Ctor = CCE->getConstructor();
  Taint V;
  llvm::SmallVector<Taint, 8> ArgVals;
  for (const Expr *Arg : CCE->arguments())
    ArgVals.push_back(objectTaint(Arg));
  // A constructor parameter with an explicit tier (a generated event's
  // required field) is a ceiling for its argument, as for any call.
  if (Ctor)
    for (unsigned I = 0; I < CCE->getNumArgs() && I < Ctor->getNumParams(); ++I)
      checkCeiling(Ctor->getParamDecl(I), value(CCE->getArg(I)),
                   CCE->getArg(I)->getBeginLoc());
  if (Ctor && A.hasAnalyzableBody(Ctor) && !Ctor->isCopyOrMoveConstructor()) {
    const Summary S = A.summaryOf(Ctor);
    CallArgs CA;
    for (unsigned I = 0; I < CCE->getNumArgs(); ++I) {
      CA.Args.push_back(CCE->getArg(I));
      CA.Vals.push_back(value(CCE->getArg(I)));
    }
    applyParamSinks(S, CA, Ctor);
    throwValue(bind(S.Thrown, CA), CCE->getBeginLoc(), Ctor);
    for (const auto &[F, FV] : S.ThisFields)
      V = join(V, bind(FV, CA));
    return V;
  }
  // std::thread(worker, arg): the worker runs on the arguments.
  if (Ctor && !A.hasAnalyzableBody(Ctor) && !Ctor->isCopyOrMoveConstructor()) {
    CallArgs CA;
    for (unsigned I = 0; I < CCE->getNumArgs(); ++I) {
      CA.Args.push_back(CCE->getArg(I));
      CA.Vals.push_back(value(CCE->getArg(I)));
    }
    passCallbacks(CCE->getBeginLoc(), Ctor, CA);
  }
  // A copy is what it copies (its fields are copied by the store).
  if (Ctor && Ctor->isCopyOrMoveConstructor() && CCE->getNumArgs() > 0) {
    Taint Copied = value(CCE->getArg(0));
    if (Ctor->isMoveConstructor())
      emptyMovedFrom(CCE->getArg(0));
    return Copied;
  }
  for (const Taint &T : ArgVals)
    V = join(V, T);
  // Defined in another translation unit: the object holds what that
  // constructor stores, which the whole program decides.
  if (std::optional<uint32_t> K = recordConstruction(CCE, V)) {
    throwValue(callSlot(*K, SlotThrown), CCE->getBeginLoc(), Ctor);
    return callSlot(*K, SlotObject);
  }
  return V;
}

Taint FunctionFlow::initListValue(const InitListExpr *ILE,
                                  std::optional<Key> Into) {
  const InitListExpr *Sem = ILE->isSemanticForm() ? ILE : ILE->getSemanticForm();
  if (!Sem)
    Sem = ILE;
  Taint V;
  const RecordDecl *RD = Sem->getType()->getAsRecordDecl();
  if (RD && !RD->isUnion() && RD->getDefinition()) {
    unsigned I = 0;
    // Bases come first in the initializer list of an aggregate.
    if (const auto *CRD = dyn_cast<CXXRecordDecl>(RD->getDefinition()))
      I = CRD->getNumBases();
    for (const FieldDecl *F : RD->getDefinition()->fields()) {
      if (I >= Sem->getNumInits())
        break;
      const Expr *Init = Sem->getInit(I++);
      Taint FV = value(Init);
      checkCeiling(F, FV, Init->getBeginLoc());
      if (Into)
        write({Into->first, F}, FV, /*Strong=*/true, Init->getBeginLoc());
      else
        V = join(V, FV);
    }
    return V;
  }
  for (const Expr *Init : Sem->inits())
    V = join(V, value(Init));
  return V;
}

Taint FunctionFlow::lambdaValue(const LambdaExpr *LE) {
  Taint V;
  State Seed = Cur;
  auto Init = LE->capture_init_begin();
  for (const LambdaCapture &C : LE->captures()) {
    const Expr *InitE = Init != LE->capture_init_end() ? *Init++ : nullptr;
    if (!InitE)
      continue;
    Taint CV = value(InitE);
    V = join(V, CV);
    // An init-capture holds the value it was initialized with wherever the
    // lambda is later called.
    if (C.capturesVariable())
      if (const auto *Var = dyn_cast<VarDecl>(C.getCapturedVar());
          Var && Var->isInitCapture()) {
        Seed.Vals[{Var, nullptr}] = CV;
        Cur.Vals[{Var, nullptr}] = CV;
      }
  }
  // The body runs with what the captures hold here.
  if (const CXXMethodDecl *Op = LE->getCallOperator();
      Op && Op->hasBody() && !Op->isDependentContext() && A.enterLambda()) {
    Summary LambdaSum;
    FunctionFlow Body(A, Op, LambdaSum);
    Body.run(&Seed);
    A.leaveLambda();
  }
  return V;
}

} // namespace tierleak
} // namespace trailguard
