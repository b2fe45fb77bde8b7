// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A constant printf-style format still interpolates its runtime arguments
// into the message.
#include <trailguard/annotations.hpp>

TG_AUDIT_SINK void audit_printf(const char *format, ...)
    __attribute__((format(printf, 1, 2)));

void f(const char *user, int attempts) {
  audit_printf("user %s failed %d times", user, attempts);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: audit message passed to 'audit_printf' interpolates runtime values with printf-style formatting; pass them as structured parameters [trailguard-unparameterized-audit]
  audit_printf("login failed");
}
