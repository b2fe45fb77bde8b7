// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Annotated local and global variables are sources wherever they are read.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <iostream>
#include <string>

TG_SENSITIVE std::string g_api_token = "tok";
TG_SENSITIVE const char *g_master_key = "k";
std::string g_service_name = "svc";

namespace config {
TG_SENSITIVE std::string db_password;
std::string db_host;
} // namespace config

struct Settings {
  TG_SENSITIVE static std::string signing_key;
  static std::string region;
};

void globals() {
  printf("%s\n", g_api_token.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  puts(g_master_key);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::cout << config::db_password << "\n";
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  std::cout << Settings::signing_key << "\n";
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  printf("%s\n", g_service_name.c_str());
  std::cout << config::db_host << Settings::region << "\n";
}

void locals(const char *input) {
  TG_SENSITIVE std::string otp = input;
  puts(otp.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  TG_SENSITIVE int pin = 1234;
  printf("%d\n", pin);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  std::string label = input;
  puts(label.c_str());
  int count = 3;
  printf("%d\n", count);
}

void staticLocal() {
  TG_SENSITIVE static std::string cached = "secret";
  puts(cached.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}

// The tier is attached to the variable, not to whatever was assigned to it
// last: assigning a clean value does not launder an annotated variable.
void annotatedStaysSensitive() {
  TG_SENSITIVE std::string secret = "s";
  secret = "placeholder";
  puts(secret.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}
