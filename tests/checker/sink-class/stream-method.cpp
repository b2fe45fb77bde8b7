// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A stream that a log sink class hands out (`LogLine().stream() << x`, the
// shape of glog's LOG) is that class's log; the same shape over a class that
// only keeps the text is not.
#include <trailguard/annotations.hpp>
#include <iostream>
#include <sstream>
#include <string>

class LogLine {
public:
  std::ostream &stream() { return Buf; }
  ~LogLine() { std::cerr << Buf.str() << '\n'; }

private:
  std::ostringstream Buf;
};
#define LOG_LINE LogLine().stream()

class Capture {
public:
  std::ostream &stream() { return Buf; }
  ~Capture() { Last = Buf.str(); }
  static std::string Last;

private:
  std::ostringstream Buf;
};

struct User {
  TG_SENSITIVE std::string password;
};

void f(const User &u) {
  LOG_LINE << "pw=" << u.password;
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: sensitive value reaches log sink 'LogLine' [trailguard-tier-leak]
  Capture().stream() << "pw=" << u.password;
}
