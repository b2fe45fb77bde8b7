//===--- Checks.cpp - run trailguard's checks on one translation unit -----===//
//
// Runs the enabled checks of CheckRegistry.def and applies what is common to
// all of them: suppressions, then the collector's ordering and limits.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "AnnotationSuggestions.h"
#include "ProgramFacts.h"
#include "Suppressions.h"

#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace trailguard {

// The run functions of CheckRegistry.def, declared by it.
#define TRAILGUARD_CHECK(Id, RunFunction, ...)                                 \
  void RunFunction(ASTContext &, const CheckOptions &, FindingCollector &);
#include "CheckRegistry.def"

namespace {

struct CheckRun {
  const char *Id;
  CheckRunFn Run;
};

/// The selectable checks of CheckRegistry.def, in its order.
const CheckRun CheckRuns[] = {
#define TRAILGUARD_CHECK(Id, RunFunction, ...) {Id, &RunFunction},
#include "CheckRegistry.def"
};

} // namespace

void runChecks(ASTContext &Ctx, const CheckOptions &Opts,
               std::vector<Finding> &Out) {
  SourceManager &SM = Ctx.getSourceManager();
  FindingCollector Collector(SM, Opts.Cfg.HeaderFilter, Opts.SourceRoot);
  for (const CheckRun &C : CheckRuns)
    if (isCheckEnabled(Opts.Cfg, C.Id)) {
      Collector.setCheck(C.Id);
      C.Run(Ctx, Opts, Collector);
    }
  std::vector<Finding> &Findings = Collector.findings();
  if (Opts.SuggestAnnotations)
    suggestAnnotations(Ctx, Opts.Cfg, Collector.reportable(), Findings);
  // NOLINT comments, as in clang-tidy; their misuse is reported in place.
  Suppressions Supp(SM);
  std::vector<Finding> Silenced;
  llvm::erase_if(Findings, [&](Finding &F) {
    if (!Supp.isSuppressed(F.CheckId, F.Loc))
      return false;
    if (Opts.KeepSuppressed) {
      F.Suppression = Supp.lastComment();
      Silenced.push_back(std::move(F));
    }
    return true;
  });
  // What the whole program decides later is silenced the same way.
  if (Opts.Facts) {
    llvm::erase_if(Opts.Facts->Reports, [&](const FactReport &R) {
      return Supp.isSuppressed(R.CheckId,
                               SourceLocation::getFromRawEncoding(R.RawLoc));
    });
    llvm::erase_if(Opts.Facts->ConstantReports, [&](const FactConstantReport &R) {
      return Supp.isSuppressed("trailguard-unparameterized-audit",
                               SourceLocation::getFromRawEncoding(R.RawLoc));
    });
    for (FactCall &C : Opts.Facts->Calls) {
      auto Silence = [&](FactCall::Arg &A) {
        if (A.Reportable &&
            Supp.isSuppressed("trailguard-tier-leak",
                              SourceLocation::getFromRawEncoding(A.RawLoc)))
          A.Reportable = false;
      };
      for (FactCall::Arg &A : C.Args)
        Silence(A);
      if (C.HasObject)
        Silence(C.Object);
    }
  }
  for (Finding &F : Supp.unmatchedDirectives())
    Findings.push_back(std::move(F));
  if (Opts.ReportUnusedSuppressions)
    for (Finding &F : Supp.unusedSuppressions())
      Findings.push_back(std::move(F));
  Collector.finish(Out);
  // After the limits of finish, which only what is reported counts against.
  for (Finding &F : Silenced)
    Out.push_back(std::move(F));
}

} // namespace trailguard
