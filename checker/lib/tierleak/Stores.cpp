//===--- Stores.cpp - tier-leak stores and ceilings -----------------------===//
//
// Where a value is written (locals, fields, through pointers) and the
// places of a lower tier it must not reach: log sinks, annotated fields,
// variables and parameters.
//
//===----------------------------------------------------------------------===//

#include "tierleak/Analysis.h"
#include "LibraryModel.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"

#include <functional>

using namespace clang;

namespace trailguard {
namespace tierleak {

void FunctionFlow::writeInto(const Expr *Target, const Expr *Carrier,
                             Taint V, llvm::StringRef Through) {
  if (V.clean())
    return;
  bool ByMacro = false;
  std::string Sink = A.Catalog.streamSink(Target, &ByMacro);
  if (ByMacro)
    if (std::string M =
            writtenMacro(SinkCatalog::streamRoot(Target)->getBeginLoc());
        !M.empty())
      Sink = std::move(M);
  if (!Sink.empty()) {
    checkSink(Carrier ? Carrier : Target, V, Sink, Through);
    return;
  }
  if (std::optional<Place> P = placeOf(Target))
    store(*P, nullptr, V, Target->getBeginLoc(), /*Strong=*/false);
}

std::optional<FunctionFlow::Place> FunctionFlow::placeOf(const Expr *E) {
  E = skipWrappers(E);
  auto Indirect = [](std::optional<Place> P) {
    if (P)
      P->Indirect = true;
    return P;
  };
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)
      return Indirect(placeOf(UO->getSubExpr()));
    return std::nullopt;
  }
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E))
    return Indirect(placeOf(ASE->getBase()));
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (VD && !VD->hasGlobalStorage())
      return Place{VD, nullptr};
    if (VD && VD->hasGlobalStorage() && A.Model.declaredTier(VD))
      return Place{VD, nullptr}; // checked against its ceiling, not tracked
    return std::nullopt;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!F)
      return std::nullopt;
    const Expr *Base = skipWrappers(ME->getBase());
    if (isa<CXXThisExpr>(Base))
      return Place{nullptr, F};
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Base))
      if (isa<VarDecl>(DRE->getDecl()))
        return Place{DRE->getDecl(), F};
    // a.b.c = x: recorded on a.b; explicit ceilings still apply to c.
    if (std::optional<Place> P = placeOf(Base))
      return P->Field ? P : Place{P->Var, F};
    if (A.Model.declaredTier(F))
      return Place{nullptr, F};
    return std::nullopt;
  }
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
    OverloadedOperatorKind K = OC->getOperator();
    // m[k] = v writes one of a map's mapped values.
    if (K == OO_Subscript && OC->getNumArgs() == 2)
      if (const FieldDecl *Mapped = mappedField(OC->getArg(0)->getType()))
        if (std::optional<Place> P = placeOf(OC->getArg(0));
            P && P->Var && !P->Field)
          return Place{P->Var, Mapped, /*Indirect=*/true};
    if ((K == OO_Star || K == OO_Subscript || K == OO_Arrow) &&
        OC->getNumArgs() > 0)
      return Indirect(placeOf(OC->getArg(0)));
    if (K == OO_LessLess && OC->getNumArgs() == 2)
      return placeOf(OC->getArg(0)); // (oss << a) << b writes into oss
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    if (const CXXMethodDecl *M = MC->getMethodDecl();
        M && library::find(library::Role::ElementAccess, M)) {
      const Expr *Obj = MC->getImplicitObjectArgument();
      if (const FieldDecl *Mapped = mappedField(Obj->getType()))
        if (std::optional<Place> P = placeOf(Obj); P && P->Var && !P->Field)
          return Place{P->Var, Mapped, /*Indirect=*/true};
      return Indirect(placeOf(Obj));
    }
  return std::nullopt;
}

