// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// The article's first step: an audit method that is syntactic sugar for a
// log call. Its message is the first string parameter, whatever its position.
#include <trailguard/annotations.hpp>
#include <map>
#include <string>

class Log {
public:
  TG_AUDIT_SINK void audit(int severity, const std::string &message,
                           const std::map<std::string, std::string> &fields);
};

void f(Log &log, const std::string &user) {
  log.audit(1, "user " + user + " logged in", {});
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: audit message passed to 'Log::audit' is not a compile-time constant; pass a constant message and the runtime values as structured parameters [trailguard-unparameterized-audit]
  log.audit(1, "user logged in", {{"user", user}});
}
