#include "user.h"
#include <cstdio>

User::User(std::string Name, std::string Password)
    : Name(std::move(Name)), Password(std::move(Password)) {}
const std::string &User::name() const { return Name; }
const std::string &User::password() const { return Password; }
std::string User::masked() const { return std::string(8, '*'); }

std::ostream &operator<<(std::ostream &OS, const User &U) {
  return OS << U.name();
}
std::ostream &operator<<(std::ostream &OS, const Credentials &C) {
  return OS << C.Login << ":" << C.Token;
}
