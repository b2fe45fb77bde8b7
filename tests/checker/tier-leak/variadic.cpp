// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// C variadic log helpers: what reaches the va_list is the caller's
// arguments after the named ones.
#include <trailguard/annotations.hpp>
#include <cstdarg>
#include <cstdio>
#include <string>

void log_msg(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
}

void log_at(int level, const char *fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  printf("%d %s\n", level, buf);
}

// Look-alike: formats into a buffer it never logs.
int format_into(char *out, size_t n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = vsnprintf(out, n, fmt, ap);
  va_end(ap);
  return r;
}

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void f(const User &u) {
  log_msg("login %s %s\n", u.name.c_str(), u.password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:44: warning: sensitive value reaches log sink 'vfprintf' through call to 'log_msg' [trailguard-tier-leak]
  log_at(1, "pw %s", u.password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: sensitive value reaches log sink 'printf' through call to 'log_at' [trailguard-tier-leak]
  log_msg("login %s\n", u.name.c_str());
  log_at(2, "user %s", u.name.c_str());
  char buf[64];
  format_into(buf, sizeof buf, "%s", u.password.c_str());
  puts(u.name.c_str());
}
