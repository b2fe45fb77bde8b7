// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include -I%mocks
// fmt and spdlog vendored into a project (found with -I, not as system
// headers) are still judged by trailguard's rules, not by their bodies: one
// finding per leak, and formatting keeps the tier.
#include <trailguard/annotations.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <cstdio>
#include <string>

TG_SENSITIVE std::string load_token();

void f() {
  std::string msg = fmt::format("token={}", load_token());
  std::puts(msg.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  spdlog::info("token={}", load_token());
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: sensitive value reaches log sink 'spdlog::info' [trailguard-tier-leak]
  SPDLOG_INFO("token={}", load_token());
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: sensitive value reaches log sink 'SPDLOG_INFO' [trailguard-tier-leak]
  spdlog::info("token length={}", load_token().size());
}
