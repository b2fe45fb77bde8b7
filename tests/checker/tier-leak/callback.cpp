// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A callable passed to a standard algorithm, invoker or std::thread runs
// on what the other arguments hold: a lambda or function that logs its
// parameter logs the elements it is given.
#include <trailguard/annotations.hpp>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

void show(const std::string &s) { std::cout << s << "\n"; }

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void each(const User &u) {
  std::vector<std::string> secrets{u.password, u.password + "2"};
  std::for_each(secrets.begin(), secrets.end(),
                // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: sensitive value reaches log sink 'std::cout' through call to 'lambda operator()' [trailguard-tier-leak]
                [](const std::string &s) { std::cout << s << "\n"; });
  std::for_each(secrets.begin(), secrets.end(), show);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: sensitive value reaches log sink 'std::cout' through call to 'show' [trailguard-tier-leak]
  std::invoke([](const std::string &s) { puts(s.c_str()); }, u.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:62: warning: sensitive value reaches log sink 'puts' through call to 'lambda operator()' [trailguard-tier-leak]
  std::thread worker(show, u.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: sensitive value reaches log sink 'std::cout' through call to 'show' [trailguard-tier-leak]
  worker.join();
}

// Look-alikes: callbacks that compare, count or log something else.
void quiet(const User &u, std::vector<User> &users) {
  std::vector<std::string> secrets{u.password};
  std::sort(secrets.begin(), secrets.end(),
            [](const std::string &a, const std::string &b) { return a.size() < b.size(); });
  std::for_each(secrets.begin(), secrets.end(),
                [](const std::string &s) { std::cout << s.size() << "\n"; });
  auto it = std::find_if(users.begin(), users.end(), [&](const User &x) {
    std::cout << "checking " << x.name << "\n";
    return x.name == u.name;
  });
  (void)it;
  std::vector<std::string> names{u.name};
  std::for_each(names.begin(), names.end(), show);
  std::thread worker(show, u.name);
  worker.join();
  // Stored next to the secret, not called with it.
  std::map<std::string, std::function<void(const std::string &)>> byKey;
  byKey.emplace(u.password, show);
}
