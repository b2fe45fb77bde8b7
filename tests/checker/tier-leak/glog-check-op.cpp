// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include -isystem %mocks
// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include -DNDEBUG
// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include -isystem %mocks -DNDEBUG
// glog: CHECK_EQ and its family print both operands when they fail, with
// NDEBUG too.
#include <trailguard/annotations.hpp>
#include <glog/logging.h>
#include <string>

struct User {
  int id = 0;
  std::string name;
  TG_RESTRICTED std::string password;
  TG_RESTRICTED int pin = 0;
};

void f(const User &u, const std::string &expected, int limit) {
  CHECK_EQ(u.password, expected);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: restricted value reaches log sink 'CHECK_EQ' [trailguard-tier-leak]
  CHECK_NE(expected, u.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: restricted value reaches log sink 'CHECK_NE' [trailguard-tier-leak]
  CHECK_LT(u.pin, limit) << "pin too large";
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: restricted value reaches log sink 'CHECK_LT' [trailguard-tier-leak]
  CHECK_GE(limit, u.pin);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: restricted value reaches log sink 'CHECK_GE' [trailguard-tier-leak]

  // The condition of CHECK and LOG_IF is not printed, only what is streamed.
  CHECK(u.password == expected);
  CHECK(u.pin < limit) << "user " << u.id;
  LOG_IF(INFO, u.password.empty()) << "no password";
  CHECK_EQ(u.name, expected);
  CHECK_GT(u.id, limit) << u.name;
  CHECK_LE(u.password.size(), 64u);
}
