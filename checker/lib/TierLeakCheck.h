//===--- TierLeakCheck.h - trailguard-tier-leak ---------------------------===//
//
// Finds sensitive or restricted values reaching a place of lower tier: an
// application log sink, or a field or variable annotated with a lower tier.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_TIERLEAKCHECK_H
#define TRAILGUARD_CHECKER_TIERLEAKCHECK_H

#include "Checks.h"
#include "FindingCollector.h"

#include "clang/AST/ASTContext.h"

namespace trailguard {

/// Analyzes every function defined in a reportable file of \p Ctx and
/// reports its findings to \p Findings.
void runTierLeakCheck(clang::ASTContext &Ctx, const CheckOptions &Opts,
                      FindingCollector &Findings);

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_TIERLEAKCHECK_H
