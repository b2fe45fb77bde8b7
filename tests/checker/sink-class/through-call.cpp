// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A helper that prints into the std::ostream it is given logs when it is
// given a log sink class's stream, and not when given a string stream.
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

struct User {
  TG_SENSITIVE std::string password;
};

void dump(std::ostream &Out, const User &U) { Out << U.password; }

void f(const User &u) {
  dump(LogLine().stream(), u);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: sensitive value reaches log sink 'LogLine' through call to 'dump' [trailguard-tier-leak]
  std::ostringstream Text;
  dump(Text, u);
}
