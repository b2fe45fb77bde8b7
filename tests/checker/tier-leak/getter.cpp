// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A member function that returns an unannotated field returns what was
// stored in that field of the object it is called on (by a constructor, a
// setter or a direct assignment).
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

class Session {
public:
  explicit Session(const std::string &token) : token_(token) {}
  const std::string &token() const { return token_; }
  const std::string &user() const { return user_; }

private:
  std::string token_;
  std::string user_;
};

struct Box {
  std::string value;
  std::string get() const { return value; }
  void set(const std::string &v) { value = v; }
};

void constructor(const User &u) {
  Session s(u.password);
  puts(s.token().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(s.user().c_str());
  Session clean(u.name);
  puts(clean.token().c_str());
}

void setter(const User &u) {
  Box b;
  b.set(u.password);
  puts(b.get().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  Box c;
  c.set(u.name);
  puts(c.get().c_str());
}

void assigned(const User &u) {
  Box b;
  b.value = u.password;
  puts(b.get().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  Box c{u.password};
  puts(c.get().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}
