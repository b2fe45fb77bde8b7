//===--- Calls.cpp - tier-leak calls --------------------------------------===//
//
// What a call does to tiers: log sinks and the library model for functions
// we cannot see, summaries bound to the arguments for those we can.
//
//===----------------------------------------------------------------------===//

#include "tierleak/Analysis.h"
#include "LibraryModel.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/Builtins.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace trailguard {
namespace tierleak {

namespace {

/// By the naming convention of C code (sdslen, objlen, buffer_size,
/// item_count): an integer result of a function named like a length or a
/// count is one.
bool isNamedLikeALength(const FunctionDecl *FD) {
  if (!FD->getIdentifier() || !FD->getReturnType()->isIntegerType() ||
      FD->getReturnType()->isBooleanType())
    return false;
  std::string Name = FD->getName().lower();
  llvm::StringRef N(Name);
  return N.ends_with("len") || N.ends_with("length") || N.ends_with("size") ||
         N.ends_with("count");
}

/// The parameter of a function template's pattern that instantiation
/// parameter \p I comes from (a pack covers several).
const ParmVarDecl *patternParam(const FunctionDecl *Callee, unsigned I) {
  const FunctionTemplateDecl *Primary = Callee->getPrimaryTemplate();
  if (!Primary)
    return nullptr;
  const FunctionDecl *Pattern = Primary->getTemplatedDecl();
  unsigned NumPattern = Pattern->getNumParams();
  unsigned Inst = 0;
  for (unsigned P = 0; P < NumPattern; ++P) {
    const ParmVarDecl *PD = Pattern->getParamDecl(P);
    unsigned Width = 1;
    if (PD->isParameterPack())
      Width = Callee->getNumParams() + 1 - NumPattern;
    if (I < Inst + Width)
      return PD;
    Inst += Width;
  }
  return nullptr;
}

/// The log sink class a call writes into and the first argument it logs:
/// `dbg << x` (a member or a free operator<<) and `dbg.write(p, n)` where
/// dbg is of a sink class (SinkCatalog::classSink). Constructors,
/// destructors, assignments and const members write nothing to the log.
std::pair<std::string, unsigned> classSinkCall(SinkCatalog &Catalog,
                                               const CallExpr *CE,
                                               const FunctionDecl *Callee,
                                               const Expr *Obj) {
  const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE);
  if (Obj) {
    const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
    if (!MD || MD->isConst() ||
        isa<CXXConstructorDecl, CXXDestructorDecl>(MD) ||
        MD->isCopyAssignmentOperator() || MD->isMoveAssignmentOperator())
      return {"", 0};
    return {Catalog.classSink(Obj), 0};
  }
  if (OC && OC->getOperator() == OO_LessLess && OC->getNumArgs() == 2)
    return {Catalog.classSink(OC->getArg(0)), 1};
  return {"", 0};
}

/// A pointer to a struct this translation unit never defines (a
/// connection, a context): the program can only hand it back to the library
/// that made it, so it is an identity, not a copy of the data passed when it
/// was made or configured.
bool isOpaqueHandle(QualType T) {
  const auto *PT = T.getNonReferenceType()->getAs<PointerType>();
  if (!PT)
    return false;
  const auto *RT = PT->getPointeeType()->getAs<RecordType>();
  return RT && !RT->isDependentType() && !RT->getDecl()->getDefinition();
}

/// Whether argument \p I of a call to \p Callee is a handle of the
/// library that declares it: a pointer to a struct (MYSQL *, SSL *) that
/// the caller holds, rather than the address of its own object for the
/// library to fill (`&out`). What goes in with a handle (a query that
/// holds a secret) is not in what the library later returns through it
/// (the result rows, its error string); the struct being complete in the
/// library's header does not make it the caller's.
bool isLibraryHandle(const FunctionDecl *Callee, unsigned I, const Expr *Arg) {
  const SourceManager &SM = Callee->getASTContext().getSourceManager();
  if (I >= Callee->getNumParams() ||
      !SM.isInSystemHeader(SM.getFileLoc(Callee->getLocation())))
    return false;
  const auto *PT =
      Callee->getParamDecl(I)->getType().getNonReferenceType()->getAs<PointerType>();
  if (!PT || !PT->getPointeeType()->getAs<RecordType>())
    return false;
  const Expr *E = Arg->IgnoreParenImpCasts();
  const auto *UO = dyn_cast<UnaryOperator>(E);
  return !(UO && UO->getOpcode() == UO_AddrOf);
}

bool isVaStart(const FunctionDecl *F) {
  unsigned ID = F->getBuiltinID();
  return ID == Builtin::BI__builtin_va_start || ID == Builtin::BI__va_start;
}

} // namespace

