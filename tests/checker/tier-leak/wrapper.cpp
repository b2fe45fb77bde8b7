// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A user function that passes a parameter to a log sink is a sink for that
// parameter: a secret argument is reported at the call site.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <iostream>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
  TG_RESTRICTED std::string email;
};

void logLine(const char *s) { printf("log: %s\n", s); }
void logString(const std::string &s) { std::cout << s << "\n"; }
void logFirst(const char *a, const char *b) {
  puts(a);
  (void)b;
}
void logDecorated(const std::string &s) {
  std::string line = "[app] " + s;
  puts(line.c_str());
}
void logTwice(const std::string &s) { logString(s); }

void f(const User &u) {
  logLine(u.password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: sensitive value reaches log sink 'printf' through call to 'logLine' [trailguard-tier-leak]
  logString(u.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: sensitive value reaches log sink 'std::cout' through call to 'logString' [trailguard-tier-leak]
  logString(u.email);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: restricted value reaches log sink 'std::cout' through call to 'logString' [trailguard-tier-leak]
  logFirst(u.password.c_str(), u.name.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: sensitive value reaches log sink 'puts' through call to 'logFirst' [trailguard-tier-leak]
  logDecorated(u.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'puts' through call to 'logDecorated' [trailguard-tier-leak]
  logTwice(u.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: sensitive value reaches log sink 'std::cout' through call to 'logTwice' [trailguard-tier-leak]

  // Clean arguments, and a secret in a parameter that is not logged.
  logLine(u.name.c_str());
  logString(u.name);
  logFirst(u.name.c_str(), u.password.c_str());
  logDecorated(u.name);
  logTwice(u.name);
}

void local(const User &u) {
  std::string msg = "pw=" + u.password;
  logString(msg);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: sensitive value reaches log sink 'std::cout' through call to 'logString' [trailguard-tier-leak]
  msg = "nothing to see";
  logString(msg);
}
