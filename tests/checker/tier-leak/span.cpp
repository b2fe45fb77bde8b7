// RUN: %check_trailguard %s -- -std=c++20 -I%annotations_include
// A std::span sees the elements it spans.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void bytes(const User &u) {
  std::span<const char> s(u.password.data(), u.password.size());
  printf("%.*s\n", static_cast<int>(s.size()), s.data());
  // CHECK-MESSAGES: :[[@LINE-1]]:48: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  std::span<const char> n(u.name.data(), u.name.size());
  printf("%.*s %zu\n", static_cast<int>(n.size()), n.data(), s.size());
}

void elements(const std::vector<User> &users) {
  std::vector<std::string> secrets;
  std::vector<std::string> names;
  for (const User &u : users) {
    secrets.push_back(u.password);
    names.push_back(u.name);
  }
  std::span<const std::string> s(secrets);
  for (const std::string &e : s)
    puts(e.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::span<const std::string> n(names);
  puts(n[0].c_str());
  puts(n.front().c_str());
}
