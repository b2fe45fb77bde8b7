// Login logic of the example service.
#include "accounts.hpp"

#include <spdlog/spdlog.h>

namespace shop {

bool check_password(const account& a, const std::string& password) {
  spdlog::info("login attempt for {}", a.username);
  return a.password_hash == "h:" + password;
}

}  // namespace shop
