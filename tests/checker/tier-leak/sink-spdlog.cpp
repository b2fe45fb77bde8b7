// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include -isystem %mocks
// spdlog: free functions, logger methods, and the SPDLOG_* macros (which
// expand to logger->log(source_loc, level, ...)).
#include <trailguard/annotations.hpp>
#include <spdlog/spdlog.h>
#include <memory>
#include <string>

struct Session {
  std::string user;
  TG_SENSITIVE std::string cookie;
  TG_RESTRICTED std::string ip;
};

void f(const Session &s, spdlog::logger &lg, std::shared_ptr<spdlog::logger> sp) {
  spdlog::info("session {} {}", s.user, s.cookie);
  // CHECK-MESSAGES: :[[@LINE-1]]:41: warning: sensitive value reaches log sink 'spdlog::info' [trailguard-tier-leak]
  spdlog::error("from {}", s.ip);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: restricted value reaches log sink 'spdlog::error' [trailguard-tier-leak]
  lg.warn("cookie {}", s.cookie);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: sensitive value reaches log sink 'spdlog::logger::warn' [trailguard-tier-leak]
  sp->debug("cookie {}", s.cookie);
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: sensitive value reaches log sink 'spdlog::logger::debug' [trailguard-tier-leak]
  lg.log(spdlog::level::info, "cookie {}", s.cookie);
  // CHECK-MESSAGES: :[[@LINE-1]]:44: warning: sensitive value reaches log sink 'spdlog::logger::log' [trailguard-tier-leak]
  SPDLOG_INFO("cookie {}", s.cookie);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: sensitive value reaches log sink 'SPDLOG_INFO' [trailguard-tier-leak]
  SPDLOG_CRITICAL(s.cookie);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: sensitive value reaches log sink 'SPDLOG_CRITICAL' [trailguard-tier-leak]

  spdlog::info("session of {}", s.user);
  lg.warn("session of {}", s.user);
  sp->debug("cookie length {}", s.cookie.size());
  SPDLOG_INFO("session of {}", s.user);
  SPDLOG_TRACE("no arguments");
}
