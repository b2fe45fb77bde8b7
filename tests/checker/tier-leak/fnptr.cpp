// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A call through a function pointer calls what the pointer was set to: a log
// sink, a TG_LOG_SINK function, or a function that logs its argument.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>

TG_LOG_SINK void app_log(const char *msg);
void log_line(const char *s) { printf("[app] %s\n", s); }
void remember(const char *s) { (void)s; }
int check_len(const char *s) { return s[0] != 0; }

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void stdio(const User &u) {
  int (*log_fn)(const char *) = puts;
  log_fn(u.password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  log_fn(u.name.c_str());
}

void annotated(const User &u) {
  void (*log_fn)(const char *) = &app_log;
  (*log_fn)(u.password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: sensitive value reaches log sink 'app_log' [trailguard-tier-leak]
  (*log_fn)(u.name.c_str());
}

void assigned(const User &u, bool verbose) {
  void (*log_fn)(const char *) = remember;
  if (verbose)
    log_fn = log_line;
  log_fn(u.password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'printf' through call to 'log_line' [trailguard-tier-leak]
}

// Look-alikes: pointers to functions that do not log.
void quiet(const User &u) {
  void (*keep)(const char *) = remember;
  keep(u.password.c_str());
  int (*check)(const char *) = check_len;
  printf("%d\n", check(u.password.c_str()));
  using Fn = void (*)(const char *);
  Fn log_fn = app_log;
  log_fn(u.name.c_str());
}
