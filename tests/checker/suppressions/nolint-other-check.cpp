// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A suppression naming other checks (clang-tidy's, or another trailguard
// check) does not suppress trailguard-tier-leak.
#include <trailguard/annotations.hpp>
#include <cstdio>

struct U {
  const char *name;
  TG_SENSITIVE const char *pw;
};

void reported(const U &u) {
  printf("%s\n", u.pw); // NOLINT(bugprone-unused-return-value)
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", u.pw); // NOLINT(trailguard-unparameterized-audit)
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", u.pw); // NOLINT(trailguard-tier-leak-extra)
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  // NOLINTNEXTLINE(clang-diagnostic-format-security)
  printf("%s\n", u.pw);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  // NOLINTBEGIN(misc-*)
  printf("%s\n", u.pw);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  // NOLINTEND(misc-*)
}

void suppressed(const U &u) {
  printf("%s\n", u.pw); // NOLINT(bugprone-unused-return-value, trailguard-tier-leak)
}
