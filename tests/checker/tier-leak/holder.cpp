// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Class templates holding a sensitive T: the instantiation for a sensitive
// type holds a sensitive value, its other members and the instantiation for
// a plain type do not.
#include <trailguard/annotations.hpp>
#include <iostream>
#include <string>
#include <utility>

struct TG_SENSITIVE Password {
  std::string text;
};

template <class T> class Holder {
public:
  explicit Holder(T v, std::string label) : value_(std::move(v)), label_(std::move(label)) {}
  const T &get() const { return value_; }
  const std::string &label() const { return label_; }

private:
  T value_;
  std::string label_;
};

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void f(const User &u, const Password &pw) {
  Holder<Password> h(pw, "db");
  std::cout << h.get().text << "\n";
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  std::cout << h.label() << "\n";

  Holder<std::string> s(u.password, "login");
  std::cout << s.get() << "\n";
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::cout' [trailguard-tier-leak]
  std::cout << s.label() << "\n";

  Holder<std::string> n(u.name, "user");
  std::cout << n.get() << " " << n.label() << "\n";
}
