// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// An audit entry point that returns a stream: every runtime value inserted
// into it becomes part of the message.
#include <trailguard/annotations.hpp>
#include <ostream>
#include <sstream>
#include <string>

struct AuditLine {
  std::ostringstream text;
  template <typename T> AuditLine &operator<<(const T &v) {
    text << v;
    return *this;
  }
};
TG_AUDIT_SINK AuditLine audit_line();

void f(const std::string &user) {
  audit_line() << "user " << user << " logged in";
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: runtime value inserted into the audit message of 'audit_line' with stream-style formatting; pass it as a structured parameter [trailguard-unparameterized-audit]
  audit_line() << "user logged in";
}
