//===--- Containers.cpp - tier-leak pairs, containers and dispatch --------===//
//
// What the analysis knows about the parts of library values (the halves of
// a std::pair, a map's keys and mapped values, the element an iterator
// denotes), about virtual calls, and about library algorithms that call a
// function argument.
//
//===----------------------------------------------------------------------===//

#include "tierleak/Analysis.h"
#include "LibraryModel.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace trailguard {
namespace tierleak {

namespace {

using PairFields = std::pair<const FieldDecl *, const FieldDecl *>;

bool isStd(const NamedDecl *D, llvm::StringRef Name) {
  return D && D->isInStdNamespace() && D->getIdentifier() &&
         D->getName() == Name;
}

/// `first` and `second` of a std::pair type.
std::optional<PairFields> pairFields(QualType T) {
  const CXXRecordDecl *RD = recordOfValue(T);
  if (!isStd(RD, "pair") || !RD->hasDefinition())
    return std::nullopt;
  const FieldDecl *First = nullptr, *Second = nullptr;
  for (const FieldDecl *F : RD->getDefinition()->fields()) {
    if (F->getName() == "first")
      First = F;
    else if (F->getName() == "second")
      Second = F;
  }
  if (!First || !Second)
    return std::nullopt;
  return PairFields{First, Second};
}

/// For a standard map (map, multimap, unordered_map, ...): the fields of its
/// value_type, a pair of the key and the mapped value. A map variable's
/// recorded fields `first` and `second` are all its keys and all its
/// mapped values.
std::optional<PairFields> mapFields(QualType T) {
  const CXXRecordDecl *RD = recordOfValue(T);
  if (!RD || !RD->isInStdNamespace() || !RD->hasDefinition())
    return std::nullopt;
  bool Mapped = false;
  QualType Value;
  for (const Decl *D : RD->getDefinition()->decls())
    if (const auto *TD = dyn_cast<TypedefNameDecl>(D)) {
      if (TD->getName() == "mapped_type")
        Mapped = true;
      else if (TD->getName() == "value_type")
        Value = TD->getUnderlyingType();
    }
  if (!Mapped || Value.isNull())
    return std::nullopt;
  return pairFields(Value);
}

/// The two parts of a std::pair built from them: `std::pair<A, B>(a, b)`,
/// `{a, b}`, `std::make_pair(a, b)`.
std::optional<std::pair<const Expr *, const Expr *>>
pairParts(const Expr *Src) {
  const Expr *S = skipWrappers(Src);
  if (const auto *CCE = dyn_cast<CXXConstructExpr>(S)) {
    const CXXConstructorDecl *Ctor = CCE->getConstructor();
    if (!Ctor || !pairFields(CCE->getType()))
      return std::nullopt;
    if (Ctor->isCopyOrMoveConstructor() && CCE->getNumArgs() == 1)
      return pairParts(CCE->getArg(0));
    if (CCE->getNumArgs() == 2)
      return std::make_pair(CCE->getArg(0), CCE->getArg(1));
    return std::nullopt;
  }
  if (const auto *CE = dyn_cast<CallExpr>(S);
      CE && CE->getNumArgs() == 2 &&
      library::find(library::Role::MakesPair, CE->getDirectCallee()))
    return std::make_pair(CE->getArg(0), CE->getArg(1));
  return std::nullopt;
}

/// The container or stream an output iterator argument writes into:
/// `std::back_inserter(v)`, `std::ostream_iterator<T>(os, ",")`.
const Expr *outputTarget(const Expr *Arg) {
  const Expr *S = skipWrappers(Arg);
  if (const auto *CE = dyn_cast<CallExpr>(S))
    if (CE->getNumArgs() >= 1 &&
        library::find(library::Role::OutputIterator, CE->getDirectCallee()))
      return CE->getArg(0);
  if (const auto *CCE = dyn_cast<CXXConstructExpr>(S))
    if (CCE->getNumArgs() >= 1 &&
        !CCE->getConstructor()->isCopyOrMoveConstructor() &&
        library::find(library::Role::OutputIterator,
                      recordOfValue(CCE->getType())))
      return CCE->getArg(0);
  return nullptr;
}

/// The call operators a function argument may run: a lambda's or a
/// functor's (each instantiation of a template one), or a function's.
llvm::SmallVector<const FunctionDecl *, 2> callOperators(const Expr *Arg) {
  llvm::SmallVector<const FunctionDecl *, 2> Ops;
  const Expr *S = skipWrappers(Arg);
  if (const auto *UO = dyn_cast<UnaryOperator>(S);
      UO && UO->getOpcode() == UO_AddrOf)
    S = skipWrappers(UO->getSubExpr());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (const auto *F = dyn_cast<FunctionDecl>(DRE->getDecl())) {
      Ops.push_back(F);
      return Ops;
    }
  const CXXRecordDecl *RD = recordOfValue(S->getType());
  if (!RD || !RD->hasDefinition())
    return Ops;
  for (const Decl *D : RD->getDefinition()->decls()) {
    if (const auto *M = dyn_cast<CXXMethodDecl>(D)) {
      if (M->getOverloadedOperator() == OO_Call)
        Ops.push_back(M);
    } else if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D)) {
      if (FT->getTemplatedDecl()->getOverloadedOperator() == OO_Call)
        for (const FunctionDecl *Spec : FT->specializations())
          Ops.push_back(Spec);
    }
  }
  return Ops;
}

} // namespace

