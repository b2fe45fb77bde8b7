// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include -isystem %mocks
// RUN: %check_trailguard %s --check-prefix=NDEBUG -- -std=c++17 -I%annotations_include -DNDEBUG
// RUN: %check_trailguard %s --check-prefix=NDEBUG -- -std=c++17 -I%annotations_include -isystem %mocks -DNDEBUG
// glog: without NDEBUG, DCHECK_EQ is CHECK_EQ and prints its operands; with
// NDEBUG it is `while (false) CHECK_EQ(...)`, never run, and silent.
#include <trailguard/annotations.hpp>
#include <glog/logging.h>
#include <string>

struct Account {
  int id = 0;
  TG_RESTRICTED std::string iban;
  TG_RESTRICTED const char *pin = "";
};

void f(const Account &a, const std::string &expected) {
  DCHECK_EQ(expected, a.iban);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: restricted value reaches log sink 'DCHECK_EQ' [trailguard-tier-leak]
  DCHECK_STREQ(a.pin, "0000");
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: restricted value reaches log sink 'DCHECK_STREQ' [trailguard-tier-leak]

  DCHECK(a.iban == expected);
  DCHECK_GT(a.id, 0);
}
