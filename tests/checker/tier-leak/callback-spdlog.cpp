// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include -isystem %mocks
// A logger callback as applications install it: a std::function member
// default or a local handler logging through spdlog, called with a secret.
#include <trailguard/annotations.hpp>
#include <spdlog/spdlog.h>
#include <functional>
#include <string>

using Handler = std::function<void(const std::string &)>;

struct Login {
  std::string user;
  TG_SENSITIVE std::string token;
};

void run(const Login &l, bool debug) {
  Handler report = [](const std::string &msg) { spdlog::warn("auth: {}", msg); };
  Handler trace = [](const std::string &msg) { spdlog::debug("{} bytes", msg.size()); };
  if (debug)
    trace = [](const std::string &msg) { spdlog::debug("length {}", msg.length()); };
  report(l.token);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'spdlog::warn' through call to 'lambda operator()' [trailguard-tier-leak]
  report(l.user);
  trace(l.token);
  void (*log_fn)(const std::string &) = spdlog::info<std::string>;
  log_fn(l.user);
  log_fn(l.token);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'spdlog::info' [trailguard-tier-leak]
}