void FunctionFlow::checkCeiling(const ValueDecl *Target, const Taint &V,
                                SourceLocation Loc) {
  if (!Target)
    return;
  std::optional<Tier> Ceiling = A.Model.declaredTier(Target);
  if (!Ceiling)
    return;
  llvm::StringRef Kind = isa<FieldDecl>(Target)      ? "field"
                         : isa<ParmVarDecl>(Target) ? "parameter"
                                                    : "variable";
  std::string What = (Kind + " '" + Target->getName() + "' declared " +
                      tierName(*Ceiling))
                         .str();
  FindingNote Declared{Target->getLocation(),
                       ("'" + Target->getName() + "' is declared " +
                        tierName(*Ceiling) + " here")
                           .str()};
  if (!V.Calls.empty())
    reportLater(Loc, " stored in " + What, *Ceiling, V, {Declared});
  else if (V.T > *Ceiling)
    A.report(Loc, (tierName(V.T) + " value stored in " + What).str(), V.Path,
             {Declared});
  if (V.hasDeps())
    addSink(Sum, ParamSink{depsOf(V), *Ceiling, What, Loc, V.Path, "", {}});
}

void FunctionFlow::checkSink(const Expr *Arg, const Taint &V,
                             llvm::StringRef SinkName, llvm::StringRef Through,
                             std::vector<FindingNote> Why) {
  std::string What = ("log sink '" + SinkName + "'").str();
  // By default only unrestricted data may reach application logs; the
  // configuration may raise that (policy: log: restricted).
  Tier Ceiling = A.Opts.Cfg.LogCeiling;
  if (!V.Calls.empty()) {
    std::string Suffix = " reaches " + What;
    if (!Through.empty())
      Suffix += (" through call to '" + Through + "'").str();
    reportLater(Arg->getBeginLoc(), Suffix, Ceiling, V);
  } else if (V.T > Ceiling) {
    std::string Message = (tierName(V.T) + " value reaches " + What).str();
    if (!Through.empty())
      Message += (" through call to '" + Through + "'").str();
    A.report(Arg->getBeginLoc(), Message, V.Path, Why);
  }
  if (V.hasDeps())
    addSink(Sum, ParamSink{depsOf(V), Ceiling, What, Arg->getBeginLoc(),
                           V.Path, "", std::move(Why)});
}

void FunctionFlow::write(Key K, Taint V, bool Strong, SourceLocation Loc) {
  writeOne(K, V, Strong, Loc);
  if (Declaring)
    return;
  for (const auto &[Other, Exact] : aliasesOf(K))
    writeOne(Other, V, Strong && Exact, Loc);
}

/// The other names of \p K: the place a reference (or stable pointer) is
/// bound to, and the references bound to it. The flag says whether the
/// other name denotes exactly \p K (else a write to it is weak).
llvm::SmallVector<std::pair<Key, bool>, 2>
FunctionFlow::aliasesOf(Key K) const {
  llvm::SmallVector<std::pair<Key, bool>, 2> Out;
  if (!K.first)
    return Out;
  if (auto It = AliasOf.find(K.first); It != AliasOf.end()) {
    Key T = It->second;
    if (!K.second)
      Out.push_back({T, true});
    else if (!T.second)
      Out.push_back({Key{T.first, K.second}, true});
    else
      Out.push_back({T, false}); // r.f where r names m.g: recorded on m.g
  }
  if (auto It = AliasedBy.find(Key{K.first, nullptr}); It != AliasedBy.end())
    for (const ValueDecl *R : It->second)
      Out.push_back({Key{R, K.second}, true});
  if (K.second)
    if (auto It = AliasedBy.find(K); It != AliasedBy.end())
      for (const ValueDecl *R : It->second)
        Out.push_back({Key{R, nullptr}, true});
  return Out;
}

