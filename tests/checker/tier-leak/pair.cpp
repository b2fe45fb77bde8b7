// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// The two halves of a std::pair keep their own tiers: .first and .second,
// std::get<0> and std::get<1>, structured bindings.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>
#include <utility>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

std::pair<std::string, std::string> split(const User &u) {
  return {u.name, u.password};
}

void members(const User &u) {
  std::pair<std::string, std::string> p(u.name, u.password);
  puts(p.first.c_str());
  puts(p.second.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  auto q = std::make_pair(u.password, u.name);
  puts(q.first.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(q.second.c_str());
}

void get(const User &u) {
  std::pair<std::string, std::string> p{u.name, u.password};
  puts(std::get<0>(p).c_str());
  puts(std::get<1>(p).c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}

void bindings(const User &u) {
  auto [name, password] = std::make_pair(u.name, u.password);
  puts(name.c_str());
  puts(password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}

void returned(const User &u) {
  auto p = split(u);
  puts(p.first.c_str());
  puts(p.second.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}

void assigned(const User &u) {
  std::pair<std::string, std::string> p;
  p.first = u.name;
  p.second = u.password;
  puts(p.first.c_str());
  puts(p.second.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}

void consume(const std::pair<std::string, std::string> &p);
std::pair<std::string, std::string> names(const User &u) {
  return {u.name, u.name};
}

void returnedWhole(const User &u) {
  consume(split(u));
  std::string s = std::string("x") + split(u).second;
  puts(s.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string t = std::string("x") + names(u).second;
  puts(t.c_str());
}
