// RUN: %check_trailguard %s --infer-sensitive-names -- -std=c++17
// ALLCAPS names and names ending in digits are split into words too.
#include <cstdio>

struct Config {
  const char *API_KEY;
  const char *DB_PASSWORD;
  const char *password2;
  const char *pwd1;
  const char *SHA256;
  const char *PASSENGER2;
};

void f(const Config &c) {
  printf("%s\n", c.API_KEY);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", c.DB_PASSWORD);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", c.password2);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", c.pwd1);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s %s\n", c.SHA256, c.PASSENGER2);
}
