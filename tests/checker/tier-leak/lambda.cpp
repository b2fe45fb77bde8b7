// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A lambda body is analyzed with what its captures hold where it is created.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <functional>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void byReference(const User &u) {
  std::string secret = u.password;
  std::string name = u.name;
  auto a = [&] { puts(secret.c_str()); };
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  auto b = [&] { puts(name.c_str()); };
  auto c = [&u] { puts(u.password.c_str()); };
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  auto d = [&u] { puts(u.name.c_str()); };
  a(); b(); c(); d();
}

void byCopy(const User &u) {
  std::string secret = u.password;
  std::string name = u.name;
  auto a = [secret] { puts(secret.c_str()); };
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  auto b = [name] { puts(name.c_str()); };
  auto c = [=] { puts(secret.c_str()); };
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::function<void()> d = [secret] { puts(secret.c_str()); };
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  a(); b(); c(); d();
}

void initCapture(const User &u) {
  auto a = [pw = u.password] { puts(pw.c_str()); };
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  auto b = [n = u.name] { puts(n.c_str()); };
  auto c = [msg = "pw=" + u.password] { puts(msg.c_str()); };
  // CHECK-MESSAGES: :[[@LINE-1]]:46: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  a(); b(); c();
}

void parameter(const User &u) {
  auto log = [](const std::string &s) { puts(s.c_str()); };
  log(u.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: sensitive value reaches log sink 'puts' through call to '{{.*}}operator()' [trailguard-tier-leak]
  log(u.name);
}
