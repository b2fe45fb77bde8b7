// RUN: %check_trailguard %s --config %S/Inputs/sink-class.yaml -- -std=c++17 -I%annotations_include
// RUN: %check_trailguard --check-prefix=NOCONFIG %s --config %S/Inputs/empty.yaml -- -std=c++17 -I%annotations_include
// log-sink-classes stands in for TG_LOG_SINK on a class that cannot be
// edited: inserting into an object of it, or of a class derived from it, is
// logging.
#include <trailguard/annotations.hpp>
#include <string>

namespace mylib {
class DebugStream {
public:
  DebugStream &operator<<(const std::string &Text);
};
class Verbose : public DebugStream {};
class Other {
public:
  Other &operator<<(const std::string &Text);
};
} // namespace mylib

struct User {
  TG_SENSITIVE std::string password;
};

void f(const User &u) {
  mylib::DebugStream() << u.password;
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: sensitive value reaches log sink 'mylib::DebugStream' [trailguard-tier-leak]
  mylib::Verbose() << u.password;
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: sensitive value reaches log sink 'mylib::DebugStream' [trailguard-tier-leak]
  mylib::Other() << u.password;
}