void FunctionFlow::registerAlias(const VarDecl *VD, const Expr *Init) {
  if (VD->hasGlobalStorage() || isa<ParmVarDecl>(VD) ||
      isa<DecompositionDecl>(VD))
    return;
  const Expr *Target = nullptr;
  QualType T = VD->getType();
  if (T->isLValueReferenceType()) {
    Target = Init;
  } else if (T->isPointerType() && StablePointers.contains(VD)) {
    if (const auto *UO = dyn_cast<UnaryOperator>(skipWrappers(Init));
        UO && UO->getOpcode() == UO_AddrOf)
      Target = UO->getSubExpr();
  }
  if (!Target)
    return;
  // Only a place named directly: `*p`, `v[i]` or a call's result is not one.
  std::optional<Place> P = placeOf(Target);
  if (!P || P->Indirect || !P->Var || P->Var == VD)
    return;
  if (const auto *TV = dyn_cast<VarDecl>(P->Var); TV && TV->hasGlobalStorage())
    return;
  Key K{P->Var, P->Field};
  if (auto It = AliasOf.find(P->Var); It != AliasOf.end() && !P->Field)
    K = It->second; // a reference to a reference names the first one's place
  if (AliasOf.try_emplace(VD, K).second)
    AliasedBy[K].push_back(VD);
}

void FunctionFlow::findStablePointers(const Stmt *Body) {
  // A pointer every use of which only reads it (`*p`, `p->f`, `f(p)`) keeps
  // the address it was initialized with.
  llvm::DenseMap<const VarDecl *, unsigned> Uses, Reads;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S)
      return;
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(S);
        ICE && ICE->getCastKind() == CK_LValueToRValue)
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(ICE->getSubExpr()->IgnoreParens()))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
          ++Reads[VD];
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
          VD && VD->getType()->isPointerType())
        ++Uses[VD];
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Body);
  for (const auto &[VD, N] : Uses)
    if (Reads.lookup(VD) == N)
      StablePointers.insert(VD);
}

void FunctionFlow::writeOne(Key K, Taint V, bool Strong, SourceLocation Loc) {
  if (!V.clean() && K.first) {
    const NamedDecl *Named =
        K.second ? static_cast<const NamedDecl *>(K.second) : K.first;
    V.Path = A.step(Loc,
                    (V.T > Tier::unrestricted ? tierName(V.T) + " value"
                                              : llvm::Twine("value"))
                            .str() +
                        " flows into '" + Named->getNameAsString() + "' here",
                    V.Path);
  }
  if (Strong) {
    Cur.Vals[K] = V;
    if (!K.second && K.first) // a whole-object store resets its fields
      for (auto &[Key2, FV] : Cur.Vals)
        if (Key2.first == K.first && Key2.second)
          FV = Taint();
  } else {
    Cur.Vals[K] = join(Cur.get(K), V);
  }
  // What a function writes into its reference/pointer parameters and into
  // `this` is part of its summary.
  if (!K.first && K.second) {
    Sum.ThisFields[K.second] = join(Sum.ThisFields[K.second], V);
  } else if (std::optional<unsigned> I = paramIndex(K.first)) {
    QualType T = K.first->getType();
    if (T->isReferenceType() || T->isPointerType())
      Sum.Out[*I] = join(Sum.Out[*I], V);
  }
}

bool FunctionFlow::copyFields(const ValueDecl *To, const Expr *Src) {
  const Expr *S = skipWrappers(Src);
  if (const auto *CCE = dyn_cast<CXXConstructExpr>(S);
      CCE && CCE->getConstructor()->isCopyOrMoveConstructor() &&
      CCE->getNumArgs() > 0)
    S = skipWrappers(CCE->getArg(0));
  if (const auto *CE = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *F = CE->getDirectCallee();
        F && library::find(library::Role::CopiesObject, F, CE->getNumArgs()))
      S = skipWrappers(CE->getArg(0));
  const ValueDecl *From = elementOwner(S);
  if (!From || !recordOfValue(S->getType()))
    return false;
  for (const auto &[F, FV] : Cur.fieldsOf(From)) {
    Cur.Vals[{To, F}] = FV;
    if (!Declaring)
      for (const auto &[Other, Exact] : aliasesOf({To, F}))
        Cur.Vals[Other] = Exact ? FV : join(Cur.get(Other), FV);
  }
  return true;
}

