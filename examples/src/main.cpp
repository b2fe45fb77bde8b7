// Entry point of the example shop service: one login, one order.
#include "model.hpp"

#include <spdlog/spdlog.h>

namespace shop {
bool check_password(account& a, const login_request& req);
void log_request(const login_request& req);
void log_account(const account& a);
void change_email(account& a, const std::string& new_email);
session_token new_session(const account& a);
void end_session(const account& a, const session_token& t);
void place_order(const account& a, const order& o);
}  // namespace shop

int main() {
  shop::account alice;
  alice.id = 42;
  alice.username = "alice";
  alice.email = "alice@example.com";
  alice.password_hash = "h:correct horse";
  shop::login_request req{"alice", "correct horse", "203.0.113.7", "req-1"};
  shop::log_request(req);
  if (!shop::check_password(alice, req)) return 1;
  shop::log_account(alice);
  shop::session_token token = shop::new_session(alice);
  shop::order o{1, alice.id, {"book"}, 1999, "1 Main St"};
  shop::place_order(alice, o);
  shop::change_email(alice, "alice@example.org");
  shop::end_session(alice, token);
  spdlog::info("done");
  return 0;
}
