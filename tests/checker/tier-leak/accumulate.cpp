// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// std::accumulate builds its result from the initial value, the elements
// and what the operation returns.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void elements(const std::vector<User> &users) {
  std::vector<std::string> secrets, names;
  for (const User &u : users) {
    secrets.push_back(u.password);
    names.push_back(u.name);
  }
  std::string all = std::accumulate(secrets.begin(), secrets.end(), std::string());
  puts(all.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string list = std::accumulate(names.begin(), names.end(), std::string());
  puts(list.c_str());
}

void operation(const std::vector<User> &users) {
  std::string all = std::accumulate(
      users.begin(), users.end(), std::string(),
      [](std::string acc, const User &u) { return acc + u.password + ","; });
  puts(all.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string list = std::accumulate(
      users.begin(), users.end(), std::string(),
      [](std::string acc, const User &u) { return acc + u.name + ","; });
  puts(list.c_str());
}
