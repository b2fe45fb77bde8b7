//===--- Checks.cpp - run trailguard's checks on one translation unit -----===//
//
// Dispatches to the enabled checks and applies what is common to all of
// them: where findings may be reported, suppressions, ordering.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "AnnotationSuggestions.h"
#include "Suppressions.h"
#include "TierLeakCheck.h"
#include "UnparameterizedAuditCheck.h"

#include "clang/Basic/SourceManager.h"
#include "llvm/Support/Regex.h"

using namespace clang;

namespace trailguard {

void runChecks(ASTContext &Ctx, const CheckOptions &Opts,
               std::vector<Finding> &Out) {
  SourceManager &SM = Ctx.getSourceManager();
  std::optional<llvm::Regex> HeaderFilter;
  if (!Opts.Cfg.HeaderFilter.empty())
    HeaderFilter.emplace(Opts.Cfg.HeaderFilter);
  auto Reportable = [&](SourceLocation FileLoc) {
    if (SM.isInMainFile(FileLoc))
      return true;
    if (!HeaderFilter || SM.isInSystemHeader(FileLoc))
      return false;
    return HeaderFilter->match(SM.getFilename(FileLoc));
  };
  std::vector<Finding> Findings;
  if (isCheckEnabled(Opts.Cfg, TierLeakCheckId))
    runTierLeakCheck(Ctx, Opts, Reportable, Findings);
  if (isCheckEnabled(Opts.Cfg, UnparameterizedAuditCheckId))
    runUnparameterizedAuditCheck(Ctx, Opts, Reportable, Findings);
  if (Opts.SuggestAnnotations)
    suggestAnnotations(Ctx, Opts.Cfg, Reportable, Findings);
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
  llvm::stable_sort(Findings, [&](const Finding &L, const Finding &R) {
    if (L.Loc != R.Loc)
      return SM.isBeforeInTranslationUnit(L.Loc, R.Loc);
    return L.Message < R.Message;
  });
  for (Finding &F : Findings)
    Out.push_back(std::move(F));
}

} // namespace trailguard
