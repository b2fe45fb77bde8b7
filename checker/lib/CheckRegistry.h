//===--- CheckRegistry.h - what is known about each check and rule --------===//
//
// The checks and rules of CheckRegistry.def as data: their ids and the text
// reports show. Kept free of Clang, so that the configuration reader can
// use it in the fuzz build; runChecks binds the run functions.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_CHECKREGISTRY_H
#define TRAILGUARD_CHECKER_CHECKREGISTRY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace trailguard {

/// One entry of CheckRegistry.def (see there for the fields' meaning).
struct CheckInfo {
  const char *Id;
  /// A check that `checks` globs and clang-tidy select (TRAILGUARD_CHECK),
  /// not a rule of the framework's own findings (TRAILGUARD_RULE).
  bool Selectable;
  const char *Name;
  const char *Short;
  const char *Full;
  const char *HelpText;
  const char *HelpMarkdown;
  const char *Level;
  const char *Precision;
  const char *ProblemSeverity;
  const char *SecuritySeverity; ///< or nullptr
  std::vector<const char *> Tags;
  unsigned Cwe;        ///< 0: none
  const char *DocPage; ///< under the repository root, or nullptr

  /// The page a report links to, or "" without a doc page.
  std::string helpUri() const;
};

/// Every check and rule, in the order of CheckRegistry.def.
llvm::ArrayRef<CheckInfo> checkRegistry();

/// The ids of the selectable checks, in registry order: what a `checks`
/// glob, a clang-tidy -checks list and runChecks choose from.
llvm::ArrayRef<llvm::StringRef> selectableCheckIds();

/// The registry entry of \p Id, or nullptr.
const CheckInfo *findCheck(llvm::StringRef Id);

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_CHECKREGISTRY_H
