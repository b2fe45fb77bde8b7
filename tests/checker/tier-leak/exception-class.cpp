// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// An exception class of the program: what() prints the field it was built
// with, so one built from a secret leaks where it is logged.
#include <trailguard/annotations.hpp>
#include <exception>
#include <iostream>
#include <string>

class LoginError : public std::exception {
public:
  LoginError(std::string user, std::string detail)
      : user_(std::move(user)), detail_(std::move(detail)) {}
  const char *what() const noexcept override { return detail_.c_str(); }
  const std::string &user() const { return user_; }

private:
  std::string user_;
  std::string detail_;
};

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void check(const User &u) {
  if (u.password.empty())
    throw LoginError(u.name, "empty password");
  if (u.password == u.name)
    throw LoginError(u.name, "password equals user name: " + u.password);
}

void checkName(const User &u) {
  if (u.name.empty() || u.password.size() < 8)
    throw LoginError(u.name, "bad user name or password");
}

void login(const User &u) {
  try {
    check(u);
  } catch (const LoginError &e) {
    std::clog << "login failed: " << e.what() << "\n";
    // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: sensitive value reaches log sink 'std::clog' [trailguard-tier-leak]
  }
}

// Look-alike: the exception is built from the user name and a constant.
void loginQuietly(const User &u) {
  try {
    checkName(u);
  } catch (const std::exception &e) {
    std::clog << "login failed for " << static_cast<const LoginError &>(e).user()
              << ": " << e.what() << "\n";
  }
}
