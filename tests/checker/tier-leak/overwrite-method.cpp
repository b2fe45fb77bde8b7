// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Methods that replace the whole contents (clear, assign, str(s)) make a
// string or string stream clean again, like assigning a clean value does.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <sstream>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void f(const User &u) {
  std::string a = u.password;
  a.clear();
  puts(a.c_str());

  std::string b = u.password;
  b.assign("placeholder");
  puts(b.c_str());

  std::ostringstream c;
  c << u.password;
  c.str("");
  c << 42;
  puts(c.str().c_str());

  // Appending is not replacing.
  std::string d = u.password;
  d.append("!");
  puts(d.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}
