// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A message concatenated from runtime values is the log-forging hole; a
// constant message with the values as structured parameters is the fix.
#include <trailguard/annotations.hpp>
#include <string>

struct Fields {
  std::string user;
};
TG_AUDIT_SINK void audit(const std::string &message, const Fields &fields = {});

void login(const std::string &name) {
  audit("user " + name + " logged in");
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: audit message passed to 'audit' is not a compile-time constant; pass a constant message and the runtime values as structured parameters [trailguard-unparameterized-audit]
  audit(std::string("user ") + "logged in");
  audit("user logged in", Fields{name});
  audit(std::string("user logged in"));
}
