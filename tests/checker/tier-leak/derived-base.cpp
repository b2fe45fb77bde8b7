// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A value of a sensitive type stays sensitive when converted to its
// unannotated base: bound to a `const std::string &`, sliced into a copy, or
// passed to a function that takes the base.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <iostream>
#include <string>

struct TG_SENSITIVE Password : std::string {
  using std::string::string;
};

// The same layout without the annotation.
struct Label : std::string {
  using std::string::string;
};

void logLine(const std::string &s) { std::cout << s << '\n'; }

void boundToBase(const Password &pw, const Label &l) {
  const std::string &s = pw;
  std::cout << s << '\n';
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  const std::string &t = l;
  std::cout << t << '\n';
}

void streamed(const Password &pw, const Label &l) {
  std::cout << pw << '\n';
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  std::cout << l << ' ' << pw.size() << '\n';
}

void sliced(const Password &pw, const Label &l) {
  std::string copy = pw;
  puts(copy.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string other = l;
  puts(other.c_str());
}

void passedAsBase(const Password &pw, const Label &l) {
  logLine(pw);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: sensitive value reaches log sink 'std::cout' through call to 'logLine' [trailguard-tier-leak]
  logLine(l);
}

void local(const Label &l) {
  Password pw("hunter2");
  logLine(pw);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: sensitive value reaches log sink 'std::cout' through call to 'logLine' [trailguard-tier-leak]
  Label copy(l);
  logLine(copy);
}
