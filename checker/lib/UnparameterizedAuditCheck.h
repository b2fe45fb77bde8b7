//===--- UnparameterizedAuditCheck.h - trailguard-unparameterized-audit ---===//
//
// Finds audit entry points that receive a message built at run time instead
// of a constant message plus structured parameters: the log-forging hole.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_UNPARAMETERIZEDAUDITCHECK_H
#define TRAILGUARD_CHECKER_UNPARAMETERIZEDAUDITCHECK_H

#include "Checks.h"
#include "Finding.h"
#include "TierLeakCheck.h"

#include "clang/AST/ASTContext.h"

#include <vector>

namespace trailguard {

/// Checks every call to an audit entry point (TG_AUDIT_SINK or configured)
/// in a reportable file of \p Ctx and appends the findings to \p Out.
void runUnparameterizedAuditCheck(clang::ASTContext &Ctx,
                                  const CheckOptions &Opts,
                                  ReportablePred Reportable,
                                  std::vector<Finding> &Out);

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_UNPARAMETERIZEDAUDITCHECK_H
