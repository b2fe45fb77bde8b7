//===--- Checks.h - run trailguard's checks on one translation unit -------===//
//
// The one entry point the command-line tool, the clang-tidy module and the
// compiler plugin share, so all three report the same findings.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_CHECKS_H
#define TRAILGUARD_CHECKER_CHECKS_H

#include "CheckNames.h"
#include "CheckRegistry.h"
#include "Config.h"
#include "Finding.h"
#include "FindingCollector.h"

#include "clang/AST/ASTContext.h"

#include <vector>

namespace trailguard {

struct TUFacts;

/// What a run of the checks is configured with: the configuration file in
/// effect for the translation unit (with what command-line switches add to
/// it, such as --infer-sensitive-names), and switches of the tool alone.
struct CheckOptions {
  Config Cfg;
  /// Report declarations that would benefit from an annotation, as fix-its.
  bool SuggestAnnotations = false;
  /// Also report NOLINT comments naming a trailguard check that suppressed
  /// nothing (trailguard-unused-suppression).
  bool ReportUnusedSuppressions = false;
  /// Findings in the non-system headers under this absolute directory are
  /// reported (narrowed by Cfg.HeaderFilter); "" reports headers only
  /// through Cfg.HeaderFilter. trailguard-check passes its --source-root.
  std::string SourceRoot;
  /// When set, the tier-leak check leaves here what only the whole program
  /// can decide: summaries, calls into other translation units and the
  /// findings that wait on them (trailguard-check; ProgramFacts.h).
  TUFacts *Facts = nullptr;
  /// Keep the findings a NOLINT comment silences, after the others, with
  /// Finding::Suppression set (trailguard-check, whose SARIF records them);
  /// otherwise they are dropped.
  bool KeepSuppressed = false;
};

/// What a check of CheckRegistry.def runs: it analyzes the translation unit
/// of its ASTContext and reports to the collector.
using CheckRunFn = void (*)(clang::ASTContext &, const CheckOptions &,
                            FindingCollector &);

/// Runs every enabled check on the translation unit of \p Ctx and appends
/// the findings (sorted by location) to \p Out. Findings are reported in the
/// main file and in the headers FindingCollector allows (Opts.SourceRoot,
/// the configured header filter).
void runChecks(clang::ASTContext &Ctx, const CheckOptions &Opts,
               std::vector<Finding> &Out);

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_CHECKS_H
