// Uses events of schemas/owasp-vocabulary.yaml; compiled with both compilers
// and standards under -Wall -Wextra -Werror -pedantic.
#include "owasp.hpp"

#include <string>
#include <vector>

namespace audit = owasp::audit;

int main() {
  int fields = 0, restricted = 0;
  auto count = [&](const char *, const auto &, trailguard::tier t) {
    ++fields;
    if (t == trailguard::tier::restricted)
      ++restricted;
  };

  // Required fields through the constructor, optional ones set afterwards.
  audit::AuthnLoginSuccessafterfail login("joebob1", 2);
  audit::AuthnLoginLock lock("joebob1", audit::AuthnLoginLock::Reason::maxretries);
  audit::AuthnTokenCreated token("app.foobarapi.prod");
  token.entitlements = std::vector<std::string>{"create", "read", "update"};
  token.token_id = "xyz-abc-123-gfk";
  audit::AuthzChange change("joebob1", "user", "admin");
  audit::UploadValidation scan("user_generated_content.png",
                               audit::UploadValidation::Validator::virusscan,
                               audit::UploadValidation::Result::failed);
  audit::MaliciousCors cors;
  cors.user_agent = "Mozilla/5.0 (X11; Linux x86_64; rv:10.0) Gecko/20100101 Firefox/10.0";
  cors.referer = "https://attack.evil.com/";
  audit::SysStartup startup;
  audit::UserCreated created("joebob1", "user1");
  created.attributes = std::vector<std::string>{"admin:create", "admin:update"};

  login.visit(count);     // user_id, retries
  lock.visit(count);      // user_id, reason
  token.visit(count);     // user_id, entitlements, token_id
  change.visit(count);    // user_id, from, to
  scan.visit(count);      // filename, validator, result
  cors.visit(count);      // user_id, user_agent, referer
  startup.visit(count);   // user_id
  created.visit(count);   // user_id, new_user_id, attributes

  static_assert(audit::AuthnLoginSuccessafterfail::event_name == "authn.login_successafterfail");
  static_assert(audit::MaliciousExcess404::event_name == "malicious.excess_404");
  static_assert(audit::AuthnLoginFail::outcome == "failure");
  static_assert(audit::AuthnLoginSuccess::required_context.session);
  static_assert(!audit::AuthnLoginFail::required_context.actor);
  static_assert(audit::AuthnLoginFail::required_context.source_address);
  static_assert(!audit::SysShutdown::required_context.request_id);
  static_assert(audit::AuthnTokenRevoked::token_id_max_length == 128);

  // Limits: max_length on strings and list items, the app_id pattern.
  audit::AuthnLoginFail long_user(std::string(257, 'x'));
  audit::InputValidationFail long_item(std::vector<std::string>{"zip", std::string(129, 'f')});
  audit::AuthnTokenDelete bad_app("foo bar");
  startup.user_id = std::string(300, 'u');
  bool limits = long_user.invalid_field() == std::string("user_id") &&
                long_item.invalid_field() == std::string("field_names") &&
                bad_app.invalid_field() == std::string("app_id") &&
                startup.invalid_field() == std::string("user_id") &&
                audit::AuthnTokenDelete("foobarapi").invalid_field() == nullptr &&
                login.invalid_field() == nullptr && token.invalid_field() == nullptr &&
                cors.invalid_field() == nullptr && created.invalid_field() == nullptr;

  const char *reason = audit::AuthnLoginLock::to_string(lock.reason);
  const char *result = audit::UploadValidation::to_string(scan.result);
  return (fields == 20 && restricted == 11 && limits && std::string(reason) == "maxretries" &&
          std::string(result) == "failed")
             ? 0
             : 1;
}
