// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// An operator<< that prints an unannotated field prints whatever was stored
// in that field of the object being streamed.
#include <trailguard/annotations.hpp>
#include <iostream>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

struct Pair {
  std::string first;
  std::string second;
};
std::ostream &operator<<(std::ostream &os, const Pair &p) {
  return os << p.first << "=" << p.second;
}

void f(const User &u) {
  Pair p;
  p.first = "password";
  p.second = u.password;
  std::cout << p << "\n";
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cout' through call to 'operator<<' [trailguard-tier-leak]
  Pair q{"user", u.password};
  std::cout << q << "\n";
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cout' through call to 'operator<<' [trailguard-tier-leak]
  Pair clean{"user", u.name};
  std::cout << clean << "\n";
}
