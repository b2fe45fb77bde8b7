// Reading RFC 3339 times back (detail/civil_time.hpp).
#include <trailguard/detail/civil_time.hpp>

namespace trailguard {
namespace detail {

namespace {

bool digits(std::string_view s, std::size_t at, std::size_t n, int &value) {
  if (at + n > s.size()) return false;
  value = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    value = value * 10 + (s[i] - '0');
  }
  return true;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// No 30 February, no month 13.
bool is_civil_date(int y, int m, int d) {
  static const int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m >= 1 && m <= 12 && d >= 1 && d <= days_in[m - 1] + (m == 2 && leap(y) ? 1 : 0);
}

}  // namespace

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::optional<std::int64_t> parse_rfc3339(std::string_view s) {
  int year, month, day;
  if (!digits(s, 0, 4, year) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, month) ||
      s[7] != '-' || !digits(s, 8, 2, day))
    return std::nullopt;
  if (!is_civil_date(year, month, day)) return std::nullopt;
  std::int64_t micros = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) *
                        86400 * 1000000;
  if (s.size() == 10) return micros;
  int hour, minute, second;
  if (s.size() < 20 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, hour) ||
      s[13] != ':' || !digits(s, 14, 2, minute) || s[16] != ':' || !digits(s, 17, 2, second) ||
      hour > 23 || minute > 59 || second > 60)  // 60: a leap second, read as the next one
    return std::nullopt;
  micros += (static_cast<std::int64_t>(hour) * 3600 + minute * 60 + second) * 1000000;
  std::size_t i = 19;
  if (s[i] == '.') {
    std::int64_t fraction = 0, scale = 1000000;
    std::size_t n = 0;
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++n)
      if (n < 6) fraction = fraction * 10 + (s[i] - '0'), scale /= 10;
    if (n == 0) return std::nullopt;
    micros += fraction * scale;
  }
  if (i == s.size()) return std::nullopt;
  if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == s.size()) return micros;
  int oh, om;
  if ((s[i] != '+' && s[i] != '-') || i + 6 != s.size() || !digits(s, i + 1, 2, oh) ||
      s[i + 3] != ':' || !digits(s, i + 4, 2, om) || oh > 23 || om > 59)
    return std::nullopt;
  const std::int64_t offset = (static_cast<std::int64_t>(oh) * 3600 + om * 60) * 1000000;
  return s[i] == '+' ? micros - offset : micros + offset;
}

}  // namespace detail
}  // namespace trailguard
