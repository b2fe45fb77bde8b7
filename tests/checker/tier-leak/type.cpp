// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Every value of a type annotated TG_SENSITIVE is sensitive: its members, as
// a member of another type, and through pointers, references,
// std::optional, std::unique_ptr and containers.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct TG_SENSITIVE ApiKey {
  std::string value;
  int version;
};

struct Client {
  std::string name;
  ApiKey key;
  int port;
};

void members(const ApiKey &k) {
  puts(k.value.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  printf("%d\n", k.version);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%zu\n", k.value.size());
}

void nested(const Client &c) {
  puts(c.key.value.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::cout << c.name << ":" << c.port << "\n";
}

void pointer(const ApiKey *k) {
  puts(k->value.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts((*k).value.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  printf("%d\n", k != nullptr);
}

void local() {
  ApiKey k{"abc", 1};
  const ApiKey &ref = k;
  std::string copy = ref.value;
  puts(copy.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}

void optional(const std::optional<ApiKey> &o) {
  puts(o->value.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(o.value().value.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  printf("%d\n", o.has_value());
}

void uniquePtr(const std::unique_ptr<ApiKey> &p) {
  puts(p->value.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  printf("%d\n", p != nullptr);
}

void makeUnique() {
  auto p = std::make_unique<ApiKey>();
  printf("%d\n", p->version);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
}

void vector(const std::vector<ApiKey> &keys) {
  puts(keys[0].value.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(keys.front().value.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  for (const ApiKey &k : keys)
    puts(k.value.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  printf("%zu keys\n", keys.size());
}

// A type without the annotation is clean, even with the same layout.
struct Label {
  std::string value;
  int version;
};

void unannotated(const Label &l, const std::vector<Label> &ls) {
  puts(l.value.c_str());
  puts(ls[0].value.c_str());
}
