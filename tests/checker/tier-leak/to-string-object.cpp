// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A user-written to_string() of an object returns what its body puts in the
// string: the secret when it includes it, a clean string when it leaves it
// out.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <iostream>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
  int id;
};
std::string to_string(const User &u) {
  return "User(" + u.name + ", " + u.password + ")";
}

struct SafeUser {
  std::string name;
  TG_SENSITIVE std::string password;
  int id;
};
std::string to_string(const SafeUser &u) {
  return "SafeUser(" + u.name + ", " + std::to_string(u.id) + ")";
}

namespace app {
struct Account {
  TG_SENSITIVE std::string key;
  std::string owner;
};
std::string to_string(const Account &a) {
  std::string r = a.owner;
  r += "/";
  r += a.key;
  return r;
}
std::string describe(const Account &a) { return "owner=" + a.owner; }
} // namespace app

struct Member {
  std::string name;
  TG_SENSITIVE std::string secret;
  std::string toString() const { return name + ":" + secret; }
  std::string summary() const { return name; }
};

void f(const User &u, const SafeUser &s) {
  puts(to_string(u).c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::cout << to_string(u) << "\n";
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  std::string text = to_string(u);
  puts(text.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(to_string(s).c_str());
  std::cout << to_string(s) << "\n";
}

void adl(const app::Account &a) {
  puts(to_string(a).c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(describe(a).c_str());
}

void method(const Member &m) {
  puts(m.toString().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(m.summary().c_str());
}
