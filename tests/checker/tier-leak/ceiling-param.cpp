// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A parameter declared TG_UNRESTRICTED is a ceiling for the arguments that
// initialize it, as an annotated variable is for its initializer.
#include <trailguard/annotations.hpp>
#include <string>

struct Creds {
  std::string name;
  TG_SENSITIVE std::string password;
};

void recordEvent(TG_UNRESTRICTED const std::string &detail);
void recordCount(TG_UNRESTRICTED std::string detail) { (void)detail; }

void f(const Creds &c) {
  recordEvent(c.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: sensitive value stored in parameter 'detail' declared unrestricted [trailguard-tier-leak]
  recordCount(c.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: sensitive value stored in parameter 'detail' declared unrestricted [trailguard-tier-leak]
  recordEvent(c.name);
  recordCount(c.name);
}

// Assigning inside the function is already checked.
void g(TG_UNRESTRICTED std::string detail, const Creds &c) {
  detail = c.password;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value stored in parameter 'detail' declared unrestricted [trailguard-tier-leak]
  detail = c.name;
}
