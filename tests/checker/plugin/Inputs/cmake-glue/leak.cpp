// A leak for trailguard_enable_checks to report.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void leak(const User &u) { puts(u.password.c_str()); }
void clean(const User &u) { puts(u.name.c_str()); }
