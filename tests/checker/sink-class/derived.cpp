// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// An object of a class derived from a log sink class is a log sink too,
// through a free operator<< as well as a member one; its base alone is not.
#include <trailguard/annotations.hpp>
#include <string>

class TG_LOG_SINK Sink {};
class Console : public Sink {};
class Plain {};

Sink &operator<<(Sink &S, const std::string &Text);
Plain &operator<<(Plain &P, const std::string &Text);

struct User {
  TG_SENSITIVE std::string password;
};

void f(const User &u, Console &c, Plain &p) {
  c << "pw=" << u.password;
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: sensitive value reaches log sink 'Sink' [trailguard-tier-leak]
  p << "pw=" << u.password;
}
