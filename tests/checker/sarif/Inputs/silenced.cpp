#include <trailguard/annotations.hpp>
#include <cstdio>

struct Account {
  const char *name;
  TG_SENSITIVE const char *password;
};

void dump(const Account &a) {
  printf("%s\n", a.password); // NOLINT(trailguard-tier-leak): support dump, reviewed in SEC-12
  // NOLINTNEXTLINE(trailguard-*)
  printf("%s\n", a.password);
  printf("%s\n", a.password);
}
