// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Inserting into a std::ostringstream gives the stream, and its str(), the
// tier of what was inserted.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
  TG_SENSITIVE int pin;
  int age;
};

void f(const User &u) {
  std::ostringstream a;
  a << "user=" << u.name << " pw=" << u.password;
  puts(a.str().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]

  std::ostringstream b;
  b << u.pin;
  std::string text = b.str();
  std::cout << text << "\n";
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]

  std::ostringstream c;
  c << "user=" << u.name << " age=" << u.age;
  puts(c.str().c_str());
  std::cout << c.str() << "\n";

  std::ostringstream d;
  d << u.password;
  std::cout << d.str().size() << "\n";
}

void stringstream(const User &u) {
  std::stringstream s;
  s << u.password;
  std::string word;
  s >> word;
  puts(word.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}

void helper(std::ostream &os, const User &u) { os << u.password; }

void throughReference(const User &u) {
  std::ostringstream s;
  helper(s, u);
  puts(s.str().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}
