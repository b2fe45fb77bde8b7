// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A map whose mapped type is sensitive has sensitive values and clean keys,
// through structured bindings, iterators and at().
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <map>
#include <string>

struct TG_SENSITIVE ApiKey {
  std::string value;
};

void bindings(const std::map<std::string, ApiKey> &keys) {
  for (const auto &[service, key] : keys) {
    printf("%s\n", service.c_str());
    printf("%s\n", key.value.c_str());
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  }
}

void iterators(const std::map<std::string, ApiKey> &keys) {
  for (auto it = keys.begin(); it != keys.end(); ++it) {
    puts(it->first.c_str());
    puts(it->second.value.c_str());
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  }
  puts(keys.at("billing").value.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  printf("%zu\n", keys.size());
}
