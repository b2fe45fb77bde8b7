//===--- GenTool.h - the trailguard-gen command line ----------------------===//
//
// The whole of trailguard-gen behind one function, so that the executable is
// a thin main and tests can link the same code.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CODEGEN_GENTOOL_H
#define TRAILGUARD_CODEGEN_GENTOOL_H

namespace trailguard {
namespace gen {

/// Exit codes of trailguard-gen; documented in docs/schema.md.
enum ExitCode : int {
  ExitOk = 0,           ///< output written / schemas compatible
  ExitIncompatible = 1, ///< compat: at least one breaking change
  ExitError = 2,        ///< usage error or invalid schema
};

/// Runs trailguard-gen with the given command line; returns the exit code.
int runGenTool(int Argc, const char **Argv);

} // namespace gen
} // namespace trailguard

#endif // TRAILGUARD_CODEGEN_GENTOOL_H
