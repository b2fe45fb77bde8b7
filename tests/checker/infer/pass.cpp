// RUN: %check_trailguard %s --infer-sensitive-names -- -std=c++17
// `pass` and `passwd` are passwords when they hold text and are a word of
// their own; passenger, compass, bypass, passthrough, a pass number or a
// compiler pass are not.
#include <cstdio>
#include <string>

struct Pass;

struct Login {
  std::string pass;
  const char *passwd;
  std::string user_pass;
  std::string passenger;
  std::string compass;
  std::string bypass;
  std::string passthrough;
  std::string pass_count;
  std::string first_pass;
  Pass *pass_ptr;
};

void f(const Login &l, int pass) {
  printf("%s\n", l.pass.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", l.passwd);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", l.user_pass.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]

  printf("%s %s\n", l.passenger.c_str(), l.compass.c_str());
  printf("%s %s\n", l.bypass.c_str(), l.passthrough.c_str());
  printf("%s %s\n", l.pass_count.c_str(), l.first_pass.c_str());
  printf("%d %p\n", pass, (void *)l.pass_ptr);
}
