// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Findings that cross a function boundary explain it: the callee returns the
// secret, or passes its parameter on to the sink.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

const std::string &getPw(const User &u) { return u.password; }

void logIt(const std::string &s) { printf("%s\n", s.c_str()); }

void returned(const User &u) {
  puts(getPw(u).c_str());
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  // CHECK-NOTES: :[[@LINE-10]]:28: note: 'password' is declared sensitive here
  // CHECK-NOTES: :[[@LINE-8]]:50: note: sensitive value is returned here
  // CHECK-NOTES: :[[@LINE-4]]:8: note: 'getPw' returns a sensitive value
}

void passed(const User &u) {
  logIt(u.password);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: sensitive value reaches log sink 'printf' through call to 'logIt' [trailguard-tier-leak]
  // CHECK-NOTES: :[[@LINE-18]]:28: note: 'password' is declared sensitive here
  // CHECK-NOTES: :[[@LINE-14]]:51: note: 'logIt' passes it to log sink 'printf' here
  logIt(u.name);
}

void both(const User &u) {
  std::string pw = getPw(u);
  logIt(pw);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: sensitive value reaches log sink 'printf' through call to 'logIt' [trailguard-tier-leak]
  // CHECK-NOTES: :[[@LINE-27]]:28: note: 'password' is declared sensitive here
  // CHECK-NOTES: :[[@LINE-25]]:50: note: sensitive value is returned here
  // CHECK-NOTES: :[[@LINE-5]]:20: note: 'getPw' returns a sensitive value
  // CHECK-NOTES: :[[@LINE-6]]:15: note: sensitive value flows into 'pw' here
  // CHECK-NOTES: :[[@LINE-26]]:51: note: 'logIt' passes it to log sink 'printf' here
}
