// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include -isystem %mocks
// fmt::print/println are sinks (the leading FILE* or ostream is not data);
// fmt::format only builds a string, which carries the tier.
#include <trailguard/annotations.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <cstdio>
#include <iostream>
#include <string>

struct Token {
  std::string id;
  TG_SENSITIVE std::string secret;
};

void f(const Token &t) {
  fmt::print("token {} {}\n", t.id, t.secret);
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: sensitive value reaches log sink 'fmt::print' [trailguard-tier-leak]
  fmt::println("{}", t.secret);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: sensitive value reaches log sink 'fmt::println' [trailguard-tier-leak]
  fmt::print(stderr, "{}\n", t.secret);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: sensitive value reaches log sink 'fmt::print' [trailguard-tier-leak]
  fmt::print(std::cerr, "{}\n", t.secret);
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: sensitive value reaches log sink 'fmt::print' [trailguard-tier-leak]
  std::string line = fmt::format("token {}", t.secret);
  fmt::print("{}\n", line);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: sensitive value reaches log sink 'fmt::print' [trailguard-tier-leak]

  fmt::print("token {}\n", t.id);
  fmt::print(stderr, "token {}\n", t.id);
  std::string id_line = fmt::format("token {}", t.id);
  fmt::print("{} ({} chars)\n", id_line, t.secret.size());
}
