// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A NOLINT comment on the line of a finding suppresses it, as in clang-tidy:
// without a list for every check, with one for the checks it names.
#include <trailguard/annotations.hpp>
#include <cstdio>

struct U {
  const char *name;
  TG_SENSITIVE const char *pw;
};

void suppressed(const U &u) {
  printf("%s\n", u.pw); // NOLINT
  printf("%s\n", u.pw); // NOLINT(trailguard-tier-leak)
  printf("%s\n", u.pw); /* NOLINT(trailguard-tier-leak) */
  printf("%s\n", u.pw); // NOLINT(bugprone-foo, trailguard-tier-leak)
  printf("%s\n", u.pw); // NOLINT(  trailguard-tier-leak  ,bugprone-foo )
  printf("%s\n", u.pw); // reviewed: NOLINT(trailguard-tier-leak) see #12
  /* NOLINT */ printf("%s\n", u.pw);
  printf("%s\n",
         u.pw); // NOLINT(trailguard-tier-leak)
  // A list without its ')' on the line is no list: every check.
  printf("%s\n", u.pw); // NOLINT(trailguard-tier-leak
}

void reported(const U &u) {
  printf("%s\n", u.pw);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  // The line of the finding, not the line of the call, counts.
  printf("%s\n", // NOLINT(trailguard-tier-leak)
         u.pw);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  // An empty list suppresses nothing, nor does a negative glob alone.
  printf("%s\n", u.pw); // NOLINT()
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", u.pw); // NOLINT(-trailguard-tier-leak)
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  // Case matters, and only comments count, not string literals.
  printf("%s\n", u.pw); // nolint
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("NOLINT %s\n", u.pw);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  // A longer word is not a directive.
  printf("%s\n", u.pw); // NOLINTFOO
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
}