void FunctionFlow::store(const Place &P, const Expr *Src, Taint V,
                         SourceLocation Loc, bool Strong) {
  checkCeiling(targetDecl(P), V, Loc);
  Key K{P.Var, P.Field};
  if (P.Var && !P.Field && Src && !P.Indirect) {
    if (storePair(P.Var, Src, Loc))
      return;
    const Expr *S = skipWrappers(Src);
    if (const auto *ILE = dyn_cast<InitListExpr>(S);
        ILE && ILE->getType()->isRecordType()) {
      write(K, Taint(), /*Strong=*/true, Loc);
      initListValue(ILE, K);
      return;
    }
    if (const auto *CCE = dyn_cast<CXXConstructExpr>(S)) {
      const CXXConstructorDecl *Ctor = CCE->getConstructor();
      if (Ctor && A.hasAnalyzableBody(Ctor) &&
          !Ctor->isCopyOrMoveConstructor()) {
        write(K, Taint(), /*Strong=*/true, Loc);
        const Summary S2 = A.summaryOf(Ctor);
        CallArgs CA;
        for (unsigned I = 0; I < CCE->getNumArgs(); ++I) {
          CA.Args.push_back(CCE->getArg(I));
          CA.Vals.push_back(value(CCE->getArg(I)));
        }
        for (const auto &[F, FV] : S2.ThisFields)
          write({P.Var, F}, bind(FV, CA), true, Loc);
        return;
      }
      // Its fields hold what the constructor in another unit stores in
      // each: a method reading one field does not see the others.
      if (!V.Calls.empty() && V.Calls.back().second == SlotObject &&
          Recorded.count(CCE)) {
        uint32_t Rec = Recorded[CCE];
        write(K, Taint(), /*Strong=*/true, Loc);
        const auto &Fields = A.Calls[Rec].FieldSlots;
        for (size_t I = 0; I < Fields.size(); ++I) {
          Taint FV;
          FV.Calls.push_back({Rec, int32_t(FieldSlot + I)});
          write({P.Var, Fields[I]}, FV, /*Strong=*/true, Loc);
        }
        return;
      }
    }
    if (const auto *CE = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *Callee = CE->getDirectCallee();
      if (Callee && A.hasAnalyzableBody(Callee) &&
          recordOfValue(CE->getType())) {
        const Summary S2 = A.summaryOf(Callee);
        write(K, V, /*Strong=*/true, Loc);
        CallArgs CA = collectArgs(CE, Callee);
        for (const auto &[F, FV] : S2.ReturnFields)
          write({P.Var, F}, bind(FV, CA), true, Loc);
        return;
      }
    }
    if (Strong && recordOfValue(P.Var->getType())) {
      write(K, V, /*Strong=*/true, Loc);
      copyFields(P.Var, Src);
      return;
    }
  }
  if (!P.Var && !P.Field)
    return;
  const auto *VD = dyn_cast_or_null<VarDecl>(P.Var);
  if (VD && VD->hasGlobalStorage())
    return; // globals are checked against their ceiling, never tracked
  // Writes through a pointer or into an element update only part of it.
  write(K, V, Strong && !P.Indirect, Loc);
}

