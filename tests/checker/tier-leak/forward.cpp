// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include -isystem %mocks
// Forwarding log wrappers: a variadic template that forwards its pack to
// spdlog reports the argument its caller passed.
#include <trailguard/annotations.hpp>
#include <spdlog/spdlog.h>
#include <string>
#include <utility>

template <class... A> void logf(A &&...a) { spdlog::info(std::forward<A>(a)...); }

template <class... A>
void logWarn(const char *where, A &&...a) {
  spdlog::warn("{}: " + std::string(sizeof...(A), '?'), where);
  (void)sizeof...(a);
}

template <class... A> void logTagged(A &&...a) { logf("[auth] {} {}", std::forward<A>(a)...); }

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void f(const User &u) {
  logf("login {} {}", u.name, u.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: sensitive value reaches log sink 'spdlog::info' through call to 'logf' [trailguard-tier-leak]
  logTagged(u.name, u.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: sensitive value reaches log sink 'spdlog::info' through call to 'logTagged' [trailguard-tier-leak]
  logf("login {}", u.name);
  // The pack is only counted, not logged.
  logWarn("login", u.password);
}
