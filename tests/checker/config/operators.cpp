// RUN: %check_trailguard %s --config %S/Inputs/operators.yaml -- -std=c++17 -I%annotations_include
// A configured sink or declassifier may be an operator (a function object's
// call operator); the run does not warn that the names match nothing.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>

namespace ns {
struct Log {
  void operator()(const std::string &Line);
};
struct Mask {
  std::string operator()(const std::string &Secret);
};
struct Copy {
  std::string operator()(const std::string &Text);
};
} // namespace ns

struct User {
  TG_SENSITIVE std::string password;
};

void f(const User &u) {
  ns::Log()(u.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: sensitive value reaches log sink 'ns::Log::operator()' [trailguard-tier-leak]
  puts(ns::Copy()(u.password).c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(ns::Mask()(u.password).c_str());
}
