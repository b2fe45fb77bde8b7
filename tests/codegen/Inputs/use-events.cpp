// Uses every generated construct; compiled with both compilers and standards.
#include "events.hpp"

#include <chrono>
#include <cmath>
#include <string>

struct counter {
  int fields = 0;
  template <typename T> void operator()(const char *, const T &, trailguard::tier) { ++fields; }
};

int main() {
  shop::audit::AuthnLoginSuccess login("alice", shop::audit::AuthnLoginSuccess::Method::totp);
  login.attempts = 3;
  login.scopes = std::vector<std::string>{"read"};
  shop::audit::AuthzFail fail("/admin", std::chrono::system_clock::now());
  fail.took = std::chrono::milliseconds(5);
  counter c;
  login.visit(c);
  fail.visit(c);
  static_assert(shop::audit::AuthnLoginSuccess::event_name == "authn.login_success");
  static_assert(shop::audit::AuthzFail::version_major == 2);
  static_assert(!shop::audit::AuthzFail::required_context.session);
  const char *method = shop::audit::AuthnLoginSuccess::to_string(login.method);
  // Limits from the schema: max_length and pattern.
  shop::audit::AuthnLoginSuccess long_name(std::string(65, 'x'),
                                           shop::audit::AuthnLoginSuccess::Method::password);
  shop::audit::AuthzFail bad_path("admin", std::chrono::system_clock::now());
  // Values JSON cannot carry, or that are not what the type says.
  shop::audit::AuthzFail nan_score("/orders", std::chrono::system_clock::now());
  nan_score.score = std::nan("");
  shop::audit::AuthzFail bad_ip("/orders", std::chrono::system_clock::now());
  bad_ip.client_ip = "10.0.0.256";
  fail.client_ip = "2001:db8::1";
  fail.score = 0.25;
  bool limits = long_name.invalid_field() == std::string("user_id") &&
                bad_path.invalid_field() == std::string("resource") &&
                nan_score.invalid_field() == std::string("score") &&
                bad_ip.invalid_field() == std::string("client_ip") &&
                fail.invalid_field() == nullptr;
  // The runtime's encoder names enum values through ADL.
  limits = limits && trailguard_enum_name(login.method) == "totp";
  return (c.fields == 12 && login.invalid_field() == nullptr && method[0] == 't' && limits) ? 0 : 1;
}
