// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// TG_LOG_SINK on a class: what is inserted into one of its objects is
// logged, whatever its operator<< does with it; a class that is not
// annotated is an ordinary object.
#include <trailguard/annotations.hpp>
#include <string>

namespace mylib {
class TG_LOG_SINK DebugStream {
public:
  template <typename T> DebugStream &operator<<(const T &V) {
    Line += std::to_string(V.size());
    return *this;
  }

private:
  std::string Line;
};

class Buffer {
public:
  template <typename T> Buffer &operator<<(const T &V) {
    Line += V;
    return *this;
  }

private:
  std::string Line;
};
} // namespace mylib

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void f(const User &u) {
  mylib::DebugStream() << u.name << u.password;
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: sensitive value reaches log sink 'mylib::DebugStream' [trailguard-tier-leak]
  mylib::Buffer() << u.name << u.password;
}
