// The trailguard-trail command line behind one function, for a thin main and tests.
#ifndef TRAILGUARD_TRAIL_TOOL_HPP
#define TRAILGUARD_TRAIL_TOOL_HPP

#include <iosfwd>

namespace trailguard {
namespace query {

// Exit codes of trailguard-trail; documented in docs/trail-queries.md.
enum exit_code : int {
  exit_ok = 0,        // every line read verified
  exit_tampered = 1,  // a line did not verify: nothing after it was printed, or each was marked
  exit_usage = 2,     // bad command line, unreadable input, output that cannot be written
};

// `terminal`: standard output is a terminal (the table by default, and
// JSON Lines kept to printable ASCII).
int run_trail_tool(int argc, const char **argv, std::ostream &out, std::ostream &err, bool terminal);

}  // namespace query
}  // namespace trailguard

#endif  // TRAILGUARD_TRAIL_TOOL_HPP
