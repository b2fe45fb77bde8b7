//===--- TierLeakCheck.h - trailguard-tier-leak ---------------------------===//
//
// Finds sensitive or restricted values reaching a place of lower tier: an
// application log sink, or a field or variable annotated with a lower tier.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_TIERLEAKCHECK_H
#define TRAILGUARD_CHECKER_TIERLEAKCHECK_H

#include "Finding.h"

#include "clang/AST/ASTContext.h"

#include <vector>

namespace trailguard {

inline constexpr const char TierLeakCheckId[] = "trailguard-tier-leak";

/// Analyzes every function defined in the main file of \p Ctx and appends
/// its findings to \p Out.
void runTierLeakCheck(clang::ASTContext &Ctx, std::vector<Finding> &Out);

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_TIERLEAKCHECK_H
