// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// NOLINTNEXTLINE suppresses findings on the line after its own.
#include <trailguard/annotations.hpp>
#include <cstdio>

struct U {
  const char *name;
  TG_SENSITIVE const char *pw;
};

void suppressed(const U &u) {
  // NOLINTNEXTLINE
  printf("%s\n", u.pw);
  // NOLINTNEXTLINE(trailguard-tier-leak)
  printf("%s\n", u.pw);
  // NOLINTNEXTLINE(bugprone-foo, trailguard-tier-leak)
  printf("%s\n", u.pw);
  /* NOLINTNEXTLINE(trailguard-tier-leak) */
  printf("%s\n", u.pw);
  /* The line after the one the directive is written on:
     NOLINTNEXTLINE(trailguard-tier-leak) */
  printf("%s\n", u.pw);
  printf("%s\n", // NOLINTNEXTLINE(trailguard-tier-leak)
         u.pw);
}

void reported(const U &u) {
  // NOLINTNEXTLINE(trailguard-tier-leak)

  printf("%s\n", u.pw);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", u.pw); // NOLINTNEXTLINE(trailguard-tier-leak)
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  // NOLINT(trailguard-tier-leak)
  printf("%s\n", u.pw);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  // NOLINTNEXTLINE(bugprone-foo)
  printf("%s\n", u.pw);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
}
