// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A field annotated TG_SENSITIVE is a source wherever it is read.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <iostream>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
  TG_SENSITIVE int pin;
  int age;
};

void byReference(const User &u) {
  printf("%s\n", u.password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", u.name.c_str());
}

void byPointer(const User *u) {
  puts(u->password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(u->name.c_str());
}

void scalar(const User &u) {
  printf("%d\n", u.pin);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%d\n", u.age);
}

void stream(const User &u) {
  std::cout << "user " << u.name << " pw " << u.password << "\n";
  // CHECK-MESSAGES: :[[@LINE-1]]:47: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  std::cerr << u.name << " is " << u.age << "\n";
}

class Account {
public:
  void dump() const {
    printf("%s\n", token_.c_str());
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
    printf("%s\n", owner_.c_str());
  }

private:
  std::string owner_;
  TG_SENSITIVE std::string token_;
};

struct Session {
  User user;
  int id;
};

void nested(const Session &s) {
  printf("%s\n", s.user.password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s %d\n", s.user.name.c_str(), s.id);
}
