// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Range-for with structured bindings over a map: the key binding has the
// tier of the keys, the value binding the tier of the mapped values.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void f(const std::vector<User> &users) {
  std::map<std::string, std::string> passwords;
  for (const User &u : users)
    passwords[u.name] = u.password;
  for (const auto &[name, password] : passwords) {
    std::cout << name << '\n';
    std::cout << password << '\n';
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  }
  for (auto [name, password] : passwords)
    std::cout << name << ": " << password.size() << '\n';
}

void clean(const std::vector<User> &users) {
  std::map<std::string, std::size_t> lengths;
  for (const User &u : users)
    lengths[u.name] = u.name.size();
  for (const auto &[name, length] : lengths)
    std::cout << name << ' ' << length << '\n';
}
