//===--- TierLeakCheck.h - trailguard-tier-leak ---------------------------===//
//
// Finds sensitive or restricted values reaching a place of lower tier: an
// application log sink, or a field or variable annotated with a lower tier.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_TIERLEAKCHECK_H
#define TRAILGUARD_CHECKER_TIERLEAKCHECK_H

#include "Checks.h"
#include "Finding.h"

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <vector>

namespace trailguard {

/// Where findings may be reported (a file location).
using ReportablePred = llvm::function_ref<bool(clang::SourceLocation)>;

/// Analyzes every function defined in a reportable file of \p Ctx and
/// appends its findings to \p Out.
void runTierLeakCheck(clang::ASTContext &Ctx, const CheckOptions &Opts,
                      ReportablePred Reportable, std::vector<Finding> &Out);

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_TIERLEAKCHECK_H
