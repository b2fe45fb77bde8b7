// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// RUN: %check_trailguard --check-prefix=DEEP %s -- -std=c++17 -I%annotations_include -DDEEP -ftemplate-depth=1100
// A leak through template recursion is followed as deep as Clang's default
// -ftemplate-depth (1024); deeper, the finding says where the analysis
// stopped, instead of reporting nothing.
#include <trailguard/annotations.hpp>
#include <cstdio>

struct User {
  TG_SENSITIVE const char *password;
};

template <int N> struct Chain {
  static void pass(const char *s) { Chain<N - 1>::pass(s); }
  // DEEP-MESSAGES: :[[@LINE-1]]:15: warning: the analysis stopped at call depth 1024, at 'Chain<6>::pass': leaks through deeper calls are not reported [trailguard-tier-leak]
};
template <> struct Chain<0> {
  static void pass(const char *s) { puts(s); }
};

#ifndef DEEP
void shallow(const User &u) { Chain<1000>::pass(u.password); }
// CHECK-MESSAGES: :[[@LINE-1]]:49: warning: sensitive value reaches log sink 'puts' through call to 'Chain<1000>::pass' [trailguard-tier-leak]
#else
void deep(const User &u) { Chain<1030>::pass(u.password); }
#endif
