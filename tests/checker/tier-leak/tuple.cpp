// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// std::tuple elements read with std::get or structured bindings: a tuple
// that holds a secret in any element is sensitive as a whole (elements are
// not told apart), a tuple of clean values is clean.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>
#include <tuple>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
  int age;
};

void f(const User &u) {
  std::tuple<std::string, std::string, int> t(u.name, u.password, u.age);
  puts(std::get<1>(t).c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  auto [name, password, age] = t;
  puts(password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  auto c = std::make_tuple(u.name, u.age);
  puts(std::get<0>(c).c_str());
  printf("%d\n", std::get<int>(c));
}
