// Data model of the example shop service, annotated with trailguard tiers.
#pragma once

#include <trailguard/annotations.hpp>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace shop {

// Every value of these types is sensitive, wherever it is stored.
struct TG_SENSITIVE session_token {
  std::string value;
};

struct TG_SENSITIVE card_number {
  std::string digits;
};

struct account {
  std::uint64_t id = 0;
  std::string username;
  TG_RESTRICTED std::string email;
  TG_RESTRICTED std::string postal_address;
  TG_SENSITIVE std::string password_hash;
  std::optional<card_number> card;
  int failed_logins = 0;
};

// Logging an account prints only what operators may see.
inline std::ostream& operator<<(std::ostream& os, const account& a) {
  return os << "account{id=" << a.id << ", user=" << a.username << "}";
}

struct login_request {
  std::string username;
  TG_SENSITIVE std::string password;
  std::string source_ip;
  std::string request_id;
};

// A debugging helper someone added: it prints the whole request.
inline std::ostream& operator<<(std::ostream& os, const login_request& r) {
  return os << "login_request{user=" << r.username << ", password=" << r.password
            << ", ip=" << r.source_ip << "}";
}

struct order {
  std::uint64_t id = 0;
  std::uint64_t account_id = 0;
  std::vector<std::string> items;
  long total_cents = 0;
  TG_RESTRICTED std::string shipping_address;
};

// Keyed-hash fingerprint: safe to log, cannot be reversed.
TG_DECLASSIFY std::string fingerprint(const std::string& secret);

}  // namespace shop
