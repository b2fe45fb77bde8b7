// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A std::ostringstream subclass whose destructor writes its buffer to a log
// is a log sink: `#define DEBUG(x) DebugStream() << x` in older code. One
// whose destructor writes the buffer to a plain file is not.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>

class DebugStream : public std::ostringstream {
public:
  ~DebugStream() { std::cerr << str() << std::endl; }
};
#define DEBUG(x) DebugStream() << x

class FileStream : public std::ostringstream {
public:
  explicit FileStream(FILE *F) : Out(F) {}
  ~FileStream() {
    std::string Text = str();
    fwrite(Text.data(), 1, Text.size(), Out);
  }

private:
  FILE *Out;
};

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void f(const User &u, FILE *Store) {
  DEBUG("login " << u.name << " pw=" << u.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:41: warning: sensitive value reaches log sink 'DebugStream' [trailguard-tier-leak]
  FileStream(Store) << "pw=" << u.password;
}
