// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// What a lambda does when it is called: its result carries the captured
// values it returns, its writes through by-reference captures are visible
// after the call, and a by-reference capture reads the variable as it is at
// the call, not at the lambda's creation.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void returned(const User &u) {
  std::string secret = u.password;
  std::string name = u.name;
  // Immediately invoked, a common way to initialize a const.
  const std::string msg = [&] { return "pw=" + secret; }();
  puts(msg.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  auto get = [secret] { return secret; };
  puts(get().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  const std::string ok = [&] { return "user=" + name; }();
  puts(ok.c_str());
}

void writtenThroughCapture(const User &u) {
  std::string out;
  auto fill = [&out, &u] { out = u.password; };
  fill();
  puts(out.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string label;
  auto fillName = [&label, &u] { label = u.name; };
  fillName();
  puts(label.c_str());
}

void writtenAfterCreation(const User &u) {
  std::string current;
  auto show = [&] { puts(current.c_str()); };
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  current = u.password;
  show();
}
