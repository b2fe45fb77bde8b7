// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// C string functions that write into a buffer give the buffer the tier of
// what they copy or format into it.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <cstring>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
  TG_SENSITIVE int pin;
};

void formatted(const User &u) {
  char a[64];
  snprintf(a, sizeof a, "pw=%s", u.password.c_str());
  puts(a);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  char b[64];
  sprintf(b, "%d", u.pin);
  puts(b);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  char c[64];
  snprintf(c, sizeof c, "user=%s", u.name.c_str());
  puts(c);
}

void copied(const User &u) {
  char a[64];
  strcpy(a, u.password.c_str());
  puts(a);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  char b[64] = "pw=";
  strcat(b, u.password.c_str());
  puts(b);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  char c[64];
  strncpy(c, u.password.c_str(), sizeof c - 1);
  puts(c);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  char d[64];
  strcpy(d, u.name.c_str());
  strcat(d, "!");
  puts(d);
}

void raw(const User &u) {
  char a[64];
  memcpy(a, u.password.data(), 8);
  printf("%.8s\n", a);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  char *heap = new char[64];
  memcpy(heap, u.password.data(), 8);
  puts(heap);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  char b[64];
  memcpy(b, u.name.data(), 8);
  printf("%.8s\n", b);
}
