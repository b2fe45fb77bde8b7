// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include -isystem %mocks
// glog: the condition of LOG_IF and its family only decides whether to log;
// what is streamed is logged.
#include <trailguard/annotations.hpp>
#include <glog/logging.h>
#include <cstring>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
  TG_SENSITIVE int pin = 0;
};

int strength(const std::string &pw);

void f(const User &u, bool verbose) {
  LOG_IF(INFO, u.password.size() < 8) << "short password for " << u.name;
  LOG_IF(WARNING, strength(u.password)) << "weak password";
  LOG_IF(ERROR, u.pin) << "pin set";
  LOG_IF(INFO, strcmp(u.password.c_str(), "admin") == 0) << "default password";
  DLOG_IF(INFO, u.password.empty()) << "no password";
  VLOG_IF(1, u.pin > 0) << "pin set";
  LOG_ASSERT(u.password != u.name);

  LOG_IF(INFO, verbose) << "password " << u.password;
  // CHECK-MESSAGES: :[[@LINE-1]]:43: warning: sensitive value reaches log sink 'LOG_IF' [trailguard-tier-leak]
  LOG_IF(INFO, u.password.size() < 8) << u.pin;
  // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: sensitive value reaches log sink 'LOG_IF' [trailguard-tier-leak]
}
