// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Against the real Debian glog headers.
#include <trailguard/annotations.hpp>
#include <glog/logging.h>
#include <string>

struct Patient {
  int id = 0;
  TG_RESTRICTED std::string diagnosis;
};

void f(const Patient &p, bool verbose) {
  LOG(INFO) << "patient " << p.id << ": " << p.diagnosis;
  // CHECK-MESSAGES: :[[@LINE-1]]:46: warning: restricted value reaches log sink 'LOG' [trailguard-tier-leak]
  LOG_IF(WARNING, verbose) << p.diagnosis;
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: restricted value reaches log sink 'LOG_IF' [trailguard-tier-leak]
  VLOG(1) << p.diagnosis;
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: restricted value reaches log sink 'VLOG' [trailguard-tier-leak]
  CHECK(p.id != 0) << p.diagnosis;
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: restricted value reaches log sink 'CHECK' [trailguard-tier-leak]
  DLOG(ERROR) << p.diagnosis;
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: restricted value reaches log sink 'DLOG' [trailguard-tier-leak]

  LOG(INFO) << "patient " << p.id;
  CHECK_GT(p.id, 0) << "patient " << p.id;
}
