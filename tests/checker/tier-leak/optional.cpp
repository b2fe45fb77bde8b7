// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A std::optional holds the tier of what was put in it, until it is reset.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <optional>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

std::optional<std::string> findPassword(const User &u, bool ok) {
  if (!ok)
    return std::nullopt;
  return u.password;
}

void f(const User &u, bool ok) {
  std::optional<std::string> p = u.password;
  puts(p->c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(p.value().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(p.value_or("none").c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  printf("%d\n", p.has_value());
  p.reset();
  puts(p.value_or("none").c_str());
  p = u.name;
  puts((*p).c_str());
}

void returned(const User &u, bool ok) {
  if (auto p = findPassword(u, ok))
    puts(p->c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::optional<std::string> n;
  n.emplace(u.name);
  puts(n->c_str());
}
