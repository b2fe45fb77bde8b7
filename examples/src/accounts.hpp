// Account model of the example service, annotated with trailguard tiers.
#pragma once

#include <trailguard/annotations.hpp>

#include <string>

namespace shop {

struct TG_SENSITIVE session_token {
  std::string value;
};

struct account {
  std::string username;
  TG_RESTRICTED std::string email;
  TG_SENSITIVE std::string password_hash;
  int failed_logins = 0;
};

bool check_password(const account& a, const std::string& password);

}  // namespace shop
