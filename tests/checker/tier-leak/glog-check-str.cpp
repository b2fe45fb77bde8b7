// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include -isystem %mocks
// glog: CHECK_STREQ and its family print both strings when they fail.
#include <trailguard/annotations.hpp>
#include <glog/logging.h>
#include <string>

struct Session {
  const char *user = "";
  TG_RESTRICTED const char *token = "";
  TG_RESTRICTED std::string secret;
};

void f(const Session &s, const char *expected) {
  CHECK_STREQ(s.token, expected);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: restricted value reaches log sink 'CHECK_STREQ' [trailguard-tier-leak]
  CHECK_STRNE(expected, s.secret.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: restricted value reaches log sink 'CHECK_STRNE' [trailguard-tier-leak]
  CHECK_STRCASEEQ(s.token, "x");
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: restricted value reaches log sink 'CHECK_STRCASEEQ' [trailguard-tier-leak]

  CHECK_STREQ(s.user, expected);
  CHECK_STRCASENE(s.user, "root") << s.user;
  CHECK(s.secret.empty()) << "user " << s.user;
}
