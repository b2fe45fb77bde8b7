// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A function defined in the translation unit that fills an out-parameter
// (reference or pointer) gives the caller's variable what it wrote.
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

void credentials(const User &u, std::string &out) { out = u.password; }
void displayName(const User &u, std::string &out) { out = u.name; }
bool lookup(const User &u, std::string *out) {
  if (out)
    *out = u.password;
  return true;
}
bool lookupName(const User &u, std::string *out) {
  *out = u.name;
  return true;
}
void fill(const User &u, Message &m) {
  m.head = u.name;
  m.body = u.password;
}
void fillHead(const User &u, Message &m) { m.head = u.name; }

void reference(const User &u) {
  std::string s;
  credentials(u, s);
  puts(s.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string n;
  displayName(u, n);
  puts(n.c_str());
}

void pointer(const User &u) {
  std::string s;
  if (lookup(u, &s))
    puts(s.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string n;
  if (lookupName(u, &n))
    puts(n.c_str());
}

void intoMember(const User &u) {
  Message m;
  credentials(u, m.body);
  displayName(u, m.head);
  puts(m.body.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(m.head.c_str());
}

// A write to one field through a parameter is recorded on the whole object
// (a documented limit): after fill(), m.head counts as sensitive too.
void fieldByField(const User &u) {
  Message m;
  fill(u, m);
  puts(m.body.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  Message n;
  fillHead(u, n);
  puts(n.body.c_str());
  puts(n.head.c_str());
}
