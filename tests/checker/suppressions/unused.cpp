// RUN: %check_trailguard %s --report-unused-suppressions -- -std=c++17 -I%annotations_include
// With --report-unused-suppressions, a suppression whose list names a
// trailguard check but that suppressed no finding is reported. One without a
// list, or naming only other tools' checks, may be meant for clang-tidy and
// is not. The expected messages spell the directives with a regex in the
// middle, so that they are not directives.
#include <trailguard/annotations.hpp>
#include <cstdio>

struct U {
  const char *name;
  TG_SENSITIVE const char *pw;
};

void used(const U &u) {
  printf("%s\n", u.pw); // NOLINT(trailguard-tier-leak)
  // NOLINTNEXTLINE(trailguard-*)
  printf("%s\n", u.pw);
  // NOLINTBEGIN(trailguard-tier-leak)
  printf("%s\n", u.pw);
  // NOLINTEND(trailguard-tier-leak)
}

void unused(const U &u) {
  printf("%s\n", u.name); // NOLINT(trailguard-tier-leak)
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: suppression 'NOLIN{{T}}(trailguard-tier-leak)' suppresses nothing [trailguard-unused-suppression]
  printf("%s\n", u.name); // NOLINT(bugprone-foo,  trailguard-tier-leak)
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: suppression 'NOLIN{{T}}(bugprone-foo,  trailguard-tier-leak)' suppresses nothing [trailguard-unused-suppression]
  // NOLINTNEXTLINE(trailguard-*)
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: suppression 'NOLIN{{T}}NEXTLINE(trailguard-*)' suppresses nothing [trailguard-unused-suppression]
  printf("%s\n", u.name);
  // NOLINTBEGIN(trailguard-tier-leak)
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: suppression 'NOLIN{{T}}BEGIN(trailguard-tier-leak)' suppresses nothing [trailguard-unused-suppression]
  printf("%s\n", u.name);
  // NOLINTEND(trailguard-tier-leak)
  // A finding on a line of its own is still reported.
  printf("%s\n", u.pw);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  // A suppression for another check does not count as used by it.
  printf("%s\n", u.pw); // NOLINT(trailguard-unparameterized-audit)
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  // CHECK-MESSAGES: :[[@LINE-2]]:28: warning: suppression 'NOLIN{{T}}(trailguard-unparameterized-audit)' suppresses nothing [trailguard-unused-suppression]
}

void notReported(const U &u) {
  printf("%s\n", u.name); // NOLINT
  printf("%s\n", u.name); // NOLINT(*)
  printf("%s\n", u.name); // NOLINT(bugprone-foo)
  // NOLINTNEXTLINE(readability-*)
  printf("%s\n", u.name);
  // NOLINTBEGIN
  printf("%s\n", u.name);
  // NOLINTEND
}

void redundant(const U &u) {
  // Each finding is suppressed by the nearest directive covering it, so an
  // enclosing block that is never needed is unused.
  // NOLINTBEGIN(trailguard-*)
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: suppression 'NOLIN{{T}}BEGIN(trailguard-*)' suppresses nothing [trailguard-unused-suppression]
  printf("%s\n", u.pw); // NOLINT(trailguard-tier-leak)
  // NOLINTEND(trailguard-*)
}
