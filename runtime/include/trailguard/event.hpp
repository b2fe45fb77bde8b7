// What generated audit event types rely on: tiers, required context, and
// the pragmas that let generated code touch its own deprecated fields.
#ifndef TRAILGUARD_EVENT_HPP
#define TRAILGUARD_EVENT_HPP

#include <trailguard/tier.hpp>

namespace trailguard {

// Which of the core context fields an event must carry.
struct context_fields {
  bool actor;
  bool session;
  bool source_address;
  bool request_id;
};

}  // namespace trailguard

// Generated constructors and visit() read deprecated fields on purpose.
#if defined(__GNUC__) || defined(__clang__)
#  define TRAILGUARD_DETAIL_SUPPRESS_DEPRECATED_BEGIN \
    _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wdeprecated-declarations\"")
#  define TRAILGUARD_DETAIL_SUPPRESS_DEPRECATED_END _Pragma("GCC diagnostic pop")
#else
#  define TRAILGUARD_DETAIL_SUPPRESS_DEPRECATED_BEGIN
#  define TRAILGUARD_DETAIL_SUPPRESS_DEPRECATED_END
#endif

#endif  // TRAILGUARD_EVENT_HPP