const FieldDecl *mappedField(QualType T) {
  std::optional<PairFields> MF = mapFields(T);
  return MF ? MF->second : nullptr;
}

llvm::ArrayRef<const CXXMethodDecl *>
Analysis::overridersOf(const CXXMethodDecl *MD) {
  if (!Overriders) {
    Overriders.emplace();
    struct Collector : RecursiveASTVisitor<Collector> {
      llvm::DenseMap<const CXXMethodDecl *,
                     llvm::SmallVector<const CXXMethodDecl *, 2>> &Out;
      explicit Collector(decltype(Out) Out) : Out(Out) {}
      bool shouldVisitTemplateInstantiations() const { return true; }
      bool VisitCXXMethodDecl(CXXMethodDecl *M) {
        if (!M->isVirtual() || M->size_overridden_methods() == 0 ||
            M != M->getCanonicalDecl())
          return true;
        llvm::SmallVector<const CXXMethodDecl *, 4> Work(
            M->overridden_methods().begin(), M->overridden_methods().end());
        llvm::SmallPtrSet<const CXXMethodDecl *, 4> Seen;
        while (!Work.empty()) {
          const CXXMethodDecl *O = Work.pop_back_val()->getCanonicalDecl();
          if (!Seen.insert(O).second)
            continue;
          Out[O].push_back(M);
          Work.append(O->overridden_methods().begin(),
                      O->overridden_methods().end());
        }
        return true;
      }
    } C(*Overriders);
    C.TraverseDecl(Ctx.getTranslationUnitDecl());
  }
  auto It = Overriders->find(MD->getCanonicalDecl());
  if (It == Overriders->end())
    return {};
  return It->second;
}

const ValueDecl *FunctionFlow::elementOwner(const Expr *E) {
  E = skipWrappers(E);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return isa<VarDecl>(DRE->getDecl()) ? DRE->getDecl() : nullptr;
  const auto *CE = dyn_cast<CallExpr>(E);
  if (!CE)
    return nullptr;
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (!Callee || A.hasAnalyzableBody(Callee))
    return nullptr;
  // *it, it->, v[i]: the element; a map's m[k] is a mapped value, not one
  // of its elements (a key and a value).
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE)) {
    OverloadedOperatorKind K = OC->getOperator();
    if (OC->getNumArgs() == 1 && (K == OO_Star || K == OO_Arrow))
      return elementOwner(OC->getArg(0));
    if (OC->getNumArgs() == 2 && K == OO_Subscript &&
        !mapFields(OC->getArg(0)->getType()))
      return elementOwner(OC->getArg(0));
    return nullptr;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
    const CXXMethodDecl *M = MC->getMethodDecl();
    const Expr *Obj = MC->getImplicitObjectArgument();
    if (library::find(library::Role::IteratorAccess, M) ||
        (library::find(library::Role::ElementAccess, M) &&
         !mapFields(Obj->getType())))
      return elementOwner(Obj);
  }
  return nullptr;
}

