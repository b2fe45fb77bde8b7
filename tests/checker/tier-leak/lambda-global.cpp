// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A lambda defined at namespace scope, or in a default member initializer,
// is analyzed like any function body.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <functional>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

auto logUser = [](const User &u) {
  printf("%s:%s\n", u.name.c_str(), u.password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", u.name.c_str());
};

namespace handlers {
const std::function<void(const User &)> onLogin = [](const User &u) {
  puts(u.password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
};
} // namespace handlers

struct Service {
  std::function<void(const User &)> audit = [](const User &u) {
    puts(u.password.c_str());
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  };
};
