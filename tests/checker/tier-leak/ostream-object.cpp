// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Streaming a whole object follows its operator<<: an object is reported at
// the `<<` argument when its operator<< prints a secret, not when it leaves
// the secret out.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};
std::ostream &operator<<(std::ostream &os, const User &u) {
  return os << u.name << ":" << u.password;
}

struct SafeUser {
  std::string name;
  TG_SENSITIVE std::string password;
};
std::ostream &operator<<(std::ostream &os, const SafeUser &u) {
  return os << u.name;
}

class Credential {
  std::string id_;
  TG_SENSITIVE std::string key_;
  friend std::ostream &operator<<(std::ostream &os, const Credential &c) {
    return os << c.id_ << "/" << c.key_;
  }
};

class SafeCredential {
  std::string id_;
  TG_SENSITIVE std::string key_;
  friend std::ostream &operator<<(std::ostream &os, const SafeCredential &c) {
    return os << c.id_;
  }
};

namespace app {
struct Token {
  TG_SENSITIVE std::string raw;
  int id;
};
std::ostream &operator<<(std::ostream &os, const Token &t) {
  os << "Token(" << t.id << ", " << t.raw << ")";
  return os;
}
} // namespace app

void freeOperator(const User &u, const SafeUser &s) {
  std::cout << u << "\n";
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cout' through call to 'operator<<' [trailguard-tier-leak]
  std::cout << "user=" << u << " safe=" << s << "\n";
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: sensitive value reaches log sink 'std::cout' through call to 'operator<<' [trailguard-tier-leak]
  std::cout << s << "\n";
  std::cerr << "safe=" << s << "\n";
}

void hiddenFriend(const Credential &c, const SafeCredential &s) {
  std::cerr << c << "\n";
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cerr' through call to 'operator<<' [trailguard-tier-leak]
  std::cerr << s << "\n";
}

void namespaced(const app::Token &t) {
  std::clog << t << "\n";
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::clog' through call to 'app::operator<<' [trailguard-tier-leak]
}

void otherStreams(const User &u, const SafeUser &s) {
  std::ofstream file("app.log");
  file << u;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: sensitive value reaches log sink 'std::ofstream' through call to 'operator<<' [trailguard-tier-leak]
  file << s;
  std::ostringstream a;
  a << u;
  puts(a.str().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::ostringstream b;
  b << s;
  puts(b.str().c_str());
}
