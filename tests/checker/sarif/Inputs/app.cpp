#include <trailguard/annotations.hpp>
#include <cstdio>

struct Account {
  const char *name;
  TG_SENSITIVE const char *password;
};

void login(const Account &a) {
  printf("login %s\n", a.name);
  printf("password %s\n", a.password);
}

void retry(const Account &a) {
  printf("password %s\n", a.password);
}
