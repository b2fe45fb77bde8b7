// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// swap exchanges contents: the one swapped with a clean value is clean, the
// other now holds the secret.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>
#include <utility>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void member(const User &u) {
  std::string a = u.password;
  std::string empty;
  a.swap(empty);
  puts(a.c_str());
  puts(empty.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}

void stdSwap(const User &u) {
  std::string b = u.password;
  std::string blank = "(none)";
  std::swap(b, blank);
  puts(b.c_str());
  puts(blank.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}

void temporary(const User &u) {
  std::string c = u.password;
  std::string().swap(c);
  puts(c.c_str());
}

// Look-alike: both sides hold the secret.
void both(const User &u) {
  std::string d = u.password;
  std::string e = u.password + "!";
  d.swap(e);
  puts(d.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}
