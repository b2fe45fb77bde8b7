// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A stream subclass whose destructor writes its buffer with fprintf to
// stderr is a log sink; one whose destructor writes nothing, or something
// other than its buffer, is not.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <sstream>
#include <string>

class Trace : public std::ostringstream {
public:
  ~Trace() { fprintf(stderr, "%s\n", str().c_str()); }
};

class Quiet : public std::ostringstream {
public:
  ~Quiet() { str(""); }
};

class Counter : public std::ostringstream {
public:
  ~Counter() { fprintf(stderr, "%zu bytes\n", Count); }
  size_t Count = 0;
};

struct User {
  TG_SENSITIVE std::string password;
};

void f(const User &u) {
  Trace() << u.password;
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: sensitive value reaches log sink 'Trace' [trailguard-tier-leak]
  Quiet() << u.password;
  Counter() << u.password;
}
