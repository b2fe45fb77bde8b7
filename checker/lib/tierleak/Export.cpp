//===--- Export.cpp - what the tier-leak analysis leaves for the program --===//
//
// Records the calls only the whole program can resolve, the findings that
// wait on them, and turns summaries, calls and findings into the facts of
// ProgramFacts.h: file positions instead of source locations, USRs instead
// of declarations.
//
//===----------------------------------------------------------------------===//

#include "tierleak/Analysis.h"
#include "SourceText.h"

#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"

using namespace clang;

namespace trailguard {
namespace tierleak {

std::string Analysis::usrOf(const Decl *D) {
  llvm::SmallString<128> Usr;
  if (!D || index::generateUSRForDecl(D, Usr))
    return "";
  return std::string(Usr);
}

bool Analysis::isProjectFunction(const FunctionDecl *FD) {
  if (!FD || FD->isDependentContext() || isModeledLibrary(FD))
    return false;
  if (SM.isInSystemHeader(SM.getFileLoc(FD->getLocation())))
    return false;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda())
      return false;
  return true;
}

uint32_t FunctionFlow::recordCall(const Expr *Call, const FunctionDecl *Callee,
                                  const CallArgs &CA, Taint FallbackReturn,
                                  llvm::SmallVector<Taint, 8> FallbackOut,
                                  Taint FallbackObject) {
  auto [Known, New] = Recorded.try_emplace(Call, uint32_t(A.Calls.size()));
  if (!New) {
    // Visited again with what the fixpoint has learned since.
    Analysis::PendingCall &P = A.Calls[Known->second];
    for (unsigned I = 0; I < P.Args.size() && I < CA.Vals.size(); ++I)
      P.Args[I].Value = join(P.Args[I].Value, CA.Vals[I]);
    if (P.HasObject)
      P.Object.Value = join(P.Object.Value, CA.ObjVal);
    P.FallbackReturn = join(P.FallbackReturn, FallbackReturn);
    for (unsigned I = 0; I < P.FallbackOut.size() && I < FallbackOut.size();
         ++I)
      P.FallbackOut[I] = join(P.FallbackOut[I], FallbackOut[I]);
    P.FallbackObject = join(P.FallbackObject, FallbackObject);
    return Known->second;
  }
  Analysis::PendingCall P;
  P.Callee = Callee->getCanonicalDecl();
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  P.Owner = MD && MD->getParent()->isLambda() ? nullptr : FD;
  P.Loc = Call->getBeginLoc();
  auto ArgOf = [&](const Expr *E, const Taint &V) {
    Analysis::PendingCall::Arg A;
    A.Value = V;
    A.Loc = E ? E->getBeginLoc() : P.Loc;
    // What the fields of a local object hold, for a callee that reads one.
    if (E) {
      const Expr *B = skipWrappers(E);
      if (const auto *UO = dyn_cast<UnaryOperator>(B);
          UO && UO->getOpcode() == UO_AddrOf)
        B = skipWrappers(UO->getSubExpr());
      if (const auto *DRE = dyn_cast<DeclRefExpr>(B))
        A.Fields = Cur.fieldsOf(DRE->getDecl());
      else if (isa<CXXThisExpr>(B))
        A.Fields = Cur.fieldsOf(nullptr);
    }
    return A;
  };
  for (unsigned I = 0; I < CA.Args.size() && I < MaxParams; ++I)
    P.Args.push_back(ArgOf(CA.Args[I], CA.Vals[I]));
  if (CA.Obj) {
    P.HasObject = true;
    P.Object = ArgOf(CA.Obj, CA.ObjVal);
  }
  P.FallbackReturn = std::move(FallbackReturn);
  P.FallbackOut = std::move(FallbackOut);
  P.FallbackObject = std::move(FallbackObject);
  A.Calls.push_back(std::move(P));
  Sum.Pending = true;
  return uint32_t(A.Calls.size() - 1);
}

std::optional<uint32_t>
FunctionFlow::recordConstruction(const CXXConstructExpr *CCE,
                                 const Taint &Fallback) {
  const CXXConstructorDecl *Ctor = CCE->getConstructor();
  if (!Ctor || !A.wholeProgram() || Ctor->isCopyOrMoveConstructor() ||
      A.hasAnalyzableBody(Ctor) || !A.isProjectFunction(Ctor))
    return std::nullopt;
  CallArgs CA;
  for (unsigned I = 0; I < CCE->getNumArgs(); ++I) {
    CA.Args.push_back(CCE->getArg(I));
    CA.Vals.push_back(value(CCE->getArg(I)));
  }
  bool New = !Recorded.count(CCE);
  uint32_t K = recordCall(CCE, Ctor, CA, Taint(), {}, Fallback);
  if (New)
    for (const FieldDecl *F : Ctor->getParent()->fields())
      A.Calls[K].FieldSlots.push_back(F);
  return K;
}

Taint FunctionFlow::recordedEffects(uint32_t K, const FunctionDecl *Callee,
                                    const CallArgs &CA) {
  for (unsigned I = 0; I < CA.Args.size() && I < MaxParams; ++I) {
    if (!paramWritable(Callee, I))
      continue;
    // The argument that carries the data: for `os << obj`, obj.
    const Expr *Carrier = nullptr;
    for (unsigned J = 0; J < CA.Args.size() && !Carrier; ++J)
      if (J != I)
        Carrier = CA.Args[J];
    Taint W;
    W.Calls.push_back({K, int32_t(I)});
    writeInto(CA.Args[I], Carrier, W, displayName(Callee));
  }
  const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
  if (MD && CA.Obj && MD->isInstance() && !MD->isConst()) {
    Taint W;
    W.Calls.push_back({K, SlotObject});
    writeInto(CA.Obj, CA.Args.empty() ? nullptr : CA.Args.front(), W,
              displayName(Callee));
  }
  Taint R;
  R.Calls.push_back({K, SlotReturn});
  return R;
}

void FunctionFlow::reportLater(SourceLocation Loc, std::string Suffix,
                               Tier Ceiling, const Taint &V,
                               std::vector<FindingNote> Extra) {
  SourceLocation FileLoc = A.SM.getFileLoc(Loc);
  if (FileLoc.isInvalid() || !A.Reportable(FileLoc))
    return;
  A.Reports.push_back(Analysis::PendingReport{
      "trailguard-tier-leak", Loc, std::move(Suffix), Ceiling, V,
      std::move(Extra)});
}

namespace {

/// Turns the analysis' values into facts.
class Exporter {
public:
  Exporter(Analysis &A) : A(A) {}

