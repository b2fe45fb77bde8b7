// RUN: %check_trailguard %s --infer-sensitive-names -- -std=c++17
// RUN: %check_trailguard --check-prefix=OFF %s -- -std=c++17
// --infer-sensitive-names treats credential-looking names as sensitive,
// and skips names that say the value is protected or is about the secret.
#include <cstdio>
#include <string>
#include <vector>

struct Login {
  std::string user;
  std::string password;
  std::string password_hash;
  std::string passwordPolicy;
  std::string apiKey;
  std::string api_key_name;
  std::string session_token;
  std::vector<std::string> tokens;
  int pin;
  int pin_length;
  bool has_password;
};

void f(const Login &l, const char *secret, const std::string &next_token) {
  printf("%s\n", l.password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", l.apiKey.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", l.session_token.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%d\n", l.pin);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", secret);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]

  printf("%s\n", l.user.c_str());
  printf("%s\n", l.password_hash.c_str());
  printf("%s\n", l.passwordPolicy.c_str());
  printf("%s\n", l.api_key_name.c_str());
  printf("%zu\n", l.tokens.size());
  printf("%s\n", l.tokens.front().c_str());
  printf("%d\n", l.pin_length);
  printf("%d\n", l.has_password);
  printf("%s\n", next_token.c_str());
}