std::string FunctionFlow::writtenMacro(SourceLocation Loc) {
  // The outermost macro whose definition holds the call: DCHECK_EQ rather
  // than the CHECK_EQ, CHECK_OP and CHECK_OP_LOG it expands through. A call
  // written in a macro's argument (`ASSERT_OK(SPDLOG_INFO(...))`) is not
  // that macro's.
  std::string Name;
  while (Loc.isMacroID()) {
    if (!A.SM.isMacroArgExpansion(Loc))
      Name = Lexer::getImmediateMacroName(Loc, A.SM, A.Ctx.getLangOpts()).str();
    Loc = A.SM.getImmediateMacroCallerLoc(Loc);
  }
  return Name;
}

const CXXRecordDecl *recordOfValue(QualType T) {
  return T.getNonReferenceType()->getAsCXXRecordDecl();
}

/// How a function is named in diagnostics: qualified, and a lambda by its
/// call operator rather than by its enclosing function's mangled scope.
std::string displayName(const FunctionDecl *FD) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda())
      return "lambda operator()";
  return qualifiedName(FD);
}

/// Functions whose results carry no information about the contents: sizes,

FunctionFlow::CallArgs FunctionFlow::collectArgs(const CallExpr *CE,
                                                 const FunctionDecl *Callee) {
  CallArgs CA;
  unsigned First = 0;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
    CA.Obj = MC->getImplicitObjectArgument();
  } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE)) {
    if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Callee);
        MD && MD->isInstance() && OC->getNumArgs() > 0) {
      CA.Obj = OC->getArg(0);
      First = 1;
    }
  }
  if (CA.Obj)
    CA.ObjVal = value(CA.Obj);
  for (unsigned I = First; I < CE->getNumArgs(); ++I) {
    CA.Args.push_back(CE->getArg(I));
    CA.Vals.push_back(value(CE->getArg(I)));
  }
  return CA;
}

Taint FunctionFlow::argValue(const Expr *Arg, bool Whole) {
  if (!Arg)
    return Taint();
  Taint V = value(Arg);
  if (!Whole)
    return V;
  // A callee that uses a parameter whole (streams it, passes it on) sees
  // everything stored in the fields of the caller's object.
  const Expr *B = skipWrappers(Arg);
  if (const auto *UO = dyn_cast<UnaryOperator>(B);
      UO && UO->getOpcode() == UO_AddrOf)
    B = skipWrappers(UO->getSubExpr());
  const ValueDecl *Object = elementOwner(B);
  if (Object || isa<CXXThisExpr>(B))
    for (const auto &[F, FV] : Cur.fieldsOf(Object))
      V = join(V, FV);
  return join(V, returnedFields(B));
}

Taint FunctionFlow::argFieldValue(const Expr *Arg, const FieldDecl *F) {
  if (!Arg)
    return Taint();
  const Expr *B = skipWrappers(Arg);
  if (const auto *UO = dyn_cast<UnaryOperator>(B);
      UO && UO->getOpcode() == UO_AddrOf)
    B = skipWrappers(UO->getSubExpr());
  return fieldOf(B, F);
}

