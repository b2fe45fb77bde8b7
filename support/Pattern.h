//===--- Pattern.h - schema patterns compiled to a DFA --------------------===//
//
// The one engine for a schema field's `pattern`: trailguard-gen, the schema
// reader and the collector compile it here to a deterministic automaton that
// runtime/include/trailguard/detail/pattern.hpp runs in linear time with no
// recursion, so that no value can cost more than one step per byte.
// Supported syntax, limits and semantics: docs/schema.md ("pattern").
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_SUPPORT_PATTERN_H
#define TRAILGUARD_SUPPORT_PATTERN_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trailguard {
namespace pattern {

/// Limits, so that compiling a hostile pattern is bounded too.
constexpr size_t MaxPatternBytes = 1024;   ///< as the schema reader's limit
constexpr unsigned MaxRepeat = 1000;       ///< in {m}, {m,} and {m,n}
constexpr unsigned MaxGroupDepth = 64;     ///< nested groups
constexpr size_t MaxNfaStates = 20000;     ///< once repeats are expanded
constexpr unsigned MaxDfaStates = 4096;    ///< what the generated table holds
constexpr unsigned MaxBuildStates = 16384; ///< before minimisation
constexpr uint64_t MaxWork = 40000000;     ///< steps of the whole compilation

/// A full-match automaton over the bytes of a value. State 0 rejects for
/// good; every other state is live.
struct Dfa {
  std::array<uint8_t, 256> ByteClass{}; ///< byte -> column of Next
  unsigned Classes = 0;
  unsigned Start = 0;
  std::vector<uint16_t> Next;     ///< states() x Classes, row-major
  std::vector<uint8_t> Accepting; ///< 1 for an accepting state

  unsigned states() const { return static_cast<unsigned>(Accepting.size()); }
  /// Whether the whole of \p Value matches; what the runtime's matcher
  /// computes, for tests.
  bool matches(std::string_view Value) const;
};

/// Why a pattern was refused.
struct Problem {
  size_t Offset = 0;        ///< byte of the pattern the problem is at
  bool Unsupported = false; ///< valid ECMAScript that cannot run in linear time
  std::string Message;      ///< lowercase, no final period
};

/// Compiles \p Pattern (the ECMAScript subset docs/schema.md describes) to
/// \p Out; on failure returns false and says why in \p Why.
bool compile(std::string_view Pattern, Dfa &Out, Problem &Why);

/// Whether the whole of \p Value matches \p Pattern, computed slowly and
/// independently of the automaton (sets of positions over the parse tree,
/// by code point), for tests and the fuzzer to check compile() against.
/// Anchors mean what they mean in ECMAScript, wherever they are. Empty when
/// the pattern does not parse or \p Value has over 63 code points; false
/// when \p Value is not UTF-8.
std::optional<bool> referenceMatch(std::string_view Pattern,
                                   std::string_view Value);

} // namespace pattern
} // namespace trailguard

#endif // TRAILGUARD_SUPPORT_PATTERN_H
