// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// TG_RESTRICTED values are reported with their own tier; a mix of tiers is
// reported with the highest one.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <iostream>
#include <string>

struct Customer {
  TG_RESTRICTED std::string email;
  TG_SENSITIVE std::string card;
  std::string plan;
};

TG_RESTRICTED std::string lookupPhone(int id);

void f(const Customer &c) {
  printf("%s\n", c.email.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: restricted value reaches log sink 'printf' [trailguard-tier-leak]
  std::cout << c.email << "\n";
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: restricted value reaches log sink 'std::cout' [trailguard-tier-leak]
  puts(lookupPhone(1).c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: restricted value reaches log sink 'puts' [trailguard-tier-leak]
  TG_RESTRICTED std::string ssn = "000-00-0000";
  puts(ssn.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: restricted value reaches log sink 'puts' [trailguard-tier-leak]
  printf("%s\n", c.plan.c_str());
}

void mixed(const Customer &c) {
  std::string both = c.email + ":" + c.card;
  puts(both.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::string contact = c.plan + ":" + c.email;
  puts(contact.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: restricted value reaches log sink 'puts' [trailguard-tier-leak]
}
