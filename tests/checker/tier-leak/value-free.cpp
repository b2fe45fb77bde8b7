// RUN: %check_trailguard %s -- -std=c++20 -I%annotations_include
// Sizes, emptiness, comparisons and other boolean results say nothing about
// the contents of a secret: logging them is fine.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
  TG_SENSITIVE std::vector<std::string> keys;
  TG_SENSITIVE int pin;
};

void sizes(const User &u) {
  printf("%zu\n", u.password.size());
  printf("%zu\n", u.password.length());
  printf("%zu\n", u.keys.size());
  std::string_view v = u.password;
  printf("%zu\n", v.size());
  size_t n = u.password.size();
  printf("%zu\n", n);
  std::cout << "length " << u.password.length() << "\n";
}

void predicates(const User &u) {
  printf("%d\n", u.password.empty());
  printf("%d\n", u.keys.empty());
  printf("%d\n", u.password == "admin");
  printf("%d\n", u.pin > 999);
  printf("%d\n", u.password.starts_with("$2b$"));
  bool same = u.password == u.name;
  printf("%d\n", same);
  bool ok = !u.password.empty() && u.pin != 0;
  printf("%d\n", ok);
  std::cout << std::boolalpha << (u.password != u.name) << "\n";
}

// The contents themselves still are sensitive.
void contents(const User &u) {
  printf("%d\n", u.pin);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%zu\n", u.password.size() + u.pin);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
}
