// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A class that wraps a std::ostringstream member and writes it to a log in
// its flush() is a log sink too, through its own operator<<; one that keeps
// the text in memory is not.
#include <trailguard/annotations.hpp>
#include <iostream>
#include <sstream>
#include <string>

class LogLine {
public:
  template <typename T> LogLine &operator<<(const T &V) {
    Buf << V;
    return *this;
  }
  void flush() { std::clog << Buf.str() << '\n'; }

private:
  std::ostringstream Buf;
};

class Capture {
public:
  template <typename T> Capture &operator<<(const T &V) {
    Buf << V;
    return *this;
  }
  void flush() { Saved = Buf.str(); }
  std::string Saved;

private:
  std::ostringstream Buf;
};

struct User {
  TG_SENSITIVE std::string password;
};

void f(const User &u) {
  LogLine L;
  L << u.password;
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'LogLine' [trailguard-tier-leak]
  L.flush();
  Capture C;
  C << u.password;
  C.flush();
}
