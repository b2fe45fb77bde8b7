// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Moving out of a string or container moves its contents (and its tier): the
// new owner holds the secret, the moved-from one is empty. A moved-from
// scalar, pointer or array still holds its value.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
  TG_SENSITIVE int pin = 0;
};

void take(std::string s);

void construct(const User &u) {
  std::string pw = u.password;
  auto t = std::move(pw);
  puts(t.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(pw.c_str());
}

void assign(const User &u) {
  std::string pw = u.password;
  std::string t;
  t = std::move(pw);
  std::cout << t << "\n";
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  std::cout << pw << "\n";
}

void argument(const User &u) {
  std::string pw = u.password;
  take(std::move(pw));
  puts(pw.c_str());
}

void container(const User &u) {
  std::vector<std::string> pws{u.password};
  std::vector<std::string> kept = std::move(pws);
  for (const std::string &s : pws)
    puts(s.c_str());
}

// Look-alikes: a move that copies, a move whose result is dropped, and a
// move from a value refilled afterwards.
void copies(const User &u) {
  int pin = u.pin;
  int t = std::move(pin);
  printf("%d %d\n", t, pin);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  // CHECK-MESSAGES: :[[@LINE-2]]:24: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  const char *p = u.password.c_str();
  const char *q = std::move(p);
  puts(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  (void)q;
}

void notMoved(const User &u) {
  std::string pw = u.password;
  std::string &&r = std::move(pw);
  (void)r;
  puts(pw.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string pw2 = u.password;
  std::string t = std::move(pw2);
  pw2 = u.password;
  puts(pw2.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  (void)t;
}
