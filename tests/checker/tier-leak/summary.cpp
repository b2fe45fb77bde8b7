// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Functions defined in the translation unit are summarized: what they return
// and what they write through reference parameters is mapped onto each call.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

const std::string &getPassword(const User &u) { return u.password; }
std::string getName(const User &u) { return u.name; }

void fieldGetters(const User &u) {
  puts(getPassword(u).c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(getName(u).c_str());
}

std::string forward(const std::string &s) { return s; }
std::string decorate(const std::string &s) { return "[" + s + "]"; }
std::string second(const std::string &a, const std::string &b) { return b; }

void forwarding(const User &u) {
  puts(forward(u.password).c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(forward(forward(u.password)).c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string d = decorate(u.password);
  puts(d.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(second(u.name, u.password).c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]

  // Each call is bound to its own arguments.
  puts(forward(u.name).c_str());
  puts(decorate(u.name).c_str());
  puts(second(u.password, u.name).c_str());
}

void fill(const User &u, std::string &out) { out = u.password; }
void fillName(const User &u, std::string &out) { out = u.name; }

void outParameters(const User &u) {
  std::string a;
  fill(u, a);
  puts(a.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string b;
  fillName(u, b);
  puts(b.c_str());
}

// Recursion terminates, and its summary still follows the parameter.
std::string repeat(const std::string &s, int n) {
  return n == 0 ? s : repeat(s, n - 1);
}
int countDown(const std::string &s, int n) {
  return n == 0 ? static_cast<int>(s.size()) : countDown(s, n - 1);
}

void recursion(const User &u) {
  puts(repeat(u.password, 3).c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(repeat(u.name, 3).c_str());
  printf("%d\n", countDown(u.password, 3));
}
