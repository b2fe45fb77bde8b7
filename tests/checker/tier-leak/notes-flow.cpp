// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// The notes of a finding walk from the source through each variable the value
// flowed into.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

struct Event {
  TG_UNRESTRICTED std::string detail;
};

TG_SENSITIVE std::string loadToken();

void direct(const User &u) {
  puts(u.password.c_str());
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  // CHECK-NOTES: :[[@LINE-12]]:28: note: 'password' is declared sensitive here
  puts(u.name.c_str());
}

void chain(const User &u) {
  std::string msg = "pw=" + u.password;
  std::string copy;
  copy = msg;
  puts(copy.c_str());
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  // CHECK-NOTES: :[[@LINE-22]]:28: note: 'password' is declared sensitive here
  // CHECK-NOTES: :[[@LINE-6]]:15: note: sensitive value flows into 'msg' here
  // CHECK-NOTES: :[[@LINE-5]]:8: note: sensitive value flows into 'copy' here
}

void fromFunction() {
  std::string t = loadToken();
  puts(t.c_str());
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  // CHECK-NOTES: :[[@LINE-24]]:26: note: 'loadToken' returns a value declared sensitive here
  // CHECK-NOTES: :[[@LINE-4]]:15: note: sensitive value flows into 't' here
}

void ceiling(const User &u, Event &e) {
  std::string tmp = u.password;
  e.detail = tmp;
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: sensitive value stored in field 'detail' declared unrestricted [trailguard-tier-leak]
  // CHECK-NOTES: :[[@LINE-39]]:28: note: 'password' is declared sensitive here
  // CHECK-NOTES: :[[@LINE-4]]:15: note: sensitive value flows into 'tmp' here
  // CHECK-NOTES: :[[@LINE-37]]:31: note: 'detail' is declared unrestricted here
}
