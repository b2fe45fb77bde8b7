//===--- CheckNames.h - the globs that pick checks by name ---------------===//
//
// The names themselves are CheckRegistry.def's. Kept free of Clang, so that
// the configuration reader can be built (and fuzzed) with LLVM's support
// library alone.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_CHECKNAMES_H
#define TRAILGUARD_CHECKER_CHECKNAMES_H

#include "Config.h"

#include "llvm/ADT/StringRef.h"

namespace trailguard {

/// clang-tidy's glob: '*' matches any run of characters, all else itself.
/// Linear in practice and never recursive, whatever the glob.
bool globMatches(llvm::StringRef Glob, llvm::StringRef Text);

/// True if check \p Id is enabled by the `checks` glob list of \p Cfg
/// (clang-tidy syntax: "trailguard-*,-trailguard-unparameterized-audit").
bool isCheckEnabled(const Config &Cfg, llvm::StringRef Id);

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_CHECKNAMES_H