  ResolvedNote note(SourceLocation Loc, std::string Message,
                    std::string *LineText = nullptr) {
    return resolveLocation(A.SM, A.SM.getFileLoc(Loc), std::move(Message),
                           LineText);
  }

  std::vector<ResolvedNote> path(const Step *S) {
    std::vector<ResolvedNote> Notes;
    for (; S; S = S->Prev)
      Notes.push_back(note(S->Loc, S->Message));
    std::reverse(Notes.begin(), Notes.end());
    keepEndsOfPath(Notes);
    return Notes;
  }

  const std::string &fieldUsr(const FieldDecl *F) {
    auto [It, New] = FieldUsrs.try_emplace(F);
    if (New)
      It->second = A.usrOf(F);
    return It->second;
  }

  FactValue value(const Taint &T) {
    FactValue V;
    V.T = T.T;
    V.Params = T.Params;
    for (const FieldDep &D : T.Fields)
      V.Fields.push_back({D.first, fieldUsr(D.second)});
    for (const CallDep &C : T.Calls)
      V.Calls.push_back({C.first, C.second});
    // The path matters only where the value is above the lowest tier, or
    // where it follows a call that may raise it.
    if (T.T > Tier::unrestricted || !T.Calls.empty())
      V.Path = path(T.Path);
    return V;
  }

