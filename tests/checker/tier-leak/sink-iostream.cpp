// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// std::cout/cerr/clog (and wide forms) via <<, anywhere in a chain.
#include <trailguard/annotations.hpp>
#include <iostream>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
  TG_RESTRICTED int zip = 0;
};

void f(const User &u) {
  std::cout << "user " << u.name << " pw " << u.password << '\n';
  // CHECK-MESSAGES: :[[@LINE-1]]:47: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  std::cerr << u.password;
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cerr' [trailguard-tier-leak]
  std::clog << u.zip << std::endl;
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: restricted value reaches log sink 'std::clog' [trailguard-tier-leak]
  std::cout << u.name << u.password.size() << std::endl;
}

void wide(const std::wstring &w, TG_SENSITIVE const std::wstring &pin) {
  std::wcout << w << pin;
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: sensitive value reaches log sink 'std::wcout' [trailguard-tier-leak]
  std::wcerr << w;
}
