// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// An exception carries the message it was built from: thrown with a secret
// and caught in the same function or in a caller, what() is the secret.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void local(const User &u) {
  try {
    if (u.password.size() < 8)
      throw std::runtime_error("weak password " + u.password);
  } catch (const std::exception &e) {
    puts(e.what());
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  }
}

void validate(const std::string &pw) {
  if (pw.find(' ') != std::string::npos)
    throw std::invalid_argument("bad pw " + pw);
}

void caller(const User &u) {
  try {
    validate(u.password);
  } catch (const std::invalid_argument &e) {
    std::cerr << "rejected: " << e.what() << "\n";
    // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: sensitive value reaches log sink 'std::cerr' [trailguard-tier-leak]
  }
}

void rethrows(const std::string &pw) {
  try {
    validate(pw);
  } catch (...) {
    puts("rethrowing");
    throw;
  }
}

void outer(const User &u) {
  try {
    rethrows(u.password);
  } catch (const std::exception &e) {
    puts(e.what());
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  }
}

// Look-alikes: constant messages, a message built from the user name, and a
// secret exception caught and dropped before it could reach the caller.
void constant(const User &u) {
  try {
    if (u.password.size() < 8)
      throw std::runtime_error("weak password");
    validate(u.name);
  } catch (const std::exception &e) {
    puts(e.what());
  }
}

void swallow(const std::string &pw) {
  try {
    validate(pw);
  } catch (...) {
  }
  throw std::logic_error("unreachable state");
}

void quiet(const User &u) {
  try {
    swallow(u.password);
  } catch (const std::exception &e) {
    puts(e.what());
  }
}

// A handler for one type lets the others through; nothing leaves a
// noexcept function.
void onlyRange(const std::string &pw) {
  try {
    validate(pw);
  } catch (const std::out_of_range &) {
  }
}

void terminates(const std::string &pw) noexcept { validate(pw); }

void typed(const User &u) {
  try {
    onlyRange(u.password);
  } catch (const std::exception &e) {
    puts(e.what());
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  }
  try {
    terminates(u.password);
  } catch (const std::exception &e) {
    puts(e.what());
  }
}
