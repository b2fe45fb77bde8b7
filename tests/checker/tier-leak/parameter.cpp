// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A parameter annotated TG_SENSITIVE is a source inside its function; the
// annotation may sit on the declaration the callers see.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <iostream>
#include <string>

void login(TG_SENSITIVE const std::string &password, const std::string &user) {
  printf("login %s with %s\n", user.c_str(), password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:46: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("login %s\n", user.c_str());
}

void unlock(TG_SENSITIVE int pin, int attempts) {
  std::cout << "pin " << pin << "\n";
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  std::cout << "attempts " << attempts << "\n";
}

void byValue(TG_SENSITIVE std::string token) {
  std::string copy = token;
  puts(copy.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}

// Annotated on the declaration only.
void connect(TG_SENSITIVE const char *secret, const char *host);
void connect(const char *secret, const char *host) {
  puts(secret);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(host);
}

struct Client {
  void authenticate(TG_RESTRICTED const std::string &email) {
    puts(email.c_str());
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: restricted value reaches log sink 'puts' [trailguard-tier-leak]
  }
};

// Unannotated parameters carry what callers pass; nothing is known here.
void plain(const std::string &s) { puts(s.c_str()); }
