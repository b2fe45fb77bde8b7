// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// syslog/vsyslog: the priority is not data, everything after it is.
#include <trailguard/annotations.hpp>
#include <cstdarg>
#include <syslog.h>

struct Login {
  const char *user;
  TG_RESTRICTED const char *email;
};

void f(const Login &l, va_list ap) {
  syslog(LOG_INFO, "login %s <%s>", l.user, l.email);
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: restricted value reaches log sink 'syslog' [trailguard-tier-leak]
  syslog(LOG_INFO, "login %s", l.user);
  vsyslog(LOG_INFO, l.email, ap);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: restricted value reaches log sink 'vsyslog' [trailguard-tier-leak]
}
