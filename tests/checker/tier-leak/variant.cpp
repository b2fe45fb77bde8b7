// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A std::variant holds the tier of what was put in it; std::visit calls the
// visitor with it, and std::get reads it.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <iostream>
#include <string>
#include <variant>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
  int id;
};

using Field = std::variant<int, std::string>;

struct Printer {
  void operator()(int i) const { std::cout << i << '\n'; }
  void operator()(const std::string &s) const { std::cout << s << '\n'; }
};

void get(const User &u) {
  Field f = u.password;
  puts(std::get<std::string>(f).c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  if (const auto *s = std::get_if<std::string>(&f))
    puts(s->c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  Field g = u.name;
  puts(std::get<std::string>(g).c_str());
}

void visitLambda(const User &u) {
  Field f = u.password;
  std::visit([](const auto &v) { std::cout << v << '\n'; }, f);
  // CHECK-MESSAGES: :[[@LINE-1]]:61: warning: sensitive value reaches log sink 'std::cout' through call to 'lambda operator()' [trailguard-tier-leak]
  Field g = u.id;
  std::visit([](const auto &v) { std::cout << v << '\n'; }, g);
}

void visitFunctor(const User &u) {
  Field f = u.password;
  std::visit(Printer{}, f);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: sensitive value reaches log sink 'std::cout' through call to 'Printer::operator()' [trailguard-tier-leak]
  Field g = u.name;
  std::visit(Printer{}, g);
}

void visitResult(const User &u) {
  Field f = u.password;
  std::string s = std::visit(
      [](const auto &v) -> std::string {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, int>)
          return std::to_string(v);
        else
          return v;
      },
      f);
  puts(s.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  Field g = u.name;
  std::string t = std::visit([](const auto &) { return std::string("field"); }, f);
  puts(t.c_str());
}
