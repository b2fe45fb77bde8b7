// Login and account management of the example shop service.
#include "audit.hpp"
#include "model.hpp"

#include <spdlog/spdlog.h>

#include <functional>
#include <iostream>
#include <string>

namespace shop {

std::string fingerprint(const std::string& secret) {
  return "fp:" + std::to_string(std::hash<std::string>{}(secret) % 100000);
}

static std::string hash_password(const std::string& password) {
  return "h:" + password;  // stand-in for a real password hash
}

bool check_password(account& a, const login_request& req) {
  spdlog::info("login attempt user={} ip={} request={}", req.username, req.source_ip,
               req.request_id);
  bool ok = a.password_hash == hash_password(req.password);
  if (ok) {
    // Deliberate forging hole: the user name becomes part of the message.
    audit("user " + req.username + " logged in from " + req.source_ip);
  } else {
    // Clean look-alike: constant message, values as fields.
    audit("login failed", {{"user", req.username}, {"ip", req.source_ip}});
    ++a.failed_logins;
    // Deliberate leak: the password someone typed ends up in the logs.
    spdlog::warn("bad password '{}' for {}", req.password, req.username);
    spdlog::warn("failed logins for {}: {}", a.username, a.failed_logins);
  }
  return ok;
}

void log_request(const login_request& req) {
  // Deliberate leak: the request's operator<< prints the password.
  std::clog << "received " << req << '\n';
}

void log_account(const account& a) {
  // Clean look-alike: account's operator<< omits email and hash.
  std::clog << "loaded " << a << '\n';
  spdlog::debug("account {} has {} failed logins, card on file: {}", a.id, a.failed_logins,
                a.card.has_value());
  spdlog::debug("password hash fingerprint {}", fingerprint(a.password_hash));
}

void change_email(account& a, const std::string& new_email) {
  std::string old = a.email;
  a.email = new_email;
  // Clean: restricted data is fine in the audit trail, as a field.
  audit("email changed", {{"user", a.username}, {"old", old}, {"new", a.email}});
  // Deliberate leak: restricted data (e-mail addresses) in the application log.
  spdlog::info("user {} changed email from {} to {}", a.username, old, a.email);
  spdlog::info("user {} changed email ({} characters)", a.username, a.email.size());
  // Clean: the typed event keeps the addresses in fields the schema declares
  // restricted.
  if (!audit_event(events::AccountEmailChanged(a.id, old, a.email))) return;
}

}  // namespace shop
