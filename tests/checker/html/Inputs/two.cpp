// Two findings, in the order of their lines.
#include <trailguard/annotations.hpp>
#include <cstdio>

struct Login {
  TG_SENSITIVE const char *password;
  TG_RESTRICTED const char *email;
};

void trace(const Login &l) {
  printf("%s\n", l.password);
  printf("%s\n", l.email);
}
