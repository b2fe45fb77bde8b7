// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A copy of a struct keeps per-field tiers: the field that was assigned a
// secret is sensitive in the copy, its other fields stay clean.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>
#include <utility>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

struct Message {
  std::string head;
  std::string body;
};

void copyConstruct(const User &u) {
  Message m;
  m.head = "login";
  m.body = u.password;
  Message c = m;
  puts(c.body.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(c.head.c_str());
  Message d(m);
  puts(d.body.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(d.head.c_str());
}

void copyAssign(const User &u) {
  Message m;
  m.head = "login";
  m.body = u.password;
  Message c;
  c = m;
  puts(c.body.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(c.head.c_str());
}

void move(const User &u) {
  Message m;
  m.head = "login";
  m.body = u.password;
  Message c = std::move(m);
  puts(c.body.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(c.head.c_str());
}

void aggregate(const User &u) {
  Message m{u.name, u.password};
  Message c = m;
  puts(c.body.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(c.head.c_str());
}

void overwrittenBeforeCopy(const User &u) {
  Message m;
  m.body = u.password;
  m.body = "cleared";
  Message c;
  c = m;
  puts(c.body.c_str());
}