Taint FunctionFlow::bindArg(const Taint &T, const CallArgs &CA, unsigned I) {
  const Expr *Arg = I == ThisBit ? CA.Obj
                    : I < CA.Args.size() ? CA.Args[I]
                                         : nullptr;
  Taint R;
  if (CA.Synthetic && I != ThisBit) {
    bool Uses =
        (T.Params & (uint64_t(1) << I)) ||
        llvm::any_of(T.Fields, [&](const FieldDep &D) { return D.first == I; });
    return Uses && I < CA.Vals.size() ? CA.Vals[I] : R;
  }
  if (T.Params & (uint64_t(1) << I))
    R = join(R, I == ThisBit && !CA.Obj ? CA.ObjVal : argValue(Arg, true));
  for (const FieldDep &D : T.Fields)
    if (D.first == I)
      R = join(R, argFieldValue(Arg, D.second));
  return R;
}

Taint FunctionFlow::bind(const Taint &T, const CallArgs &CA) {
  Taint R{T.T, 0, {}, T.Path};
  if (!T.hasDeps())
    return R;
  for (unsigned I = 0; I < CA.Args.size() && I < MaxParams; ++I)
    R = join(R, bindArg(T, CA, I));
  R = join(R, bindArg(T, CA, ThisBit));
  return R;
}

/// The parameter of a function template's pattern that instantiation

bool FunctionFlow::paramWritable(const FunctionDecl *Callee, unsigned I) {
  if (I >= Callee->getNumParams())
    return false;
  // A forwarding reference (`Args&&... args`) that happens to bind an lvalue
  // says nothing about writing: fmt, spdlog and std::format take them.
  if (const ParmVarDecl *PD = patternParam(Callee, I)) {
    QualType PT = PD->getType();
    if (const auto *Pack = PT->getAs<PackExpansionType>())
      PT = Pack->getPattern();
    if (const auto *RR = PT->getAs<RValueReferenceType>())
      if (RR->getPointeeType()->getAs<TemplateTypeParmType>())
        return false;
  }
  QualType T = Callee->getParamDecl(I)->getType();
  if (const auto *RT = T->getAs<LValueReferenceType>())
    return !RT->getPointeeType().isConstQualified();
  if (T->isRValueReferenceType())
    return false;
  if (const auto *PT = T->getAs<PointerType>()) {
    QualType P = PT->getPointeeType();
    return !P.isConstQualified() && !P->isFunctionType();
  }
  return false;
}

void FunctionFlow::applyParamSinks(const Summary &S, const CallArgs &CA,
                                   const FunctionDecl *Callee) {
  if (S.Sinks.empty())
    return;
  std::string Name = displayName(Callee);
  llvm::SmallVector<unsigned, 8> Indices;
  for (unsigned I = 0; I < CA.Args.size() && I < MaxParams; ++I)
    Indices.push_back(I);
  if (CA.Obj)
    Indices.push_back(ThisBit);
  for (const ParamSink &PS : S.Sinks) {
    for (unsigned I : Indices) {
      Taint V = bindArg(PS.Deps, CA, I);
      if (V.clean())
        continue;
      const Expr *Arg = I == ThisBit ? CA.Obj : CA.Args[I];
      // The notes inside the callee: its own steps, the call or sink it
      // passes the value to, then the same for each deeper call.
      std::vector<FindingNote> Inner;
      for (const Step *St = PS.Path; St; St = St->Prev)
        Inner.insert(Inner.begin(), FindingNote{St->Loc, St->Message});
      Inner.push_back(FindingNote{
          PS.Loc, "'" + Name + "' passes it to " +
                      (PS.Via.empty() ? PS.What : "'" + PS.Via + "'") +
                      " here"});
      Inner.insert(Inner.end(), PS.Tail.begin(), PS.Tail.end());
      if (!V.Calls.empty())
        reportLater(Arg->getBeginLoc(),
                    " reaches " + PS.What + " through call to '" + Name + "'",
                    PS.Ceiling, V, Inner);
      else if (V.T > PS.Ceiling)
        A.report(Arg->getBeginLoc(),
                 (tierName(V.T) + " value reaches " + PS.What +
                  " through call to '" + Name + "'")
                     .str(),
                 V.Path, Inner);
      // Our caller reaches the same sink through us.
      if (V.hasDeps())
        addSink(Sum, ParamSink{depsOf(V), PS.Ceiling, PS.What,
                                      Arg->getBeginLoc(), V.Path, Name,
                                      std::move(Inner)});
    }
  }
}

