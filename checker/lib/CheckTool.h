//===--- CheckTool.h - the trailguard-check command line ------------------===//
//
// The whole of trailguard-check behind one function, so that the executable
// is a thin main and tests can link the same code.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_CHECKTOOL_H
#define TRAILGUARD_CHECKER_CHECKTOOL_H

namespace trailguard {

/// Exit codes of trailguard-check; documented in docs/checker.md.
enum ExitCode : int {
  ExitClean = 0,    ///< analysis ran, no findings
  ExitFindings = 1, ///< analysis ran, at least one finding
  ExitError = 2,    ///< usage error, bad input, or a TU that failed to parse
};

/// Runs trailguard-check with the given command line; returns the exit code.
int runCheckTool(int Argc, const char **Argv);

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_CHECKTOOL_H
