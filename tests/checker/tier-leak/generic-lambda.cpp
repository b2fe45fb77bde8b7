// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Generic lambdas: the body that runs is the instantiation for the argument
// it is called with.
#include <trailguard/annotations.hpp>
#include <iostream>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void f(const User &u) {
  auto show = [](auto &&x) { std::cout << x << "\n"; };
  show(u.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'std::cout' through call to 'lambda operator()' [trailguard-tier-leak]
  show(u.name);
  show(u.password.size());

  auto each = [](const auto &...xs) { ((std::clog << xs << ' '), ...); };
  each(u.name, u.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::clog' through call to 'lambda operator()' [trailguard-tier-leak]
  each(u.name, 42);

  // Look-alike: a generic lambda that measures its argument.
  auto len = [](const auto &x) { std::cout << x.size() << "\n"; };
  len(u.password);
}
