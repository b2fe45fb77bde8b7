//===--- Checks.cpp - run trailguard's checks on one translation unit -----===//
//
// Dispatches to the enabled checks and applies what is common to all of
// them: suppressions, then the collector's ordering and limits.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "AnnotationSuggestions.h"
#include "Suppressions.h"
#include "TierLeakCheck.h"
#include "UnparameterizedAuditCheck.h"

#include "clang/Basic/SourceManager.h"

using namespace clang;

namespace trailguard {

void runChecks(ASTContext &Ctx, const CheckOptions &Opts,
               std::vector<Finding> &Out) {
  SourceManager &SM = Ctx.getSourceManager();
  FindingCollector Collector(SM, Opts.Cfg.HeaderFilter);
  if (isCheckEnabled(Opts.Cfg, TierLeakCheckId)) {
    Collector.setCheck(TierLeakCheckId);
    runTierLeakCheck(Ctx, Opts, Collector);
  }
  if (isCheckEnabled(Opts.Cfg, UnparameterizedAuditCheckId)) {
    Collector.setCheck(UnparameterizedAuditCheckId);
    runUnparameterizedAuditCheck(Ctx, Opts, Collector);
  }
  std::vector<Finding> &Findings = Collector.findings();
  if (Opts.SuggestAnnotations)
    suggestAnnotations(Ctx, Opts.Cfg, Collector.reportable(), Findings);
  // NOLINT comments, as in clang-tidy; their misuse is reported in place.
  Suppressions Supp(SM);
  llvm::erase_if(Findings, [&](const Finding &F) {
    return Supp.isSuppressed(F.CheckId, F.Loc);
  });
  for (Finding &F : Supp.unmatchedDirectives())
    Findings.push_back(std::move(F));
  if (Opts.ReportUnusedSuppressions)
    for (Finding &F : Supp.unusedSuppressions())
      Findings.push_back(std::move(F));
  Collector.finish(Out);
}

} // namespace trailguard