bool FunctionFlow::storePair(const ValueDecl *Var, const Expr *Src,
                             SourceLocation Loc) {
  std::optional<PairFields> PF = pairFields(Var->getType());
  if (!PF)
    return false;
  auto Parts = pairParts(Src);
  if (!Parts)
    return false;
  write({Var, nullptr}, Taint(), /*Strong=*/true, Loc);
  write({Var, PF->first}, value(Parts->first), /*Strong=*/true, Loc);
  write({Var, PF->second}, value(Parts->second), /*Strong=*/true, Loc);
  return true;
}

bool FunctionFlow::returnPair(const Expr *RV) {
  std::optional<PairFields> PF = pairFields(RV->getType());
  auto Parts = pairParts(RV);
  if (!PF || !Parts)
    return false;
  Sum.ReturnFields[PF->first] =
      join(Sum.ReturnFields[PF->first], value(Parts->first));
  Sum.ReturnFields[PF->second] =
      join(Sum.ReturnFields[PF->second], value(Parts->second));
  return true;
}

Taint FunctionFlow::returnedFields(const Expr *E) {
  const auto *CE = dyn_cast<CallExpr>(skipWrappers(E));
  const FunctionDecl *Callee = CE ? CE->getDirectCallee() : nullptr;
  if (!Callee || !recordOfValue(CE->getType()) ||
      !A.hasAnalyzableBody(Callee))
    return Taint();
  const Summary S = A.summaryOf(Callee);
  if (S.ReturnFields.empty())
    return Taint();
  CallArgs CA = collectArgs(CE, Callee);
  Taint V;
  for (const auto &[F, FV] : S.ReturnFields)
    V = join(V, bind(FV, CA));
  return V;
}

