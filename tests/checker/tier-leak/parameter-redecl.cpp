// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A parameter annotated on the prototype (in a header) is annotated in the
// definition too, which usually lives in a .cpp without the macro.
#include <trailguard/annotations.hpp>
#include <cstdio>

void login(const char *user, TG_SENSITIVE const char *password);

void login(const char *user, const char *password) {
  printf("%s\n", password);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", user);
}
