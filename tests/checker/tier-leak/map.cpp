// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A std::map keeps its keys and its mapped values apart: a map from user
// names to passwords has clean keys and sensitive values.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void subscript(const std::vector<User> &users) {
  std::map<std::string, std::string> passwords;
  for (const User &u : users)
    passwords[u.name] = u.password;
  for (auto it = passwords.begin(); it != passwords.end(); ++it) {
    puts(it->first.c_str());
    puts(it->second.c_str());
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  }
  puts(passwords.at("root").c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}

void emplace(const std::vector<User> &users) {
  std::unordered_map<std::string, std::string> passwords;
  for (const User &u : users)
    passwords.emplace(u.name, u.password);
  auto it = passwords.find("root");
  if (it != passwords.end()) {
    printf("%s\n", it->first.c_str());
    printf("%s\n", it->second.c_str());
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  }
}

void rangeFor(const std::vector<User> &users) {
  std::map<std::string, std::string> passwords;
  for (const User &u : users)
    passwords.insert_or_assign(u.name, u.password);
  for (const auto &entry : passwords) {
    puts(entry.first.c_str());
    puts(entry.second.c_str());
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  }
}

// Keyed by the secret: the keys are sensitive, the values are not.
void keyedBySecret(const std::vector<User> &users) {
  std::map<std::string, std::string> owners;
  for (const User &u : users)
    owners[u.password] = u.name;
  for (const auto &entry : owners) {
    puts(entry.first.c_str());
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
    puts(entry.second.c_str());
  }
}