std::optional<Taint> FunctionFlow::containerCall(const CallExpr *CE,
                                                 const FunctionDecl *Callee,
                                                 const CallArgs &CA) {
  if (A.hasAnalyzableBody(Callee))
    return std::nullopt;
  // std::get<0>(p), std::get<1>(p) (structured bindings of a pair too).
  if (isStd(Callee, "get") && !CA.Obj && CA.Args.size() == 1)
    if (std::optional<PairFields> PF = pairFields(CA.Args[0]->getType()))
      if (const TemplateArgumentList *TAL =
              Callee->getTemplateSpecializationArgs();
          TAL && TAL->size() > 0 &&
          TAL->get(0).getKind() == TemplateArgument::Integral) {
        uint64_t I = TAL->get(0).getAsIntegral().getZExtValue();
        if (I < 2)
          return fieldOf(CA.Args[0], I == 0 ? PF->first : PF->second);
      }
  if (!CA.Obj)
    return std::nullopt;
  const auto *MC = dyn_cast<CXXMemberCallExpr>(CE);
  const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE);
  auto TypeTier = [&](Taint V, QualType T) {
    TierSource TS = A.Model.typeTier(T);
    if (TS.T > V.T)
      V = join(V, Taint{TS.T, 0, {}, A.sourceStep(TS.Decl, TS.T, true)});
    return V;
  };

  if (std::optional<PairFields> MF = mapFields(CA.Obj->getType())) {
    std::optional<Place> P = placeOf(CA.Obj);
    bool Direct = P && P->Var && !P->Field && !P->Indirect;
    const ValueDecl *Owner = elementOwner(CA.Obj);
    // m[k] and m.at(k) are a mapped value; m[k] adds k to the keys.
    bool Subscript = OC && OC->getOperator() == OO_Subscript;
    bool At = MC && MC->getMethodDecl()->getIdentifier() &&
              MC->getMethodDecl()->getName() == "at";
    if ((Subscript || At) && CA.Args.size() == 1 && Owner) {
      if (Subscript && Direct)
        write({P->Var, MF->first}, CA.Vals[0], /*Strong=*/false,
              CE->getBeginLoc());
      return TypeTier(join(CA.ObjVal, Cur.get({Owner, MF->second})),
                      CE->getType());
    }
    // emplace(k, v), try_emplace(k, args...), insert_or_assign(k, v),
    // insert(pair), emplace(pair): keys and mapped values apart.
    if (MC && Direct &&
        library::find(library::Role::MapInsert, MC->getMethodDecl())) {
      const CXXMethodDecl *M = MC->getMethodDecl();
      llvm::StringRef Name = M->getName();
      std::optional<std::pair<Taint, Taint>> KV;
      if ((Name == "insert" || Name == "emplace") && CA.Args.size() == 1) {
        if (auto Parts = pairParts(CA.Args[0]))
          KV = {value(Parts->first), value(Parts->second)};
        else if (std::optional<PairFields> PF =
                     pairFields(CA.Args[0]->getType()))
          KV = {fieldOf(CA.Args[0], PF->first),
                fieldOf(CA.Args[0], PF->second)};
      } else if (Name == "emplace" && CA.Args.size() == 2) {
        KV = {CA.Vals[0], CA.Vals[1]};
      } else if ((Name == "try_emplace" || Name == "insert_or_assign") &&
                 CA.Args.size() >= 1 && M->getNumParams() >= 1 &&
                 A.Ctx.hasSameUnqualifiedType(
                     M->getParamDecl(0)->getType().getNonReferenceType(),
                     MF->first->getType())) {
        Taint Mapped;
        for (unsigned I = 1; I < CA.Args.size(); ++I)
          Mapped = join(Mapped, objectTaint(CA.Args[I]));
        KV = {CA.Vals[0], Mapped};
      }
      if (KV) {
        write({P->Var, MF->first}, KV->first, /*Strong=*/false,
              CE->getBeginLoc());
        write({P->Var, MF->second}, KV->second, /*Strong=*/false,
              CE->getBeginLoc());
        return CA.ObjVal;
      }
    }
  }

  // An element, or an iterator at one, of a variable whose recorded fields
  // are the elements' fields: the rest of the variable, not those fields
  // (fieldOf reads them one by one).
  // An element of a sensitive type is sensitive; an iterator, or a pair (a
  // map's element), is not by itself: its halves are typed one by one.
  if (elementOwner(CE)) {
    QualType T = CE->getType();
    if (const auto *PT = T->getAs<PointerType>())
      T = PT->getPointeeType();
    if (library::find(library::Role::IteratorAccess, Callee) || pairFields(T))
      return CA.ObjVal;
    return TypeTier(CA.ObjVal, CE->getType());
  }
  return std::nullopt;
}

std::optional<Taint> FunctionFlow::virtualCall(const CallExpr *CE,
                                               const FunctionDecl *Callee,
                                               const CallArgs &CA,
                                               bool &Complete) {
  Complete = true;
  const auto *MC = dyn_cast<CXXMemberCallExpr>(CE);
  const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
  if (!MC || !MD || !MD->isVirtual())
    return std::nullopt;
  // c.Base::f() calls Base::f.
  const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
  if (!ME || ME->hasQualifier())
    return std::nullopt;
  llvm::ArrayRef<const CXXMethodDecl *> Overriders = A.overridersOf(MD);
  if (Overriders.empty())
    return std::nullopt;
  Taint R;
  for (const CXXMethodDecl *O : Overriders) {
    if (!A.hasAnalyzableBody(O)) {
      Complete &= O->isPureVirtual();
      continue;
    }
    const Summary S = A.summaryOf(O);
    applySummary(S, CA, O, CE->getBeginLoc());
    Taint OR = bind(S.Return, CA);
    if (OR.T > Tier::unrestricted && S.Return.T > Tier::unrestricted)
      OR.Path = A.step(
          CE->getBeginLoc(),
          ("'" + displayName(O) + "' returns a " + tierName(OR.T) + " value")
              .str(),
          OR.Path);
    R = join(R, OR);
  }
  return R;
}

