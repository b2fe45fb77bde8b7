//===--- ConfigNames.h - configured names that match nothing ---*- C++ -*-===//
//
// Finds which names of .trailguard.yaml (sources, sinks, sink classes,
// declassifiers) a translation unit declares, so that the run can warn about
// the ones no translation unit declares: a misspelled sink is otherwise a
// silent blind spot.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_CONFIGNAMES_H
#define TRAILGUARD_CHECKER_CONFIGNAMES_H

#include "Config.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/raw_ostream.h"

#include <climits>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
} // namespace clang

namespace trailguard {

/// What one translation unit says about the names of one configuration,
/// index for index with Config::Names.
struct NameMatches {
  const Config *Cfg = nullptr;
  std::vector<bool> Matched;
  /// For a name not matched: the closest declared name of the same kind,
  /// and its edit distance (UINT_MAX: none close).
  std::vector<std::string> Nearest;
  std::vector<unsigned> Distance;
};

/// Matches \p Cfg's names against the declarations of the translation unit
/// in \p Ctx, the way the checks look them up (a function for sinks and
/// declassifiers, a class for log-sink-classes, a field, variable,
/// function or class for sources).
NameMatches matchConfiguredNames(clang::ASTContext &Ctx, const Config &Cfg);

/// Prints to \p OS one warning per configured name that no unit of \p Units
/// matched, with the file and line of the name and the closest name any
/// unit declared. Returns how many it printed.
unsigned warnUnmatchedNames(llvm::ArrayRef<NameMatches> Units,
                            llvm::raw_ostream &OS);

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_CONFIGNAMES_H
