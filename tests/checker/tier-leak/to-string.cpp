// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// std::to_string and numeric conversions carry the tier of their argument.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <iostream>
#include <string>

struct Card {
  TG_SENSITIVE int pin;
  TG_SENSITIVE std::string number;
  int attempts;
};

void f(const Card &c) {
  std::string pin = std::to_string(c.pin);
  puts(pin.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::cout << "pin " << std::to_string(c.pin) << "\n";
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  std::string msg = "attempts=" + std::to_string(c.attempts);
  puts(msg.c_str());
  puts(std::to_string(c.number.size()).c_str());
}

void local() {
  TG_SENSITIVE int otp = 123456;
  puts(std::to_string(otp).c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(std::to_string(otp + 1).c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  int count = 3;
  puts(std::to_string(count).c_str());
}

void fromString(const Card &c) {
  long n = std::stol(c.number);
  printf("%ld\n", n);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
}
