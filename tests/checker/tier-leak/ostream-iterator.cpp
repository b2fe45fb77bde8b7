// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Copying into a std::ostream_iterator over a log stream logs the elements.
#include <trailguard/annotations.hpp>
#include <algorithm>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void f(const std::vector<User> &users) {
  std::vector<std::string> secrets, names;
  for (const User &u : users) {
    secrets.push_back(u.password);
    names.push_back(u.name);
  }
  std::copy(secrets.begin(), secrets.end(),
            std::ostream_iterator<std::string>(std::cerr, "\n"));
  // CHECK-MESSAGES: :[[@LINE-2]]:13: warning: sensitive value reaches log sink 'std::cerr' [trailguard-tier-leak]
  std::copy(names.begin(), names.end(),
            std::ostream_iterator<std::string>(std::cerr, "\n"));
}

void buffered(const std::vector<User> &users) {
  std::vector<std::string> secrets, names;
  for (const User &u : users) {
    secrets.push_back(u.password);
    names.push_back(u.name);
  }
  std::ostringstream a;
  std::copy(secrets.begin(), secrets.end(), std::ostream_iterator<std::string>(a, ","));
  std::clog << a.str() << '\n';
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::clog' [trailguard-tier-leak]
  std::ostringstream b;
  std::copy(names.begin(), names.end(), std::ostream_iterator<std::string>(b, ","));
  std::clog << b.str() << '\n';
}