  FactCall::Arg arg(const Analysis::PendingCall::Arg &In) {
    FactCall::Arg Out;
    Out.Value = value(In.Value);
    for (const auto &[F, V] : In.Fields)
      Out.Fields[fieldUsr(F)] =
          trailguard::join(Out.Fields[fieldUsr(F)], value(V));
    SourceLocation FileLoc = A.SM.getFileLoc(In.Loc);
    Out.Reportable = FileLoc.isValid() && A.Reportable(FileLoc);
    Out.Where = note(In.Loc, "", Out.Reportable ? &Out.LineText : nullptr);
    Out.RawLoc = In.Loc.getRawEncoding();
    return Out;
  }


private:
  Analysis &A;
  llvm::DenseMap<const FieldDecl *, std::string> FieldUsrs;
};

} // namespace

void Analysis::exportFacts(TUFacts &Out) {
  Exporter E(*this);
  for (const PendingCall &P : Calls) {
    FactCall C;
    C.Callee = usrOf(P.Callee);
    C.CalleeName = displayName(P.Callee);
    C.Owner = P.Owner ? usrOf(P.Owner) : "";
    C.Where = E.note(P.Loc, "");
    for (const PendingCall::Arg &A : P.Args)
      C.Args.push_back(E.arg(A));
    C.HasObject = P.HasObject;
    if (P.HasObject)
      C.Object = E.arg(P.Object);
    C.FallbackReturn = E.value(P.FallbackReturn);
    for (const Taint &T : P.FallbackOut)
      C.FallbackOut.push_back(E.value(T));
    C.FallbackObject = E.value(P.FallbackObject);
    for (const FieldDecl *F : P.FieldSlots)
      C.FieldSlots.push_back(E.fieldUsr(F));
    Out.Calls.push_back(std::move(C));
  }
  for (const auto &[FD, Slot] : Summaries) {
    if (Slot->Stale || !isProjectFunction(FD))
      continue;
    FactSummary S;
    S.Usr = usrOf(FD);
    if (S.Usr.empty())
      continue;
    S.Name = displayName(FD);
    const Summary &Sum = Slot->Data;
    S.Return = E.value(Sum.Return);
    for (const auto &[F, V] : Sum.ReturnFields)
      S.Return = trailguard::join(S.Return, E.value(V));
    for (const Taint &O : Sum.Out)
      S.Out.push_back(E.value(O));
    S.Thrown = E.value(Sum.Thrown);
    for (const auto &[F, V] : Sum.ThisFields) {
      FactValue FV = E.value(V);
      S.Object = trailguard::join(S.Object, FV);
      S.ObjectFields[E.fieldUsr(F)] = std::move(FV);
    }
    for (const ParamSink &PS : Sum.Sinks) {
      FactSink K;
      K.Deps = E.value(PS.Deps);
      K.Ceiling = PS.Ceiling;
      K.What = PS.What;
      // The notes a caller shows: the steps inside, the place it passes the
      // value on, then the deeper calls' notes.
      K.Notes = E.path(PS.Path);
      K.Notes.push_back(E.note(
          PS.Loc, "'" + S.Name + "' passes it to " +
                      (PS.Via.empty() ? PS.What : "'" + PS.Via + "'") +
                      " here"));
      for (const FindingNote &N : PS.Tail)
        K.Notes.push_back(E.note(N.Loc, N.Message));
      S.Sinks.push_back(std::move(K));
    }
    Out.Summaries.push_back(std::move(S));
  }
  // A stable order, whatever the addresses of the declarations.
  llvm::sort(Out.Summaries, [](const FactSummary &L, const FactSummary &R) {
    return L.Usr < R.Usr;
  });
  for (const PendingReport &P : Reports) {
    FactReport R;
    R.CheckId = P.CheckId;
    R.Where = E.note(P.Loc, "", &R.LineText);
    R.Suffix = P.Suffix;
    R.Ceiling = P.Ceiling;
    R.Value = E.value(P.Value);
    R.Value.Path = E.path(P.Value.Path);
    for (const FindingNote &N : P.Extra)
      R.Extra.push_back(E.note(N.Loc, N.Message));
    R.RawLoc = P.Loc.getRawEncoding();
    Out.Reports.push_back(std::move(R));
  }
}

} // namespace tierleak
} // namespace trailguard
