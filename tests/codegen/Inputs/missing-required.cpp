// An event built without a required field does not compile.
#include "events.hpp"

int main() {
  shop::audit::AuthnLoginSuccess login("alice");
  return login.user_id.empty();
}
