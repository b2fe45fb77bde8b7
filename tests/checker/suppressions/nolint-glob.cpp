// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Check lists are clang-tidy globs: '*' matches any run of characters,
// matching is case-sensitive, and negative globs are ignored.
#include <trailguard/annotations.hpp>
#include <cstdio>

struct U {
  const char *name;
  TG_SENSITIVE const char *pw;
};

void suppressed(const U &u) {
  printf("%s\n", u.pw); // NOLINT(trailguard-*)
  printf("%s\n", u.pw); // NOLINT(*)
  printf("%s\n", u.pw); // NOLINT(*-tier-leak)
  printf("%s\n", u.pw); // NOLINT(trailguard-*-leak)
  printf("%s\n", u.pw); // NOLINT(bugprone-*, trail*)
  printf("%s\n", u.pw); // NOLINT(trailguard-*, -trailguard-tier-leak)
  // NOLINTNEXTLINE(trailguard-tier-*)
  printf("%s\n", u.pw);
  // NOLINTBEGIN(trailguard-*)
  printf("%s\n", u.pw);
  // NOLINTEND(trailguard-*)
}

void reported(const U &u) {
  printf("%s\n", u.pw); // NOLINT(trailguard-audit-*)
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", u.pw); // NOLINT(Trailguard-*)
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", u.pw); // NOLINT(trailguard-tier)
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", u.pw); // NOLINT(*-tier)
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
}
