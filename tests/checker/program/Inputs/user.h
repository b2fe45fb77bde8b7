// A class whose accessors are defined in another translation unit.
#pragma once
#include <trailguard/annotations.hpp>
#include <ostream>
#include <string>

class User {
public:
  User(std::string Name, std::string Password);
  const std::string &name() const;
  const std::string &password() const;
  std::string masked() const;

private:
  std::string Name;
  TG_SENSITIVE std::string Password;
};

struct Credentials {
  std::string Login;
  TG_SENSITIVE std::string Token;
};

std::ostream &operator<<(std::ostream &OS, const User &U);
std::ostream &operator<<(std::ostream &OS, const Credentials &C);

void logLine(const std::string &Line);
void logQuietly(const std::string &Line);
std::string mask(const std::string &Secret);
std::string prefix(const std::string &Secret);
std::string describe(const User &U);
std::string tokenOf(const Credentials &C);
void audit(const std::string &Event, const std::string &Detail);
// Throw a std::runtime_error if the password is weak: with it in the
// message, or with a constant one.
void checkPassword(const std::string &Secret);
void checkLength(const std::string &Secret);
// Constructors that throw, with the key in the message or without.
struct Vault {
  explicit Vault(const std::string &Key);
};
struct Box {
  explicit Box(const std::string &Key);
};
