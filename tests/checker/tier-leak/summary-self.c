// RUN: %check_trailguard %s -- -std=c11 -I%annotations_include
// A self-recursive function whose parameters reach a sink: its summary grows
// while it is applied to its own calls (this used to crash).
#include <trailguard/annotations.hpp>
#include <stdio.h>

struct account {
  const char *name;
  TG_SENSITIVE const char *pin;
};

void walk(const char *a, const char *b, int depth) {
  printf("visiting %s\n", a);
  if (depth > 0) {
    walk(a, b, depth - 1);
    walk(b, a, depth - 1);
    walk(a, a, depth - 1);
  }
}

void f(const struct account *acc) {
  walk(acc->name, acc->pin, 3);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: sensitive value reaches log sink 'printf' through call to 'walk' [trailguard-tier-leak]
  walk(acc->name, acc->name, 3);
}
