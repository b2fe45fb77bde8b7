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

#include <map>
#include <tuple>

using namespace clang;

namespace trailguard {
namespace {

/// Keeps the first MaxRepeatsPerLine findings of each check and message on
/// a line; the last one kept says how many more there are. Generated or
/// minified code can put thousands of the same finding on one line, and
/// every finding costs the length of its line in the reports (its text is
/// part of the fingerprint), so an unbounded count would make them
/// quadratic in the line's length.
void capRepeatsPerLine(const SourceManager &SM, std::vector<Finding> &Findings) {
  struct Repeats {
    size_t LastKept = 0;
    unsigned Count = 0;
  };
  std::map<std::tuple<unsigned, unsigned, std::string, std::string>, Repeats>
      PerLine;
  std::vector<Finding> Kept;
  for (size_t I = 0; I < Findings.size(); ++I) {
    Finding &F = Findings[I];
    std::pair<FileID, unsigned> Pos =
        SM.getDecomposedLoc(SM.getFileLoc(F.Loc));
    unsigned Line = Pos.first.isValid()
                        ? SM.getLineNumber(Pos.first, Pos.second)
                        : 0;
    Repeats &R = PerLine[{Pos.first.getHashValue(), Line, F.CheckId,
                          F.Message}];
    if (R.Count++ < MaxRepeatsPerLine) {
      R.LastKept = Kept.size();
      Kept.push_back(std::move(F));
    }
  }
  for (const auto &[Key, R] : PerLine) {
    if (R.Count <= MaxRepeatsPerLine)
      continue;
    Finding &Last = Kept[R.LastKept];
    Last.Notes.push_back(
        {Last.Loc, std::to_string(R.Count - MaxRepeatsPerLine) +
                       " more findings like this on this line are not "
                       "reported (at most " +
                       std::to_string(MaxRepeatsPerLine) + " per line)"});
  }
  Findings = std::move(Kept);
}

} // namespace

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
  capRepeatsPerLine(SM, Findings);
  for (Finding &F : Findings)
    Out.push_back(std::move(F));
}

} // namespace trailguard
