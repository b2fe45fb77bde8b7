// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Audit entry points accept every tier: sensitive data in an audit event is
// not a tier leak, and a structured event needs no message at all.
#include <trailguard/annotations.hpp>
#include <string>

struct LoginEvent {
  std::string user;
  TG_SENSITIVE std::string session;
};
TG_AUDIT_SINK void emit(const LoginEvent &event);
TG_AUDIT_SINK void audit(const char *message, const std::string &detail);

void f(const LoginEvent &e) {
  emit(e);
  audit("session opened", e.session);
}
