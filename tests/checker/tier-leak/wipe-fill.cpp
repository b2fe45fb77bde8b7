// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// std::fill over the whole of a string or buffer, and memset over the whole
// of an array, replace every character; over a part they do not.
#include <trailguard/annotations.hpp>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void whole(const User &u) {
  std::string a = u.password;
  std::fill(a.begin(), a.end(), '*');
  puts(a.c_str());

  std::vector<char> b(u.password.begin(), u.password.end());
  std::fill(std::begin(b), std::end(b), 0);
  printf("%s\n", b.data());

  char c[64];
  snprintf(c, sizeof c, "%s", u.password.c_str());
  memset(c, 0, sizeof c);
  puts(c);

  std::string d = u.password;
  std::fill_n(d.begin(), d.size(), 'x');
  puts(d.c_str());

  struct {
    char pw[32];
  } creds;
  snprintf(creds.pw, sizeof creds.pw, "%s", u.password.c_str());
  memset(&creds, 0, sizeof creds);
  puts(creds.pw);
}

// Look-alikes: part of it, another object's range, or a secret fill value.
void partial(const User &u, const std::string &other) {
  std::string a = u.password;
  std::fill(a.begin() + 2, a.end(), '*');
  puts(a.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]

  std::string b = u.password;
  std::string c = other;
  std::fill(c.begin(), c.end(), '*');
  puts(b.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]

  std::string d = u.name;
  std::fill(d.begin(), d.end(), u.password[0]);
  puts(d.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]

  char e[64];
  snprintf(e, sizeof e, "%s", u.password.c_str());
  memset(e, 0, 8);
  puts(e);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]

  std::string g = u.password;
  std::fill_n(g.begin(), 2, 'x');
  puts(g.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}
