// RUN: %check_trailguard %s -- -std=c++20 -I%annotations_include
// An explicit tier on a field or variable is a ceiling: storing a value of a
// higher tier into it is a finding.
#include <trailguard/annotations.hpp>
#include <string>

struct Creds {
  std::string name;
  TG_SENSITIVE std::string password;
  TG_RESTRICTED std::string email;
};

struct Event {
  TG_UNRESTRICTED std::string detail;
  TG_RESTRICTED std::string contact;
  std::string note;
};

void fields(const Creds &c, Event &e, Event *p) {
  e.detail = c.password;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: sensitive value stored in field 'detail' declared unrestricted [trailguard-tier-leak]
  e.contact = c.password;
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: sensitive value stored in field 'contact' declared restricted [trailguard-tier-leak]
  e.detail = c.email;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: restricted value stored in field 'detail' declared unrestricted [trailguard-tier-leak]
  p->detail = "pw=" + c.password;
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: sensitive value stored in field 'detail' declared unrestricted [trailguard-tier-leak]
  e.detail.append(c.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: sensitive value stored in field 'detail' declared unrestricted [trailguard-tier-leak]

  // Within the ceiling, or into a field without an explicit tier.
  e.contact = c.email;
  e.detail = c.name;
  e.note = c.password;
}

void locals(const Creds &c) {
  TG_UNRESTRICTED std::string msg = c.password;
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: sensitive value stored in variable 'msg' declared unrestricted [trailguard-tier-leak]
  TG_UNRESTRICTED std::string line;
  line = c.name;
  line += c.password;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: sensitive value stored in variable 'line' declared unrestricted [trailguard-tier-leak]
  TG_RESTRICTED std::string contact = c.email;
  contact = c.password;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: sensitive value stored in variable 'contact' declared restricted [trailguard-tier-leak]
  TG_UNRESTRICTED std::string ok = c.name;
}

// The value is tracked through an unannotated local.
void indirect(const Creds &c, Event &e) {
  std::string tmp = c.password;
  e.detail = tmp;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: sensitive value stored in field 'detail' declared unrestricted [trailguard-tier-leak]
  std::string name = c.name;
  e.detail = name;
}

void aggregate(const Creds &c) {
  Event a{c.password, c.email, c.password};
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: sensitive value stored in field 'detail' declared unrestricted [trailguard-tier-leak]
  Event b = {c.name, c.password};
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: sensitive value stored in field 'contact' declared restricted [trailguard-tier-leak]
  Event d{.detail = c.email};
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: restricted value stored in field 'detail' declared unrestricted [trailguard-tier-leak]
  Event ok{c.name, c.email, c.password};
}
