// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Against the real Debian spdlog (with its external fmt), not a mock.
#include <trailguard/annotations.hpp>
#include <spdlog/spdlog.h>
#include <spdlog/fmt/ostr.h>
#include <memory>
#include <string>

struct Credentials {
  std::string user;
  TG_SENSITIVE std::string password;
};

void f(const Credentials &c, const std::shared_ptr<spdlog::logger> &lg) {
  spdlog::info("login {} {}", c.user, c.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: sensitive value reaches log sink 'spdlog::info' [trailguard-tier-leak]
  lg->error("password {}", c.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: sensitive value reaches log sink 'spdlog::logger::error' [trailguard-tier-leak]
  SPDLOG_WARN("password {}", c.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: sensitive value reaches log sink 'SPDLOG_WARN' [trailguard-tier-leak]
  SPDLOG_LOGGER_CRITICAL(lg, "password {}", c.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: sensitive value reaches log sink 'SPDLOG_LOGGER_CRITICAL' [trailguard-tier-leak]

  spdlog::info("login {}", c.user);
  lg->error("password of {} has {} characters", c.user, c.password.size());
  SPDLOG_WARN("login {}", c.user);
}
