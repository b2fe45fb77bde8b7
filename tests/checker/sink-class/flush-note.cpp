// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A finding at a stream class found to be a log sink says why: where the
// class writes its buffer to a log.
#include <trailguard/annotations.hpp>
#include <iostream>
#include <sstream>
#include <string>

class DebugStream : public std::ostringstream {
public:
  ~DebugStream() { std::cerr << str() << '\n'; }
};

struct User {
  TG_SENSITIVE std::string password;
};

void f(const User &u) {
  DebugStream() << u.password;
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: sensitive value reaches log sink 'DebugStream' [trailguard-tier-leak]
  // CHECK-NOTES: :[[@LINE-6]]:28: note: 'password' is declared sensitive here
  // CHECK-NOTES: :[[@LINE-11]]:33: note: 'DebugStream' is a log sink: it writes its buffer to log sink 'std::cerr' in its destructor here
}
