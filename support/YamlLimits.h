//===--- YamlLimits.h - YAML that LLVM's parser cannot survive -------------===//
//
// The one guard every reader of YAML (the checker's configuration, the
// schema reader, the collector's configuration) runs before it walks the
// parsed nodes, so that hostile nesting is an error with a line and a
// column instead of a stack overflow.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_SUPPORT_YAMLLIMITS_H
#define TRAILGUARD_SUPPORT_YAMLLIMITS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <optional>
#include <string>

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace trailguard {

/// Collections inside collections, flow or block, any mix. Every file
/// trailguard reads needs fewer than ten.
inline constexpr unsigned MaxYamlNesting = 64;

/// Commas, or document end markers ('...'), in a row with nothing but
/// blanks and comments between them: LLVM's parser recurses once for each.
inline constexpr unsigned MaxYamlRun = 1000;

/// Where a YAML text goes beyond a limit, and what to do about it.
struct YamlLimitError {
  unsigned Line = 0;   ///< 1-based; 0 when unknown
  unsigned Column = 0; ///< 1-based
  std::string Message; ///< one sentence, lowercase, with the fix
};

/// Parses all of \p Buffer with LLVM's YAML parser, which reports syntax
/// errors through \p SM's diagnostic handler (the walk stops at the first),
/// and returns the first place that goes beyond MaxYamlNesting or
/// MaxYamlRun. Every node is read without recursion, and each collection to
/// its end before the parser moves past it, so neither this walk nor the
/// parser's own skip() recurses deeper than the limits; a reader that walks
/// the nodes again afterwards (recursively) is safe once this returned
/// nothing and no syntax error was reported. \p Kind names the file in the
/// message: "a schema needs far less".
std::optional<YamlLimitError> checkYamlLimits(llvm::MemoryBufferRef Buffer,
                                              llvm::SourceMgr &SM,
                                              llvm::StringRef Kind);

} // namespace trailguard

#endif // TRAILGUARD_SUPPORT_YAMLLIMITS_H