namespace {

/// The local whose storage \p E starts at: `s.begin()`, `std::begin(s)`,
/// `s.data()`, `&s[0]`, or an array `buf` itself.
const VarDecl *rangeStart(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_AddrOf) {
    const Expr *Sub = UO->getSubExpr()->IgnoreParenImpCasts();
    const Expr *Base = nullptr, *Index = nullptr;
    if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(Sub)) {
      Base = ASE->getBase();
      Index = ASE->getIdx();
    } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(Sub);
               OC && OC->getOperator() == OO_Subscript &&
               OC->getNumArgs() == 2) {
      Base = OC->getArg(0);
      Index = OC->getArg(1);
    }
    const auto *Zero = Index ? dyn_cast<IntegerLiteral>(
                                   Index->IgnoreParenImpCasts())
                             : nullptr;
    if (Base && (!Zero || Zero->getValue() != 0))
      return nullptr;
    // &s[0], or &creds for memset(&creds, 0, sizeof creds).
    E = Base ? Base->IgnoreParenImpCasts() : Sub;
  } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *M = MC->getMethodDecl();
    if (!M || !M->getIdentifier() ||
        !llvm::is_contained({"begin", "data"}, M->getName()))
      return nullptr;
    E = MC->getImplicitObjectArgument()->IgnoreParenImpCasts();
  } else if (const auto *CE = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *F = CE->getDirectCallee();
    if (!F || !F->isInStdNamespace() || !F->getIdentifier() ||
        !llvm::is_contained({"begin", "data"}, F->getName()) ||
        CE->getNumArgs() != 1)
      return nullptr;
    E = CE->getArg(0)->IgnoreParenImpCasts();
  } else if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (!DRE->getType()->isArrayType())
      return nullptr;
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
}

/// Whether \p E is `s.end()` or `std::end(s)` for \p Var.
bool isRangeEnd(const Expr *E, const VarDecl *Var) {
  E = E->IgnoreParenImpCasts();
  const Expr *Obj = nullptr;
  const FunctionDecl *F = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    F = MC->getMethodDecl();
    Obj = MC->getImplicitObjectArgument();
  } else if (const auto *CE = dyn_cast<CallExpr>(E);
             CE && CE->getNumArgs() == 1 && CE->getDirectCallee() &&
             CE->getDirectCallee()->isInStdNamespace()) {
    F = CE->getDirectCallee();
    Obj = CE->getArg(0);
  }
  if (!F || !F->getIdentifier() || F->getName() != "end")
    return false;
  const auto *DRE = dyn_cast<DeclRefExpr>(Obj->IgnoreParenImpCasts());
  return DRE && DRE->getDecl() == Var;
}

/// The size of one element of a container or string of type \p T, in
/// bytes (0 if unknown).
uint64_t elementBytes(QualType T, const ASTContext &Ctx) {
  const auto *Spec =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(recordOfValue(T));
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return 0;
  QualType E = Spec->getTemplateArgs()[0].getAsType();
  if (E->isDependentType() || E->isIncompleteType())
    return 0;
  return Ctx.getTypeSizeInChars(E).getQuantity();
}

/// Whether \p E counts all of \p Var: `s.size()`, `s.length()`, or a
/// constant equal to its size in bytes or elements (one for a non-array).
bool countsAll(const Expr *E, const VarDecl *Var, bool Bytes,
               const ASTContext &Ctx) {
  E = E->IgnoreParenImpCasts();
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *M = MC->getMethodDecl();
    const auto *DRE = dyn_cast<DeclRefExpr>(
        MC->getImplicitObjectArgument()->IgnoreParenImpCasts());
    // size() counts elements, which are bytes only in a string of char.
    return M && M->getIdentifier() &&
           llvm::is_contained({"size", "length"}, M->getName()) && DRE &&
           DRE->getDecl() == Var &&
           (!Bytes || elementBytes(Var->getType(), Ctx) == 1);
  }
  QualType T = Var->getType();
  const auto *AT = Ctx.getAsConstantArrayType(T);
  Expr::EvalResult R;
  if (T->isDependentType() || T->isIncompleteType() || E->isValueDependent() ||
      !E->EvaluateAsInt(R, Ctx))
    return false;
  uint64_t Want = Bytes ? Ctx.getTypeSizeInChars(T).getQuantity()
                  : AT  ? AT->getSize().getZExtValue()
                        : 1;
  return R.Val.getInt().getZExtValue() == Want;
}

} // namespace

