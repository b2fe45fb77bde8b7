// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A std::string_view sees the characters of the string it views, through
// copies, substrings, parameters and streams.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void logView(std::string_view v) { std::cout << v << '\n'; }

std::string_view prefix(std::string_view v) { return v.substr(0, 4); }

void f(const User &u) {
  std::string_view v = u.password;
  std::cout << v << '\n';
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  std::cout << prefix(u.password) << '\n';
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  std::string_view n = u.name;
  std::cout << n << ' ' << prefix(u.name) << ' ' << v.size() << '\n';
  logView(n);
  v = n;
  std::cout << v << '\n';
}

void g(const User &u) { logView(u.password); }
// CHECK-MESSAGES: :[[@LINE-1]]:33: warning: sensitive value reaches log sink 'std::cout' through call to 'logView' [trailguard-tier-leak]
