// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// An unannotated variable holds the tier of its current value: overwriting a
// secret with a clean value makes it clean again, and branches join.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void overwrite(const User &u) {
  std::string s = u.password;
  s = u.name;
  puts(s.c_str());
  s = u.password;
  puts(s.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  s = std::string();
  puts(s.c_str());
}

void scalar(const User &u) {
  int n = static_cast<int>(u.password[0]);
  n = 42;
  printf("%d\n", n);
}

struct Message {
  std::string head;
  std::string body;
};

void field(const User &u) {
  Message m;
  m.body = u.password;
  puts(m.head.c_str());
  puts(m.body.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  m.body = "cleared";
  puts(m.body.c_str());
  m.body = u.password;
  m = Message{};
  puts(m.body.c_str());
}

void branches(const User &u, bool c) {
  std::string either;
  if (c)
    either = u.password;
  else
    either = u.name;
  puts(either.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]

  std::string maybe = u.password;
  if (c)
    maybe = u.name;
  puts(maybe.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]

  std::string both = u.password;
  if (c)
    both = "a";
  else
    both = "b";
  puts(both.c_str());

  std::string clean;
  if (c)
    clean = "a";
  else
    clean = u.name;
  puts(clean.c_str());
}

void loop(const User &u) {
  std::string prev;
  for (int i = 0; i < 3; ++i) {
    puts(prev.c_str());
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
    prev = u.password;
  }
  std::string fresh;
  for (int i = 0; i < 3; ++i) {
    fresh = u.password;
    fresh = u.name;
    puts(fresh.c_str());
  }
}
