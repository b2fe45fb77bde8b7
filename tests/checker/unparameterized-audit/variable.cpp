// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A message held in a variable is judged by every value the variable gets.
#include <trailguard/annotations.hpp>
#include <string>

TG_AUDIT_SINK void audit(const char *message, int actor);

static const char kLogin[] = "user logged in";
constexpr const char *kLogout = "user logged out";

void f(const std::string &name, int actor, bool ok) {
  std::string built = "user " + name;
  audit(built.c_str(), actor);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: audit message passed to 'audit' is not a compile-time constant; pass a constant message and the runtime values as structured parameters [trailguard-unparameterized-audit]
  // CHECK-NOTES: :[[@LINE-3]]:23: note: message 'built' is built here
  // CHECK-NOTES: :[[@LINE-4]]:33: note: from this runtime value

  const char *chosen = ok ? "login ok" : "login failed";
  audit(chosen, actor);
  audit(kLogin, actor);
  audit(kLogout, actor);

  const char *later = "placeholder";
  later = name.c_str();
  audit(later, actor);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: audit message passed to 'audit' is not a compile-time constant; pass a constant message and the runtime values as structured parameters [trailguard-unparameterized-audit]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: message 'later' is given a runtime value here
}

void wrapper(const char *message, int actor) {
  audit(message, actor);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: audit message passed to 'audit' is not a compile-time constant; pass a constant message and the runtime values as structured parameters [trailguard-unparameterized-audit]
  // CHECK-NOTES: :[[@LINE-3]]:26: note: 'message' is a parameter: the message comes from the caller at run time
}
