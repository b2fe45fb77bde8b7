// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Wiping a copy of a secret in place (assign a run of '*', assign or
// construct a constant) leaves nothing of it; a partial overwrite does.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void f(const User &u) {
  std::string a = u.password;
  a.assign(a.size(), '*');
  puts(a.c_str());

  std::string b = u.password;
  b = std::string(b.length(), '*');
  puts(b.c_str());

  std::string c = u.password;
  c = "********";
  puts(c.c_str());

  std::string d = u.password;
  d.clear();
  d.shrink_to_fit();
  puts(d.c_str());

  // Look-alikes: only part of it is overwritten, or the secret is the source.
  std::string e = u.password;
  e.replace(0, 2, "**");
  puts(e.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string g = u.name;
  g.assign(u.password, 0, 4);
  puts(g.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string h = u.password;
  h.resize(4);
  puts(h.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}
