// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A std::function callback calls what it holds: a log function, a function
// that logs, or a lambda whose body logs.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <functional>
#include <iostream>
#include <string>

void log_line(const std::string &s) { std::cout << "[app] " << s << "\n"; }

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void stdio(const User &u) {
  std::function<int(const char *)> out = puts;
  out(u.password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  out(u.name.c_str());
}

void function(const User &u) {
  std::function<void(const std::string &)> cb = log_line;
  cb(u.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: sensitive value reaches log sink 'std::cout' through call to 'log_line' [trailguard-tier-leak]
  cb(u.name);
}

void lambda(const User &u) {
  std::function<void(const std::string &)> on_error;
  on_error = [](const std::string &msg) { std::cerr << "failed: " << msg << "\n"; };
  on_error(u.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: sensitive value reaches log sink 'std::cerr' through call to 'lambda operator()' [trailguard-tier-leak]
  on_error(u.name);
}

// Look-alikes: callbacks that keep, measure or hash the value.
void quiet(const User &u) {
  std::string kept;
  std::function<void(const std::string &)> keep = [&kept](const std::string &s) { kept = s; };
  keep(u.password);
  std::function<void(const std::string &)> size = [](const std::string &s) { std::cout << s.size() << "\n"; };
  size(u.password);
  std::function<size_t(const std::string &)> hash = std::hash<std::string>();
  std::cout << u.name << hash(u.name) << "\n";
}
