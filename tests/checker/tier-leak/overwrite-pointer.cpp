// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Reassigning a pointer variable replaces what it points to: a pointer that
// pointed at a secret and now points at a literal is clean. (Writing
// *through* the pointer is a different thing and stays a weak update.)
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void f(const User &u) {
  const char *p = u.password.c_str();
  puts(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  p = "redacted";
  puts(p);
  p = u.name.c_str();
  puts(p);
}
