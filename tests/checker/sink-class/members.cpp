// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// The arguments of a log sink class's non-const member functions are
// logged (write, printf-like members); those of its constructors and const
// members are not.
#include <trailguard/annotations.hpp>
#include <string>

class TG_LOG_SINK Logger {
public:
  explicit Logger(const std::string &Prefix);
  void write(const char *Data, unsigned Size);
  void printf(const char *Format, ...);
  bool accepts(const std::string &Text) const;
};

struct User {
  TG_SENSITIVE std::string password;
};

void f(const User &u) {
  Logger log(u.password);
  log.write(u.password.data(), 4);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: sensitive value reaches log sink 'Logger' [trailguard-tier-leak]
  log.printf("pw=%s", u.password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: sensitive value reaches log sink 'Logger' [trailguard-tier-leak]
  log.accepts(u.password);
}
