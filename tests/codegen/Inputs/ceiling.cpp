// Generated fields carry their schema tier: a sensitive value stored in a
// restricted field is a tier leak, in a sensitive field it is fine.
#include "events.hpp"

#include <trailguard/annotations.hpp>
#include <string>

struct Credentials {
  std::string user;
  TG_SENSITIVE std::string password;
};

void build(const Credentials &c) {
  shop::audit::AuthnLoginSuccess ok(c.user, shop::audit::AuthnLoginSuccess::Method::password);
  ok.session_token = c.password;
  shop::audit::AuthnLoginSuccess bad(c.password, shop::audit::AuthnLoginSuccess::Method::password);
  bad.user_id = c.password;
}
