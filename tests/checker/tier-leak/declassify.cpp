// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// The result of a TG_DECLASSIFY function is unrestricted whatever its
// arguments; the arguments themselves stay secret.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
  TG_RESTRICTED std::string email;
};

TG_DECLASSIFY std::string redact(std::string_view s);
TG_DECLASSIFY std::string mask(const std::string &s) {
  return s.substr(0, 2) + "***";
}
std::string notDeclassified(std::string_view s);

void f(const User &u) {
  puts(redact(u.password).c_str());
  puts(mask(u.password).c_str());
  puts(redact(u.email).c_str());
  std::string r = redact(u.password);
  std::cout << "pw " << r << "\n";

  puts(notDeclassified(u.password).c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}

void argumentStaysSecret(const User &u) {
  std::string_view arg = u.password;
  std::string out = redact(arg);
  puts(out.c_str());
  printf("%s\n", arg.data());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  std::cout << redact(u.password) << " " << u.password << "\n";
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  std::string both = redact(u.password) + u.password;
  puts(both.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}
