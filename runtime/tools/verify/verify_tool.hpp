// The trailguard-verify command line behind one function, for a thin main and tests.
#ifndef TRAILGUARD_VERIFY_TOOL_HPP
#define TRAILGUARD_VERIFY_TOOL_HPP

#include <iosfwd>

namespace trailguard {
namespace verify {

// Exit codes of trailguard-verify; documented in docs/runtime.md.
enum exit_code : int {
  exit_intact = 0,   // every trail verified
  exit_tampered = 1, // a trail was modified, truncated, reordered, ...
  exit_usage = 2,    // bad command line or unreadable input
};

int run_verify_tool(int argc, const char** argv, std::ostream& out, std::ostream& err);

}  // namespace verify
}  // namespace trailguard

#endif  // TRAILGUARD_VERIFY_TOOL_HPP
