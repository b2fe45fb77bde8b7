// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Mutually recursive functions: each summary must account for the other,
// whichever of them the analysis reaches first.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

std::string ping(const std::string &s, int n);
std::string pong(const std::string &s, int n) { return n ? ping(s, n - 1) : s; }
std::string ping(const std::string &s, int n) {
  return n ? pong(s, n - 1) : std::string("done");
}

void f(const User &u) {
  puts(ping(u.password, 3).c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(pong(u.password, 3).c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(ping(u.name, 3).c_str());
  puts(pong(u.name, 3).c_str());
}
