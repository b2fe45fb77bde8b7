// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Against the real Debian fmt, including a user formatter: an object is
// judged by what its formatter prints.
#include <trailguard/annotations.hpp>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <ostream>
#include <string>

struct Card {
  std::string holder;
  TG_SENSITIVE std::string number;
};

struct Masked {
  std::string holder;
  TG_SENSITIVE std::string number;
};

template <> struct fmt::formatter<Card> : fmt::formatter<std::string> {
  template <typename Ctx> auto format(const Card &c, Ctx &ctx) const {
    return fmt::format_to(ctx.out(), "{} {}", c.holder, c.number);
  }
};

template <> struct fmt::formatter<Masked> : fmt::formatter<std::string> {
  template <typename Ctx> auto format(const Masked &m, Ctx &ctx) const {
    return fmt::format_to(ctx.out(), "{} ****", m.holder);
  }
};

struct Streamed {
  TG_RESTRICTED std::string email;
};
std::ostream &operator<<(std::ostream &os, const Streamed &s) {
  return os << s.email;
}
template <> struct fmt::formatter<Streamed> : fmt::ostream_formatter {};

void f(const Card &c, const Masked &m, const Streamed &s) {
  fmt::print("{}\n", c);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: sensitive value reaches log sink 'fmt::print' [trailguard-tier-leak]
  fmt::print("{}\n", m);
  fmt::print("{}\n", s);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: restricted value reaches log sink 'fmt::print' [trailguard-tier-leak]
  std::string text = fmt::format("{}", c);
  fmt::print("{}\n", text);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: sensitive value reaches log sink 'fmt::print' [trailguard-tier-leak]
  std::string masked = fmt::format("{}", m);
  fmt::print("{}\n", masked);
}
