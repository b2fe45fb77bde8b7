// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// NOLINTBEGIN and NOLINTEND suppress the findings between them; blocks nest,
// and an END closes the innermost BEGIN with the same check list.
#include <trailguard/annotations.hpp>
#include <cstdio>

struct U {
  const char *name;
  TG_SENSITIVE const char *pw;
};

// NOLINTBEGIN(trailguard-tier-leak)
void wholeFunction(const U &u) {
  printf("%s\n", u.pw);
  puts(u.pw);
}
// NOLINTEND(trailguard-tier-leak)

void inside(const U &u) {
  // NOLINTBEGIN
  printf("%s\n", u.pw);
  // NOLINTEND
  // NOLINTBEGIN(bugprone-foo,trailguard-tier-leak)
  printf("%s\n", u.pw);
  // NOLINTEND( bugprone-foo, trailguard-tier-leak )
  /* NOLINTBEGIN(trailguard-tier-leak) */ printf("%s\n", u.pw); /* NOLINTEND(trailguard-tier-leak) */
}

void nested(const U &u) {
  // NOLINTBEGIN(bugprone-foo)
  printf("%s\n", u.pw);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  // NOLINTBEGIN(trailguard-tier-leak)
  printf("%s\n", u.pw);
  // NOLINTEND(trailguard-tier-leak)
  printf("%s\n", u.pw);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  // NOLINTEND(bugprone-foo)
}

void outside(const U &u) {
  // NOLINTBEGIN(trailguard-tier-leak)
  // NOLINTEND(trailguard-tier-leak)
  printf("%s\n", u.pw);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", u.pw); /* NOLINTBEGIN(trailguard-tier-leak) */
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  /* NOLINTEND(trailguard-tier-leak) */ printf("%s\n", u.pw);
  // CHECK-MESSAGES: :[[@LINE-1]]:56: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
}
