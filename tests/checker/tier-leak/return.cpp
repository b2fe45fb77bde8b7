// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A function annotated TG_SENSITIVE returns a sensitive value, whatever its
// body (if any) does.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <iostream>
#include <string>

TG_SENSITIVE std::string loadToken();
std::string loadName();
TG_RESTRICTED const char *userEmail(int id);

// Annotated on the declaration, defined without the annotation.
TG_SENSITIVE std::string fromHeader();
std::string fromHeader() { return "h"; }

// The annotation wins over a body that returns a literal.
TG_SENSITIVE std::string defaultKey() { return "constant"; }

struct Vault {
  TG_SENSITIVE std::string secret() const;
  TG_SENSITIVE static int pin();
  std::string label() const;
  virtual ~Vault();
  TG_SENSITIVE virtual std::string key() const;
};

void f(const Vault &v) {
  puts(loadToken().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(loadName().c_str());
  puts(userEmail(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: restricted value reaches log sink 'puts' [trailguard-tier-leak]
  puts(fromHeader().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(defaultKey().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}

void methods(const Vault &v) {
  puts(v.secret().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  printf("%d\n", Vault::pin());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  puts(v.key().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(v.label().c_str());
}

void stored() {
  auto token = loadToken();
  std::cout << "token " << token << "\n";
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  std::string name = loadName();
  std::cout << "name " << name << "\n";
}