/// std::fill(s.begin(), s.end(), c), std::fill_n(s.begin(), s.size(), c),
/// memset(buf, 0, sizeof buf): every element is replaced, so the object
/// holds what it was filled with and nothing of what it held before.
bool FunctionFlow::wipe(const FunctionDecl *Callee, const CallArgs &CA) {
  if (CA.Args.empty())
    return false;
  const library::Rule *Range =
      library::find(library::Role::FillsRange, Callee);
  const library::Rule *Count =
      Range ? nullptr : library::find(library::Role::FillsCount, Callee);
  if (!Range && !Count)
    return false;
  const VarDecl *Var = rangeStart(CA.Args[0]);
  if (!Var || Var->hasGlobalStorage() || Var->getType()->isReferenceType() ||
      A.Model.declaredTier(Var))
    return false;
  unsigned Extent = Range ? 1 : Count->FirstArg;
  if (Extent >= CA.Args.size())
    return false;
  if (Range ? !isRangeEnd(CA.Args[Extent], Var)
            : !countsAll(CA.Args[Extent], Var,
                         Count->Flags & library::CountsBytes, A.Ctx))
    return false;
  Taint Fill;
  for (unsigned I = 1; I < CA.Args.size(); ++I)
    if (I != Extent)
      Fill = join(Fill, CA.Vals[I]);
  write({Var, nullptr}, Fill, /*Strong=*/true, CA.Args[0]->getBeginLoc());
  return true;
}

/// a.swap(b), std::swap(a, b): each now holds what the other held.
bool FunctionFlow::swap(const FunctionDecl *Callee, const CallArgs &CA,
                        SourceLocation Loc) {
  const Expr *L = nullptr, *R = nullptr;
  if (CA.Obj && CA.Args.size() == 1) {
    L = CA.Obj;
    R = CA.Args[0];
  } else if (!CA.Obj && CA.Args.size() == 2) {
    L = CA.Args[0];
    R = CA.Args[1];
  }
  if (!L || !library::find(library::Role::Swaps, Callee, CA.Args.size()))
    return false;
  // Each side whole, fields included: the first store must not change what
  // the second one moves.
  Taint LV = objectTaint(L), RV = objectTaint(R);
  // A temporary (`std::string().swap(s)`) has no place and is dropped.
  auto Put = [&](const Expr *To, const Taint &V) {
    std::optional<Place> P = placeOf(To);
    if (!P)
      return;
    const auto *VD = dyn_cast_or_null<VarDecl>(P->Var);
    bool Strong = !P->Indirect && !P->Field && VD && !VD->hasGlobalStorage() &&
                  !VD->getType()->isReferenceType();
    store(*P, nullptr, V, Loc, Strong);
  };
  Put(L, RV);
  Put(R, LV);
  return true;
}

/// `T t = std::move(s)`, `t = std::move(s)`, `take(std::move(s))` with a
/// by-value parameter: a string or container moved out of is empty after.
void FunctionFlow::emptyMovedFrom(const Expr *Arg) {
  const auto *CE = dyn_cast<CallExpr>(skipWrappers(Arg));
  const FunctionDecl *F = CE ? CE->getDirectCallee() : nullptr;
  if (!F || !F->isInStdNamespace() || !F->getIdentifier() ||
      F->getName() != "move" || CE->getNumArgs() != 1)
    return;
  const auto *DRE = dyn_cast<DeclRefExpr>(CE->getArg(0)->IgnoreParenImpCasts());
  const auto *Var = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!Var || Var->hasGlobalStorage() || Var->getType()->isReferenceType() ||
      A.Model.declaredTier(Var) ||
      !library::find(library::Role::EmptiedByMove,
                     recordOfValue(Var->getType())))
    return;
  write({Var, nullptr}, Taint(), /*Strong=*/true, CE->getBeginLoc());
}

} // namespace tierleak
} // namespace trailguard
