#include "user.h"
#include <cstdio>
#include <stdexcept>

void logLine(const std::string &Line) { std::puts(Line.c_str()); }
void logQuietly(const std::string &Line) { (void)Line.size(); }
std::string mask(const std::string &Secret) {
  return std::string(Secret.size(), '*');
}
std::string prefix(const std::string &Secret) { return Secret.substr(0, 4); }
std::string describe(const User &U) { return "user " + U.password(); }
std::string tokenOf(const Credentials &C) { return C.Token; }
void checkPassword(const std::string &Secret) {
  if (Secret.size() < 8)
    throw std::runtime_error("weak password: " + Secret);
}
void checkLength(const std::string &Secret) {
  if (Secret.size() < 8)
    throw std::runtime_error("password too short");
}
Vault::Vault(const std::string &Key) {
  if (Key.size() < 4)
    throw std::invalid_argument("short key " + Key);
}
Box::Box(const std::string &Key) {
  if (Key.size() < 4)
    throw std::invalid_argument("short key");
}
