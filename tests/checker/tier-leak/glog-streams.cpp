// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// glog (real headers): PLOG, VLOG, LOG_EVERY_N and LOG_FIRST_N stream into a LOG.
#include <trailguard/annotations.hpp>
#include <glog/logging.h>
#include <string>

struct User {
  int id = 0;
  TG_RESTRICTED std::string password;
};

void f(const User &u) {
  PLOG(ERROR) << u.password;
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: restricted value reaches log sink 'PLOG' [trailguard-tier-leak]
  VLOG(1) << u.password;
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: restricted value reaches log sink 'VLOG' [trailguard-tier-leak]
  LOG_EVERY_N(INFO, 10) << u.password;
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: restricted value reaches log sink 'LOG_EVERY_N' [trailguard-tier-leak]
  LOG_FIRST_N(INFO, 1) << u.password;
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: restricted value reaches log sink 'LOG_FIRST_N' [trailguard-tier-leak]

  PLOG(ERROR) << "user " << u.id;
  LOG_EVERY_N(INFO, 10) << "user " << u.id;
}