Taint FunctionFlow::callArguments(const CallExpr *CE,
                                  const FunctionDecl *Callee,
                                  const CallArgs &CA, llvm::ArrayRef<Taint> In,
                                  bool &ResultOfCallee) {
  ResultOfCallee = false;
  llvm::SmallVector<const Expr *, 4> Targets(CA.Args.size(), nullptr);
  bool AnyTarget = false;
  for (unsigned I = 0; I < CA.Args.size(); ++I)
    AnyTarget |= (Targets[I] = outputTarget(CA.Args[I])) != nullptr;
  const library::Rule *Calls =
      library::find(library::Role::CallsArgument, Callee);
  if (!Calls && !AnyTarget)
    return Taint();

  // What a function argument is called with: the elements of the other
  // arguments (not told apart), located at the one with the highest tier.
  llvm::SmallVector<llvm::SmallVector<const FunctionDecl *, 2>, 4> Ops(
      CA.Args.size());
  Taint Elements;
  const Expr *Carrier = nullptr;
  for (unsigned I = 0; I < CA.Args.size(); ++I) {
    if (Calls)
      Ops[I] = callOperators(CA.Args[I]);
    if (!Ops[I].empty() || Targets[I])
      continue;
    if (!Carrier || In[I].T > Elements.T)
      Carrier = CA.Args[I];
    Elements = join(Elements, In[I]);
  }

  Taint Called;
  for (unsigned I = 0; I < CA.Args.size() && Carrier; ++I) {
    for (const FunctionDecl *Op : Ops[I]) {
      CallArgs Inner;
      Inner.Synthetic = true;
      if (isa<CXXMethodDecl>(Op)) {
        Inner.Obj = CA.Args[I];
        Inner.ObjVal = In[I];
      }
      for (unsigned P = 0; P < Op->getNumParams(); ++P) {
        Inner.Args.push_back(Carrier);
        Inner.Vals.push_back(Elements);
      }
      const auto *MD = dyn_cast<CXXMethodDecl>(Op);
      if (MD && MD->getParent()->isLambda()) {
        // Run with what the captures hold now, as for a direct call.
        if (!A.hasAnalyzableBody(MD) || !A.enterLambda())
          continue;
        Summary LambdaSum;
        FunctionFlow Body(A, MD, LambdaSum);
        Body.run(&Cur);
        A.leaveLambda();
        applyParamSinks(LambdaSum, Inner, MD);
        for (const auto &[K, V] : Body.exitState().Vals) {
          const auto *Var = dyn_cast_or_null<VarDecl>(K.first);
          if (Var && Var->getDeclContext() != MD && !V.clean())
            Cur.Vals[K] = join(Cur.get(K), V);
        }
        Called = join(Called, bind(LambdaSum.Return, Inner));
      } else if (A.hasAnalyzableBody(Op)) {
        const Summary S = A.summaryOf(Op);
        applyParamSinks(S, Inner, Op);
        Called = join(Called, bind(S.Return, Inner));
      }
    }
  }
  ResultOfCallee = Calls && (Calls->Flags & library::ResultOfCallee);

  // std::copy(..., std::back_inserter(v)), std::transform(...,
  // std::ostream_iterator<T>(std::clog), f): the output gets the elements
  // and what the function argument returns.
  for (unsigned I = 0; I < CA.Args.size(); ++I) {
    if (!Targets[I])
      continue;
    Taint W = Called;
    const Expr *From = nullptr;
    for (unsigned J = 0; J < CA.Args.size(); ++J) {
      if (J == I || Targets[J] || !Ops[J].empty() || In[J].clean())
        continue;
      if (!From || In[J].T > W.T)
        From = CA.Args[J];
      W = join(W, In[J]);
    }
    writeInto(Targets[I], From ? From : CA.Args[I], W);
  }
  return Called;
}

} // namespace tierleak
} // namespace trailguard
