// Runs a schema pattern's automaton, compiled by trailguard-gen (into the
// generated header) or by the collector, over a value: one table look-up per
// byte, no recursion, no allocation, so no value can make a check slow.
#ifndef TRAILGUARD_DETAIL_PATTERN_HPP
#define TRAILGUARD_DETAIL_PATTERN_HPP

#include <cstddef>
#include <string_view>

namespace trailguard {
namespace detail {

// A full-match DFA over the bytes of a value (docs/schema.md, "pattern").
// State 0 rejects for good; next holds one row of `classes` states per state.
template <typename State>
struct pattern_dfa {
  const unsigned char *byte_class;  // 256 entries: byte -> column of next
  const State *next;
  const unsigned char *accepting;  // one per state
  std::size_t classes;
  State start;
};

template <typename State>
constexpr bool pattern_matches(std::string_view value, const pattern_dfa<State> &dfa) noexcept {
  std::size_t state = dfa.start;
  for (char c : value) {
    state = dfa.next[state * dfa.classes + dfa.byte_class[static_cast<unsigned char>(c)]];
    if (state == 0) return false;
  }
  return dfa.accepting[state] != 0;
}

}  // namespace detail
}  // namespace trailguard

#endif  // TRAILGUARD_DETAIL_PATTERN_HPP
