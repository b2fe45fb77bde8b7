// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A block directive without its partner (same check list) is reported, as
// clang-tidy does, and suppresses nothing. The expected messages spell the
// directives with a regex in the middle, so that they are not directives.
#include <trailguard/annotations.hpp>
#include <cstdio>

struct U {
  const char *name;
  TG_SENSITIVE const char *pw;
};

void matched(const U &u) {
  // NOLINTBEGIN(trailguard-tier-leak)
  printf("%s\n", u.pw);
  // NOLINTEND(trailguard-tier-leak)
}

void endWithoutBegin(const U &u) {
  printf("%s\n", u.pw);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  // NOLINTEND(trailguard-tier-leak)
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: unmatched 'NOLIN{{T}}END(trailguard-tier-leak)' comment without a previous 'NOLIN{{T}}BEGIN(trailguard-tier-leak)' [trailguard-nolint]
}

void differentLists(const U &u) {
  // NOLINTBEGIN(trailguard-tier-leak)
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: unmatched 'NOLIN{{T}}BEGIN(trailguard-tier-leak)' comment without a subsequent 'NOLIN{{T}}END(trailguard-tier-leak)' [trailguard-nolint]
  printf("%s\n", u.pw);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  // NOLINTEND(trailguard-*)
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: unmatched 'NOLIN{{T}}END(trailguard-*)' comment without a previous 'NOLIN{{T}}BEGIN(trailguard-*)' [trailguard-nolint]
}

void beginWithoutEnd(const U &u) {
  /* NOLINTBEGIN */
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: unmatched 'NOLIN{{T}}BEGIN' comment without a subsequent 'NOLIN{{T}}END' [trailguard-nolint]
  printf("%s\n", u.pw);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
}
