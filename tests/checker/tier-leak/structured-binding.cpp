// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A structured binding of an annotated field is as sensitive as the field;
// a binding of an unannotated field is clean.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <map>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void byValue(const User &u) {
  auto [name, password] = u;
  puts(password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(name.c_str());
}

void byReference(const User &u) {
  const auto &[name, password] = u;
  puts(password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(name.c_str());
}

void mapEntries(const std::map<std::string, User> &users) {
  for (const auto &[id, user] : users) {
    puts(user.password.c_str());
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
    puts(id.c_str());
  }
}
