// RUN: %check_trailguard %s --config %S/Inputs/only-audit.yaml -- -std=c++17 -I%annotations_include
// `checks` selects the checks that run: here only the audit check.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>

TG_AUDIT_SINK void audit(const std::string &message);
TG_SENSITIVE const char *token();

void f(const std::string &user) {
  puts(token());
  audit("login by " + user);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: audit message passed to 'audit' is not a compile-time constant; pass a constant message and the runtime values as structured parameters [trailguard-unparameterized-audit]
}
