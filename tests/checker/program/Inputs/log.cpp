#include "user.h"
#include <cstdio>

void logLine(const std::string &Line) { std::puts(Line.c_str()); }
void logQuietly(const std::string &Line) { (void)Line.size(); }
std::string mask(const std::string &Secret) {
  return std::string(Secret.size(), '*');
}
std::string prefix(const std::string &Secret) { return Secret.substr(0, 4); }
std::string describe(const User &U) { return "user " + U.password(); }
std::string tokenOf(const Credentials &C) { return C.Token; }
