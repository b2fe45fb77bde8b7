// RUN: %check_trailguard %s -- -std=c++20 -I%annotations_include
// The standard library (libstdc++) at C++20: iostreams, strings, containers,
// optional and smart pointers around a sensitive type.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct TG_SENSITIVE Key {
  std::string material;
};

struct Vault {
  std::string name;
  std::optional<Key> primary;
  std::unique_ptr<Key> backup;
  std::vector<Key> rotated;
  std::map<std::string, Key> by_id;
};

void f(const Vault &v) {
  std::cout << v.primary->material;
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  std::cout << v.backup->material;
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  std::cout << v.rotated.front().material;
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  std::cout << v.by_id.at("k1").material;
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  std::string line = "key " + v.primary->material;
  std::puts(line.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]

  std::cout << v.name << " has " << v.rotated.size() << " old keys\n";
  std::string summary = v.name + std::to_string(v.by_id.size());
  std::puts(summary.c_str());
  std::cout << (v.primary.has_value() ? "primary set" : "no primary") << '\n';
}
