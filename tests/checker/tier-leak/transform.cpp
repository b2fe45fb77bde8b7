// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// std::transform and std::for_each call their function with the elements:
// what it returns reaches the output, what it logs is reported.
#include <trailguard/annotations.hpp>
#include <algorithm>
#include <cstdio>
#include <iterator>
#include <string>
#include <vector>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void transformed(const std::vector<User> &users) {
  std::vector<std::string> secrets;
  std::transform(users.begin(), users.end(), std::back_inserter(secrets),
                 [](const User &u) { return u.password; });
  puts(secrets.front().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::vector<std::string> names;
  std::transform(users.begin(), users.end(), std::back_inserter(names),
                 [](const User &u) { return u.name; });
  puts(names.front().c_str());
}

void copied(const std::vector<User> &users) {
  std::vector<std::string> secrets, names;
  for (const User &u : users) {
    secrets.push_back(u.password);
    names.push_back(u.name);
  }
  std::vector<std::string> out;
  std::copy(secrets.begin(), secrets.end(), std::back_inserter(out));
  puts(out.back().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::vector<std::string> clean;
  std::copy(names.begin(), names.end(), std::back_inserter(clean));
  puts(clean.back().c_str());
}

void forEach(const std::vector<User> &users) {
  std::vector<std::string> secrets, names;
  for (const User &u : users) {
    secrets.push_back(u.password);
    names.push_back(u.name);
  }
  std::for_each(secrets.begin(), secrets.end(),
                [](const std::string &s) { puts(s.c_str()); });
  // CHECK-MESSAGES: :[[@LINE-2]]:17: warning: sensitive value reaches log sink 'puts' through call to 'lambda operator()' [trailguard-tier-leak]
  std::for_each(names.begin(), names.end(),
                [](const std::string &s) { puts(s.c_str()); });
  std::for_each(users.begin(), users.end(),
                [](const User &u) { puts(u.name.c_str()); });
}