void FunctionFlow::applySummary(const Summary &S, const CallArgs &CA,
                                const FunctionDecl *Callee,
                                SourceLocation CallLoc) {
  applyParamSinks(S, CA, Callee);
  std::string Name = displayName(Callee);
  for (unsigned I = 0; I < S.Out.size() && I < CA.Args.size(); ++I) {
    Taint W = bind(S.Out[I], CA);
    if (W.clean() || !CA.Args[I])
      continue;
    // The argument that carries the data: for `os << obj`, obj.
    const Expr *Carrier = nullptr;
    for (unsigned J = 0; J < CA.Args.size(); ++J)
      if (J != I && (!Carrier || !bindArg(S.Out[I], CA, J).clean()))
        Carrier = CA.Args[J];
    writeInto(CA.Args[I], Carrier, W, Name);
  }
  if (CA.Obj)
    if (std::optional<Place> P = placeOf(CA.Obj); P && P->Var && !P->Field)
      for (const auto &[F, FV] : S.ThisFields)
        write({P->Var, F}, bind(FV, CA), false, CallLoc);
}

/// Calling a lambda runs its body with what the captures hold now; what it
/// writes through by-reference captures is visible afterwards. The caller
/// has entered the lambda (Analysis::enterLambda).
Taint FunctionFlow::runLambda(const CXXMethodDecl *MD, const CallArgs &CA,
                              SourceLocation CallLoc) {
  Summary LambdaSum;
  FunctionFlow Body(A, MD, LambdaSum);
  Body.run(&Cur);
  A.leaveLambda();
  applyParamSinks(LambdaSum, CA, MD);
  throwValue(bind(LambdaSum.Thrown, CA), CallLoc, MD);
  for (const auto &[K, V] : Body.exitState().Vals) {
    const auto *Var = dyn_cast_or_null<VarDecl>(K.first);
    if (Var && Var->getDeclContext() != MD && !V.clean())
      Cur.Vals[K] = join(Cur.get(K), V);
  }
  return bind(LambdaSum.Return, CA);
}

/// A call to a log sink: each logged argument is checked against the log's
/// ceiling.
void FunctionFlow::sinkArgs(const FunctionSink &FS, const CallArgs &CA,
                            SourceLocation CallLoc) {
  unsigned First = FS.FirstArg;
  if (FS.SkipLeadingStream && !CA.Args.empty()) {
    QualType T0 = CA.Args[0]->getType();
    if (T0->isPointerType() || recordOfValue(T0))
      if (!A.Catalog.isStringLike(recordOfValue(T0)))
        ++First;
  }
  std::string Name = FS.Name;
  if (FS.NamedByMacro)
    if (std::string M = writtenMacro(CallLoc); !M.empty())
      Name = std::move(M);
  for (unsigned I = First; I < CA.Args.size(); ++I) {
    if (!FS.Args.empty() && !llvm::is_contained(FS.Args, I))
      continue;
    // CHECK_EQ(a, b) passes google::GetReferenceableValue(a): the finding
    // is about a, where the user wrote it.
    const Expr *Arg = CA.Args[I];
    if (!Arg)
      continue; // a callback's parameter no argument is bound to
    while (const auto *Inner = dyn_cast<CallExpr>(skipWrappers(Arg))) {
      if (Inner->getNumArgs() != 1 ||
          !library::find(library::Role::SameValue, Inner->getDirectCallee(),
                         1u))
        break;
      Arg = Inner->getArg(0);
    }
    // CHECK_STREQ passes `(s1)`: the finding points at s1 itself.
    checkSink(Arg->IgnoreParenImpCasts(), formattedTaint(Arg), Name);
  }
}

