// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A conditional expression has the higher tier of its two results; its
// condition is not part of the value.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void f(const User &u, bool verbose) {
  puts(verbose ? u.password.c_str() : "<hidden>");
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string s = verbose ? u.name : u.password;
  puts(s.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  const std::string &r = verbose ? u.password : u.name;
  puts(r.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  printf("%s\n", u.password.empty() ? "" : u.password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]

  puts(verbose ? u.name.c_str() : "<none>");
  // A secret in the condition only selects between clean values.
  printf("%s\n", u.password == "admin" ? "admin" : "user");
  printf("%d\n", u.password.empty() ? 0 : 1);
}
