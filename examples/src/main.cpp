// Entry point of the example service: one login request.
#include "accounts.hpp"

#include <spdlog/spdlog.h>

int main() {
  shop::account alice{"alice", "alice@example.com", "h:correct horse", 0};
  bool ok = shop::check_password(alice, "correct horse");
  spdlog::info("login {} for {}", ok ? "succeeded" : "failed", alice.username);
  return ok ? 0 : 1;
}
