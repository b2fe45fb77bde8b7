// RUN: %check_trailguard %s --infer-sensitive-names -- -std=c++17
// Names of personal data are inferred restricted; positions, indices and
// opaque pointers named like secrets are not data.
#include <cstdio>
#include <string>

struct Customer {
  std::string email;
  std::string phone_number;
  int token_index;
  size_t secret_pos;
  void *secret;
};

void f(const Customer &c) {
  printf("%s\n", c.email.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: restricted value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", c.phone_number.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: restricted value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%d %zu %p\n", c.token_index, c.secret_pos, c.secret);
}
