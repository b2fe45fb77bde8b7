// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Against the real Debian spdlog and glog headers: a finding names the log
// macro as written, also inside a macro of the project's own; a sink call
// written in another macro's argument keeps its own name.
#include <trailguard/annotations.hpp>
#include <glog/logging.h>
#include <spdlog/spdlog.h>
#include <string>

#define QUIETLY(stmt) do { stmt; } while (0)
#define APP_INFO(...) SPDLOG_INFO(__VA_ARGS__)

struct Credentials {
  TG_SENSITIVE std::string password;
};

void f(const Credentials &c) {
  QUIETLY(SPDLOG_INFO("pw {}", c.password));
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: sensitive value reaches log sink 'SPDLOG_INFO' [trailguard-tier-leak]
  APP_INFO("pw {}", c.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: sensitive value reaches log sink 'APP_INFO' [trailguard-tier-leak]
  QUIETLY(spdlog::info("pw {}", c.password));
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: sensitive value reaches log sink 'spdlog::info' [trailguard-tier-leak]
  QUIETLY(LOG(INFO) << c.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: sensitive value reaches log sink 'LOG' [trailguard-tier-leak]
  QUIETLY(spdlog::info("pw has {} characters", c.password.size()));
}
