// RUN: %check_trailguard %s --config %S/Inputs/policy.yaml -- -std=c++17 -I%annotations_include
// policy: log: restricted lets restricted data into application logs;
// sensitive data is still reported.
#include <trailguard/annotations.hpp>
#include <cstdio>

struct Customer {
  TG_RESTRICTED const char *email;
  TG_SENSITIVE const char *card;
};

void f(const Customer &c) {
  puts(c.email);
  puts(c.card);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}
