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
#include "clang/AST/ExprCXX.h"

#include <functional>

using namespace clang;

namespace trailguard {
namespace tierleak {

void FunctionFlow::writeInto(const Expr *Target, const Expr *Carrier,
                             Taint V, llvm::StringRef Through) {
  if (V.clean())
    return;
  std::string Sink = A.Catalog.streamSink(Target);
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
  if (V.T > *Ceiling)
    A.report(Loc, (tierName(V.T) + " value stored in " + What).str(), V.Path,
             {FindingNote{Target->getLocation(),
                          ("'" + Target->getName() + "' is declared " +
                           tierName(*Ceiling) + " here")
                              .str()}});
  if (V.hasDeps())
    addSink(Sum, ParamSink{depsOf(V), *Ceiling, What, Loc, V.Path, "", {}});
}

void FunctionFlow::checkSink(const Expr *Arg, const Taint &V,
                             llvm::StringRef SinkName,
                             llvm::StringRef Through) {
  std::string What = ("log sink '" + SinkName + "'").str();
  // By default only unrestricted data may reach application logs; the
  // configuration may raise that (policy: log: restricted).
  Tier Ceiling = A.Opts.Cfg.LogCeiling;
  if (V.T > Ceiling) {
    std::string Message = (tierName(V.T) + " value reaches " + What).str();
    if (!Through.empty())
      Message += (" through call to '" + Through + "'").str();
    A.report(Arg->getBeginLoc(), Message, V.Path);
  }
  if (V.hasDeps())
    addSink(Sum, ParamSink{depsOf(V), Ceiling, What,
                                  Arg->getBeginLoc(), V.Path, "", {}});
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

} // namespace tierleak
} // namespace trailguard
