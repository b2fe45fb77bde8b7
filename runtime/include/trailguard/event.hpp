// What generated audit event types rely on: tiers, required context, and
// the pragmas that let generated code touch its own deprecated fields.
#ifndef TRAILGUARD_EVENT_HPP
#define TRAILGUARD_EVENT_HPP

#include <trailguard/tier.hpp>

#include <cstddef>
#include <string_view>

namespace trailguard {

// Which of the core context fields an event must carry.
struct context_fields {
  bool actor;
  bool session;
  bool source_address;
  bool request_id;
};

namespace detail {

constexpr bool is_hex_digit(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Dotted quad, no leading zeros: "010.0.0.1" means 8.0.0.1 to some parsers.
constexpr bool is_ipv4(std::string_view s) noexcept {
  int parts = 0;
  std::size_t i = 0;
  while (true) {
    std::size_t start = i;
    unsigned value = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (i - start == 3) return false;
      value = value * 10 + static_cast<unsigned>(s[i] - '0');
      ++i;
    }
    std::size_t length = i - start;
    if (length == 0 || value > 255 || (length > 1 && s[start] == '0')) return false;
    ++parts;
    if (i == s.size()) return parts == 4;
    if (s[i] != '.' || parts == 4) return false;
    ++i;
  }
}

// RFC 4291 text forms, with "::" and a dotted-quad tail; no zone ids, which
// name an interface of the writer's host and mean nothing to a reader.
constexpr bool is_ipv6(std::string_view s) noexcept {
  int groups = 0;
  bool compressed = false;
  std::size_t i = 0;
  if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
    compressed = true;
    i = 2;
    if (i == s.size()) return true;
  }
  while (true) {
    std::size_t start = i;
    while (i < s.size() && is_hex_digit(s[i])) ++i;
    if (i < s.size() && s[i] == '.') {
      if (!is_ipv4(s.substr(start))) return false;
      groups += 2;
      break;
    }
    if (i == start || i - start > 4) return false;
    ++groups;
    if (i == s.size()) break;
    if (s[i] != ':' || ++i == s.size()) return false;
    if (s[i] == ':') {
      if (compressed) return false;
      compressed = true;
      if (++i == s.size()) break;
    }
  }
  return compressed ? groups < 8 : groups == 8;
}

// What a schema's ip_address field accepts, checked by invalid_field().
constexpr bool is_ip_address(std::string_view s) noexcept {
  return is_ipv4(s) || is_ipv6(s);
}

}  // namespace detail
}  // namespace trailguard

// Generated constructors and visit() read deprecated fields on purpose.
#if defined(__GNUC__) || defined(__clang__)
#  define TRAILGUARD_DETAIL_SUPPRESS_DEPRECATED_BEGIN \
    _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wdeprecated-declarations\"")
#  define TRAILGUARD_DETAIL_SUPPRESS_DEPRECATED_END _Pragma("GCC diagnostic pop")
#else
#  define TRAILGUARD_DETAIL_SUPPRESS_DEPRECATED_BEGIN
#  define TRAILGUARD_DETAIL_SUPPRESS_DEPRECATED_END
#endif

#endif  // TRAILGUARD_EVENT_HPP
