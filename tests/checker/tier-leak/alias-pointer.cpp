// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A pointer to a local that is never pointed elsewhere is an alias of it:
// writes through the pointer reach the local, and the local's later writes
// are seen through the pointer. Views of a string's characters carry it.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

struct Message {
  std::string head;
  std::string body;
};

void characters(const User &u) {
  const char *p = u.password.c_str();
  puts(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string copy = u.password;
  const char *d = copy.data();
  printf("%s\n", d);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  const char *n = u.name.data();
  puts(n);
}

void writeThroughPointer(const User &u) {
  std::string s;
  std::string *p = &s;
  *p = u.password;
  puts(s.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string t;
  std::string *q = &t;
  *q = u.name;
  puts(t.c_str());
}

void readThroughPointer(const User &u) {
  std::string s;
  const std::string *p = &s;
  s = u.password;
  puts(p->c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string t;
  const std::string *q = &t;
  t = u.name;
  puts(q->c_str());
}

void pointerToMember(const User &u) {
  Message m;
  Message *p = &m;
  p->body = u.password;
  puts(m.body.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(m.head.c_str());
  std::string *head = &m.head;
  head->append(u.name);
  puts(m.head.c_str());
}
