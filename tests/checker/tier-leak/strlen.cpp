// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// strlen() of a secret is a length, like std::string::size(): logging it is
// fine. (So is the character count snprintf returns.)
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <cstring>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void f(const User &u) {
  printf("password has %zu characters\n", strlen(u.password.c_str()));
  size_t n = std::strlen(u.password.c_str());
  printf("%zu\n", n);
  char buf[64];
  int written = snprintf(buf, sizeof buf, "%s", u.password.c_str());
  printf("%d\n", written);
  puts(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}
