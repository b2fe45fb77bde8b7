// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Notes walk a chain of wrappers from the source to the sink, outermost
// call first.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void logLine(const std::string &s) { printf("%s\n", s.c_str()); }
void logTagged(const std::string &tag, const std::string &s) {
  logLine(tag + ": " + s);
}

void f(const User &u) {
  logTagged("user", u.password);
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: sensitive value reaches log sink 'printf' through call to 'logTagged' [trailguard-tier-leak]
  // CHECK-NOTES: :[[@LINE-11]]:28: note: 'password' is declared sensitive here
  // CHECK-NOTES: :[[@LINE-7]]:11: note: 'logTagged' passes it to 'logLine' here
  // CHECK-NOTES: :[[@LINE-10]]:53: note: 'logLine' passes it to log sink 'printf' here
  logTagged("user", u.name);
}
