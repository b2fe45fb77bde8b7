// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// A virtual call returns what any override visible in the translation unit
// returns.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>

class Credential {
public:
  virtual ~Credential() = default;
  virtual std::string secret() const = 0;
  virtual std::string label() const { return "credential"; }
};

class PasswordCredential : public Credential {
public:
  PasswordCredential(std::string user, std::string password)
      : user_(std::move(user)), password_(std::move(password)) {}
  std::string secret() const override { return password_; }
  std::string label() const override { return user_; }

private:
  std::string user_;
  TG_SENSITIVE std::string password_;
};

class TokenCredential : public Credential {
public:
  std::string secret() const override { return token_; }

private:
  TG_SENSITIVE std::string token_;
};

void throughReference(const Credential &c) {
  puts(c.secret().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(c.label().c_str());
}

void throughPointer(const Credential *c) {
  std::string s = c->secret();
  printf("secret=%s\n", s.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("label=%s\n", c->label().c_str());
}

void qualified(const PasswordCredential &c) {
  puts(c.Credential::label().c_str());
  puts(c.label().c_str());
}

// Only the overrides in the hierarchy of the static type count.
class Greeting {
public:
  virtual ~Greeting() = default;
  virtual std::string secret() const { return "hello"; }
};

void unrelated(const Greeting &g) { puts(g.secret().c_str()); }
