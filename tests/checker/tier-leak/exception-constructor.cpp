// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A constructor that throws a message built from its argument: the
// exception reaches the handler of the try around the construction, also
// when the try ends the function; a constant message carries nothing.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <stdexcept>
#include <string>

TG_SENSITIVE extern std::string Key;

struct Vault {
  explicit Vault(const std::string &K) {
    if (K.size() < 4)
      throw std::invalid_argument("short key " + K);
  }
};

struct Box {
  explicit Box(const std::string &K) {
    if (K.size() < 4)
      throw std::invalid_argument("short key");
  }
};

void openVault() {
  try {
    Vault V(Key);
  } catch (const std::exception &E) {
    std::puts(E.what());
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  }
}

void openBox() {
  try {
    Box B(Key);
  } catch (const std::exception &E) {
    std::puts(E.what());
  }
}

int openThenCount() {
  int Opened = 0;
  try {
    Vault V(Key);
    ++Opened;
  } catch (const std::invalid_argument &E) {
    std::puts(E.what());
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  }
  return Opened;
}
