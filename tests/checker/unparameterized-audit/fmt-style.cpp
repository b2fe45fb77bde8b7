// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include -isystem %mocks
// fmt-style formatting with runtime arguments, and a message formatted
// before the call, are both runtime messages; typed fields are fine.
#include <trailguard/annotations.hpp>
#include <fmt/format.h>
#include <string>
#include <utility>

namespace audit {
template <typename... Args>
TG_AUDIT_SINK void record(fmt::format_string<Args...> format, Args &&...args);
TG_AUDIT_SINK void event(std::string_view message,
                         const std::pair<const char *, std::string> &field);
} // namespace audit

void f(const std::string &user) {
  audit::record("user {} logged in", user);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: audit message passed to 'audit::record' interpolates runtime values with fmt-style formatting; pass them as structured parameters [trailguard-unparameterized-audit]
  audit::event(fmt::format("user {} logged in", user), {"user", user});
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: audit message passed to 'audit::event' is not a compile-time constant; pass a constant message and the runtime values as structured parameters [trailguard-unparameterized-audit]
  audit::record("user logged in");
  audit::event("user logged in", {"user", user});
}
