// RUN: %check_trailguard %s --infer-sensitive-names -- -std=c++17
// A source found by name says so, and how to confirm it.
#include <cstdio>

struct Account {
  const char *passphrase;
};

void f(const Account &a) {
  puts(a.passphrase);
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  // CHECK-NOTES: :[[@LINE-6]]:15: note: 'passphrase' is taken as sensitive from its name (--infer-sensitive-names); annotate it to confirm
}
