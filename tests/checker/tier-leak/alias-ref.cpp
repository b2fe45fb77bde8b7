// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A local reference is another name for what it is bound to: reading it
// reads that, and writing through it writes that, in both directions.
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

void boundToField(const User &u) {
  const std::string &r = u.password;
  puts(r.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  const std::string &n = u.name;
  puts(n.c_str());
}

void writeThroughReference(const User &u) {
  std::string s;
  std::string &r = s;
  r = u.password;
  puts(s.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string t;
  std::string &q = t;
  q = u.name;
  puts(t.c_str());
}

void writeThroughTarget(const User &u) {
  std::string s;
  const std::string &r = s;
  s = u.password;
  puts(r.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string t = u.password;
  const std::string &q = t;
  t = u.name;
  puts(q.c_str());
}

void referenceToMember(const User &u) {
  Message m;
  std::string &body = m.body;
  body = u.password;
  puts(m.body.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(m.head.c_str());
  std::string &head = m.head;
  head += u.name;
  puts(m.head.c_str());
}

void appendThroughReference(const User &u) {
  std::string line = "login ";
  std::string &out = line;
  out.append(u.password);
  puts(line.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string other = "login ";
  std::string &o = other;
  o.append(u.name);
  puts(other.c_str());
}
