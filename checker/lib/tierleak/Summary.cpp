//===--- Summary.cpp - function summaries ---------------------------------===//
//
// Computes each function's summary once, iterating recursive cycles to a
// fixpoint and bounding the call depth.
//
//===----------------------------------------------------------------------===//

#include "tierleak/Analysis.h"
#include "LibraryModel.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/thread.h"

using namespace clang;

namespace trailguard {
namespace tierleak {

namespace {

/// Calls are followed into their callees this deep: Clang's default
/// -ftemplate-depth, so that a chain of template instantiations the compiler
/// accepts is followed to its end. Each callee is analyzed once, so depth
/// costs stack, not time.
constexpr size_t MaxCallDepth = 1024;
/// The analysis continues on a fresh thread every this many levels ...
constexpr size_t CallDepthPerThread = 128;
/// ... with this much stack: far more than 128 levels take.
constexpr unsigned ThreadStackBytes = 16 << 20;

} // namespace

/// Libraries trailguard has rules for are judged by those rules, not by
/// their bodies, even when a project vendors them with -I: their type-erased
/// formatting machinery would only lose the data's tier.
bool isModeledLibrary(const FunctionDecl *FD) {
  // A user's fmt::formatter<T> specialization is user code in fmt's scope.
  for (const DeclContext *DC = FD->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(DC))
      if (Spec->getSpecializationKind() == TSK_ExplicitSpecialization)
        return false;
  const DeclContext *DC = FD->getDeclContext();
  const NamespaceDecl *Top = nullptr;
  for (; DC && !DC->isTranslationUnit(); DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      Top = NS;
  if (!Top || !Top->getIdentifier())
    return false;
  return library::findName(library::Role::ModeledNamespace, Top->getName());
}

bool Summary::sameAs(const Summary &O) const {
  if (!Return.sameAs(O.Return) || !Thrown.sameAs(O.Thrown) ||
      Out.size() != O.Out.size() ||
      Sinks.size() != O.Sinks.size() ||
      ThisFields.size() != O.ThisFields.size() ||
      ReturnFields.size() != O.ReturnFields.size())
    return false;
  for (size_t I = 0; I < Out.size(); ++I)
    if (!Out[I].sameAs(O.Out[I]))
      return false;
  for (const auto &[F, V] : ThisFields) {
    auto It = O.ThisFields.find(F);
    if (It == O.ThisFields.end() || !It->second.sameAs(V))
      return false;
  }
  for (const auto &[F, V] : ReturnFields) {
    auto It = O.ReturnFields.find(F);
    if (It == O.ReturnFields.end() || !It->second.sameAs(V))
      return false;
  }
  return true;
}

/// One path per (dependencies, place): a function that calls a logging
/// helper twice reaches the same sink, not two. Without this, summaries
/// double with each level of such calls.
void addSink(Summary &S, ParamSink PS) {
  for (const ParamSink &Old : S.Sinks)
    if (Old.What == PS.What && Old.Ceiling == PS.Ceiling &&
        Old.Deps.Params == PS.Deps.Params && Old.Deps.Fields == PS.Deps.Fields)
      return;
  if (S.Sinks.size() >= MaxSinksPerSummary)
    return;
  keepEndsOfPath(PS.Tail);
  S.Sinks.push_back(std::move(PS));
}

bool Analysis::hasAnalyzableBody(const FunctionDecl *FD) {
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || !Def)
    return false;
  if (Def->isDependentContext() || SM.isInSystemHeader(Def->getLocation()))
    return false;
  return !isModeledLibrary(Def);
}

const Summary &Analysis::summaryOf(const FunctionDecl *FD) {
  const FunctionDecl *Def = nullptr;
  FD->hasBody(Def);
  if (!Def)
    Def = FD;
  std::unique_ptr<SummarySlot> &Slot = Summaries[Def];
  if (Slot && !Slot->Stale) {
    if (Slot->InProgress) {
      // A cycle: everything computed above Def on the stack used Def's
      // partial summary and must be redone when Def's summary changes.
      Slot->Recursive = true;
      auto It = llvm::find(Stack, Def);
      for (++It; It != Stack.end(); ++It)
        Slot->DependsOnMe.insert(*It);
    }
    return Slot->Data;
  }
  if (!Slot)
    Slot = std::make_unique<SummarySlot>();
  SummarySlot *S = Slot.get();
  *S = SummarySlot();
  if (Stack.size() >= MaxCallDepth) {
    // Summarized as unknown here, never silently: the finding says leaks
    // through it are not reported. Stale, so that analyzed on its own
    // (with a shorter chain above it) it is not taken as empty.
    S->Stale = true;
    reportDepthLimit(Def);
    return S->Data;
  }
  // Each level takes a few KiB of stack; a fresh thread every so many
  // levels keeps a chain as deep as the compiler accepts within bounds.
  if (!Stack.empty() && Stack.size() % CallDepthPerThread == 0) {
    llvm::thread Deeper(std::optional<unsigned>(ThreadStackBytes),
                        [&] { computeSummary(Def, *S); });
    Deeper.join();
  } else {
    computeSummary(Def, *S);
  }
  return S->Data;
}

void Analysis::reportDepthLimit(const FunctionDecl *Cut) {
  // At the cut if it can be reported there, else at the nearest caller
  // that can.
  std::vector<const FunctionDecl *> Places{Cut};
  Places.insert(Places.end(), Stack.rbegin(), Stack.rend());
  for (const FunctionDecl *F : Places) {
    SourceLocation Loc = SM.getFileLoc(F->getLocation());
    if (Loc.isInvalid() || !Reportable(Loc))
      continue;
    std::string Name;
    llvm::raw_string_ostream OS(Name);
    Cut->getNameForDiagnostic(OS, Ctx.getPrintingPolicy(),
                              /*Qualified=*/true);
    report(Loc,
           "the analysis stopped at call depth " +
               std::to_string(MaxCallDepth) + ", at '" + OS.str() +
               "': leaks through deeper calls are not reported",
           nullptr);
    return;
  }
}

void Analysis::computeSummary(const FunctionDecl *Def, SummarySlot &Out) {
  SummarySlot *S = &Out;
  Stack.push_back(Def);
  S->InProgress = true;
  // Recursion: iterate the summary until it stops changing; callers inside
  // the cycle see the previous round.
  for (unsigned Round = 0; Round < 4; ++Round) {
    Summary Previous = S->Data;
    S->Recursive = false;
    FunctionFlow Flow(*this, Def, S->Data);
    Flow.run(nullptr);
    if (!S->Recursive || S->Data.sameAs(Previous))
      break;
    for (const FunctionDecl *Dep : S->DependsOnMe)
      if (Dep != Def)
        Summaries[Dep]->Stale = true;
    S->DependsOnMe.clear();
  }
  S->InProgress = false;
  S->DependsOnMe.clear();
  Stack.pop_back();
}

} // namespace tierleak
} // namespace trailguard
