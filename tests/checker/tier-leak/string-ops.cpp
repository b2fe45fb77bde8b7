// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// std::string and std::string_view operations carry the tier of their
// operands.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>
#include <string_view>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void construction(const User &u) {
  std::string a(u.password);
  puts(a.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string b(u.password.begin(), u.password.end());
  puts(b.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string c(u.name);
  puts(c.c_str());
}

void concatenation(const User &u) {
  std::string a = "pw=" + u.password;
  puts(a.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string b = u.name + ":" + u.password + "!";
  puts(b.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string c = "user=" + u.name;
  puts(c.c_str());
}

void appending(const User &u) {
  std::string a = "pw=";
  a += u.password;
  puts(a.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string b = "pw=";
  b.append(u.password);
  puts(b.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string c;
  c.push_back(u.password[0]);
  puts(c.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string d = "user=";
  d += u.name;
  d.append("!");
  puts(d.c_str());
}

void accessors(const User &u) {
  puts(u.password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(u.password.data());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(u.password.substr(0, 4).c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  printf("%c\n", u.password[0]);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%c\n", u.password.front());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  puts(u.name.substr(0, 4).c_str());
}

void views(const User &u) {
  std::string_view v = u.password;
  printf("%.*s\n", static_cast<int>(v.size()), v.data());
  // CHECK-MESSAGES: :[[@LINE-1]]:48: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  std::string fromView(v.substr(1));
  puts(fromView.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string_view n = u.name;
  printf("%.*s\n", static_cast<int>(n.size()), n.data());
}
