// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include -isystem %mocks
// glog: LOG, DLOG, VLOG, LOG_IF and CHECK streams.
#include <trailguard/annotations.hpp>
#include <glog/logging.h>
#include <string>

struct Patient {
  int id = 0;
  TG_RESTRICTED std::string diagnosis;
};

void f(const Patient &p, bool verbose) {
  LOG(INFO) << "patient " << p.id << " " << p.diagnosis;
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: restricted value reaches log sink 'LOG' [trailguard-tier-leak]
  LOG(ERROR) << p.diagnosis;
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: restricted value reaches log sink 'LOG' [trailguard-tier-leak]
  DLOG(INFO) << p.diagnosis;
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: restricted value reaches log sink 'DLOG' [trailguard-tier-leak]
  VLOG(2) << p.diagnosis;
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: restricted value reaches log sink 'VLOG' [trailguard-tier-leak]
  LOG_IF(WARNING, verbose) << p.diagnosis;
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: restricted value reaches log sink 'LOG_IF' [trailguard-tier-leak]
  CHECK(p.id > 0) << "bad patient " << p.diagnosis;
  // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: restricted value reaches log sink 'CHECK' [trailguard-tier-leak]

  LOG(INFO) << "patient " << p.id;
  LOG_IF(WARNING, verbose) << "patient " << p.id << " has a diagnosis: "
                           << !p.diagnosis.empty();
  CHECK(!p.diagnosis.empty()) << "patient " << p.id;
}
