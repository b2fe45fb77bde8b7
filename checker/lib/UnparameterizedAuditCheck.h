//===--- UnparameterizedAuditCheck.h - trailguard-unparameterized-audit ---===//
//
// Finds audit entry points that receive a message built at run time instead
// of a constant message plus structured parameters: the log-forging hole.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_UNPARAMETERIZEDAUDITCHECK_H
#define TRAILGUARD_CHECKER_UNPARAMETERIZEDAUDITCHECK_H

#include "Checks.h"
#include "FindingCollector.h"

#include "clang/AST/ASTContext.h"

namespace trailguard {

/// Checks every call to an audit entry point (TG_AUDIT_SINK or configured)
/// in a reportable file of \p Ctx and reports the findings to \p Findings.
void runUnparameterizedAuditCheck(clang::ASTContext &Ctx,
                                  const CheckOptions &Opts,
                                  FindingCollector &Findings);

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_UNPARAMETERIZEDAUDITCHECK_H