Taint FunctionFlow::callValue(const CallExpr *CE) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  bool ValueFreeResult = false;
  CallArgs CA = collectArgs(CE, Callee);
  // Through a function pointer, or a std::function: what it may hold.
  llvm::SmallVector<const FunctionDecl *, 4> Targets;
  if (!Callee)
    callTargets(CE->getCallee(), Targets);
  else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE);
           OC && OC->getOperator() == OO_Call && CA.Obj &&
           library::find(library::Role::CallableWrapper,
                         recordOfValue(CA.Obj->getType())))
    callTargets(CA.Obj, Targets);
  if (!Targets.empty())
    return callThrough(CE->getBeginLoc(), CA, Targets);
  if (!Callee) {
    Taint V = CA.ObjVal;
    for (const Taint &T : CA.Vals)
      V = join(V, T);
    return V;
  }

  // Log sinks: C stdio, syslog, fmt, spdlog, TG_LOG_SINK. They read their
  // arguments and write nothing back.
  if (const FunctionSink *FS = A.Catalog.functionSink(Callee)) {
    sinkArgs(*FS, CA, CE->getBeginLoc());
    if (!A.hasAnalyzableBody(Callee))
      return Taint();
  }

  // A log sink class: what is inserted into it or passed to its writing
  // members is logged, whatever the members' bodies do with it.
  if (auto [Sink, First] = classSinkCall(A.Catalog, CE, Callee, CA.Obj);
      !Sink.empty()) {
    std::vector<FindingNote> Why;
    if (std::optional<FindingNote> N =
            A.Catalog.classSinkNote(CA.Obj ? CA.Obj : CA.Args.front()))
      Why.push_back(std::move(*N));
    for (unsigned I = First; I < CA.Args.size(); ++I)
      checkSink(CA.Args[I]->IgnoreParenImpCasts(), formattedTaint(CA.Args[I]),
                Sink, {}, Why);
    return Taint();
  }

  if (A.Model.isDeclassifier(Callee))
    return Taint();
  // An audit entry point is a high place: it accepts every tier, whatever
  // its implementation does with the values (trailguard-unparameterized-audit
  // checks its message instead).
  if (A.Model.isAuditSink(Callee))
    return Taint();

  // A parameter with an explicit tier is a ceiling for its argument.
  for (unsigned I = 0; I < CA.Args.size() && I < Callee->getNumParams(); ++I)
    checkCeiling(Callee->getParamDecl(I), CA.Vals[I], CA.Args[I]->getBeginLoc());

  // `a = b` on class types: a strong update, like the built-in assignment.
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE);
      OC && OC->getOperator() == OO_Equal && OC->getNumArgs() == 2) {
    Taint R = value(OC->getArg(1));
    if (std::optional<Place> P = placeOf(OC->getArg(0)))
      store(*P, OC->getArg(1), R, OC->getOperatorLoc(), /*Strong=*/true);
    if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
        MD && MD->isMoveAssignmentOperator())
      emptyMovedFrom(OC->getArg(1));
    return R;
  }

  // va_start(ap, last): ap stands for the arguments past the named ones.
  if (isVaStart(Callee) && FD->isVariadic() && !CA.Args.empty()) {
    Taint Rest;
    for (unsigned I = FD->getNumParams(); I < MaxParams; ++I)
      Rest.Params |= uint64_t(1) << I;
    if (std::optional<Place> P = placeOf(CA.Args[0]))
      write({P->Var, P->Field}, Rest, /*Strong=*/true, CE->getBeginLoc());
    return Taint();
  }
  if (wipe(Callee, CA) || swap(Callee, CA, CE->getBeginLoc()))
    return Taint();

  if (std::optional<Tier> T = A.Model.declaredTier(Callee))
    return Taint{*T, 0, {},
                 *T > Tier::unrestricted ? A.sourceStep(Callee, *T) : nullptr};
  // snprintf(buf, ...) still fills buf; only its result is a count.
  if (library::find(library::Role::ValueFreeResult, Callee) ||
      isNamedLikeALength(Callee))
    ValueFreeResult = true;

  // std::move(x), std::forward<T>(x) and std::as_const(x) are x.
  if (library::find(library::Role::SameValue, Callee, CA.Args.size()))
    return CA.Vals[0];

  // Calling a lambda runs its body with what the captures hold now; what it
  // writes through by-reference captures is visible afterwards.
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
      MD && MD->getParent()->isLambda() && A.hasAnalyzableBody(MD) &&
      A.enterLambda())
    return runLambda(MD, CA, CE->getBeginLoc());

  // Pairs, map keys and values, elements of containers.
  if (std::optional<Taint> V = containerCall(CE, Callee, CA))
    return ValueFreeResult ? Taint() : *V;
  // A virtual call runs one of the overrides.
  bool AllOverridersSeen = true;
  std::optional<Taint> Virtual = virtualCall(CE, Callee, CA, AllOverridersSeen);

  std::string Name = qualifiedName(Callee);
  if (A.hasAnalyzableBody(Callee)) {
    const Summary S = A.summaryOf(Callee);
    applySummary(S, CA, Callee, CE->getBeginLoc());
    // What the callee's own unresolved calls do reaches us through a call
    // the whole program resolves with the callee's complete summary.
    Taint Pending;
    if (S.Pending && A.wholeProgram() && A.isProjectFunction(Callee)) {
      uint32_t K = recordCall(CE, Callee, CA, Taint(), {}, Taint());
      Pending = recordedEffects(K, Callee, CA);
      throwValue(callSlot(K, SlotThrown), CE->getBeginLoc(), Callee);
    }
    throwValue(bind(S.Thrown, CA), CE->getBeginLoc(), Callee);
    if (ValueFreeResult)
      return Taint();
    Taint R = bind(S.Return, CA);
    if (R.T > Tier::unrestricted && S.Return.T > Tier::unrestricted)
      R.Path = A.step(CE->getBeginLoc(),
                      ("'" + Name + "' returns a " + tierName(R.T) + " value")
                          .str(),
                      R.Path);
    R = join(R, Pending);
    return Virtual ? join(R, *Virtual) : R;
  }
  if (Virtual && AllOverridersSeen &&
      cast<CXXMethodDecl>(Callee)->isPureVirtual())
    return ValueFreeResult ? Taint() : *Virtual;

  passCallbacks(CE->getBeginLoc(), Callee, CA);

  // A function we cannot see: its result carries its arguments (strings
  // built by +, substr, c_str, fmt::format, std::to_string, ...), and what it
  // may write through non-const references and pointers carries the others.
  bool Formatting = library::findName(library::Role::Formats, Name);
  bool IsStreamInsert = false;
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE))
    IsStreamInsert = OC->getOperator() == OO_LessLess;
  llvm::SmallVector<Taint, 8> In;
  for (unsigned I = 0; I < CA.Args.size(); ++I)
    In.push_back(Formatting || IsStreamInsert ? formattedTaint(CA.Args[I])
                                              : objectTaint(CA.Args[I]));
  Taint ObjIn = CA.Obj ? objectTaint(CA.Obj) : Taint();

  bool Record = recordOfValue(CE->getType()) &&
                !A.Catalog.isStringLike(recordOfValue(CE->getType()));
  bool Propagates = (!Record || A.SM.isInSystemHeader(Callee->getLocation())) &&
                    !isOpaqueHandle(CE->getType());
  Taint Result;
  if (Propagates && !ValueFreeResult) {
    Result = ObjIn;
    for (const Taint &T : In)
      Result = join(Result, T);
  }
  // std::visit, std::transform, std::copy to an output iterator.
  bool ResultOfCallee = false;
  Taint Called = callArguments(CE, Callee, CA, In, ResultOfCallee);
  if (!ValueFreeResult)
    Result = ResultOfCallee ? Called : join(Result, Called);
  if (Virtual && !ValueFreeResult)
    Result = join(Result, *Virtual);

  // A function of the project defined in another translation unit: what
  // it does is decided with its definition's summary, and what we assume
  // here only if no unit defines it.
  if (A.wholeProgram() && !Formatting && !ValueFreeResult &&
      A.isProjectFunction(Callee)) {
    llvm::SmallVector<Taint, 8> Out(CA.Args.size());
    for (unsigned I = 0; I < CA.Args.size(); ++I) {
      if (I >= Callee->getNumParams() || !paramWritable(Callee, I) ||
          isOpaqueHandle(Callee->getParamDecl(I)->getType()))
        continue;
      for (unsigned J = 0; J < CA.Args.size(); ++J)
        if (J != I)
          Out[I] = join(Out[I], In[J]);
    }
    Taint Obj;
    const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
    if (MD && CA.Obj && MD->isInstance() && !MD->isConst())
      for (const Taint &T : In)
        Obj = join(Obj, T);
    uint32_t K = recordCall(CE, Callee, CA, Result, Out, Obj);
    Taint Recorded = recordedEffects(K, Callee, CA);
    // What escapes it escapes here (a message built from a secret, thrown
    // in one unit and logged through what() in another).
    throwValue(callSlot(K, SlotThrown), CE->getBeginLoc(), Callee);
    // The overrides this unit defines are called too.
    if (Virtual && !ValueFreeResult)
      Recorded = join(Recorded, *Virtual);
    return Recorded;
  }

  // Writes through the callee's non-const reference/pointer parameters.
  for (unsigned I = 0; I < CA.Args.size(); ++I) {
    bool Variadic = I >= Callee->getNumParams();
    if (Variadic || !paramWritable(Callee, I) ||
        isOpaqueHandle(Callee->getParamDecl(I)->getType()) ||
        isLibraryHandle(Callee, I, CA.Args[I]))
      continue;
    Taint W;
    const Expr *Carrier = nullptr;
    for (unsigned J = 0; J < CA.Args.size(); ++J) {
      if (J == I || In[J].clean())
        continue;
      if (!Carrier || In[J].T > W.T)
        Carrier = CA.Args[J];
      W = join(W, In[J]);
    }
    writeInto(CA.Args[I], Carrier, W);
  }
  // Non-const methods (append, push_back, member operator<<) write into the
  // object.
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
      MD && CA.Obj && MD->isInstance() && !MD->isConst()) {
    Taint W;
    const Expr *Carrier = nullptr;
    for (unsigned J = 0; J < CA.Args.size(); ++J) {
      if (In[J].clean())
        continue;
      if (!Carrier || In[J].T > W.T)
        Carrier = CA.Args[J];
      W = join(W, In[J]);
    }
    // clear(), assign(x), str(s), reset(): the old contents are gone.
    bool Replaces =
        library::find(library::Role::DiscardsContents, MD, CA.Args.size());
    std::optional<Place> P = Replaces ? placeOf(CA.Obj) : std::nullopt;
    if (P && P->Var && !P->Indirect && A.Catalog.streamSink(CA.Obj).empty())
      write({P->Var, P->Field}, W, /*Strong=*/true, CA.Obj->getBeginLoc());
    else
      writeInto(CA.Obj, Carrier, W);
  }
  return Result;
}

} // namespace tierleak
} // namespace trailguard
