// The encoder's hot loops: escaping that copies long safe runs eight bytes
// at a time, and number and time formatting without locale or allocation.
#include <trailguard/detail/json.hpp>

#include <charconv>
#include <cmath>
#include <climits>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace trailguard {
namespace detail {
namespace {

constexpr char hex_digits[] = "0123456789abcdef";

template <typename Out> void append_u_escape(Out &out, char32_t cp) {
  const char text[6] = {'\\', 'u', hex_digits[(cp >> 12) & 15], hex_digits[(cp >> 8) & 15],
                        hex_digits[(cp >> 4) & 15], hex_digits[cp & 15]};
  out.append(text, sizeof text);
}

// Printable ASCII other than '"' and '\': copied as it is.
struct ascii_table {
  bool safe[256] = {};
  constexpr ascii_table() {
    for (int c = 0x20; c < 0x7f; ++c) safe[c] = c != '"' && c != '\\';
  }
};
constexpr ascii_table ascii{};

}  // namespace

#if defined(__SSE2__)
inline __m128i unsafe_bytes(const unsigned char *p) {
  return unsafe_bytes(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p)));
}
// Whether all sixteen bytes at p may be copied as they are.
inline bool chunk_is_plain(const unsigned char *p) { return _mm_movemask_epi8(unsafe_bytes(p)) == 0; }
// The same for thirty-two.
inline bool chunks_are_plain(const unsigned char *p) {
  return _mm_movemask_epi8(_mm_or_si128(unsafe_bytes(p), unsafe_bytes(p + 16))) == 0;
}
#endif

template <typename Out> void append_escaped(Out &out, std::string_view bytes) {
  const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
  const auto *const end = p + bytes.size();
  const auto *const start = p;
  while (p < end) {
    const auto *run = p;
#if defined(__SSE2__)
    // Two chunks per step: one branch for 32 bytes of a long plain value.
    while (end - p >= 32 && chunks_are_plain(p)) p += 32;
    while (end - p >= 16 && chunk_is_plain(p)) p += 16;
    // The tail of a long run: one more chunk, overlapping what was checked.
    if (p != end && end - p < 16 && end - start >= 16 && chunk_is_plain(end - 16)) p = end;
#endif
    while (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      if (!word_is_plain(w)) break;
      p += 8;
    }
    while (p < end && ascii.safe[*p]) ++p;
    out.append(reinterpret_cast<const char *>(run), static_cast<std::size_t>(p - run));
    if (p == end) break;

    const unsigned char lead = *p;
    if (lead < 0x80) {
      append_u_escape(out, lead);
      ++p;
      continue;
    }
    // UTF-8 by the Unicode table of well-formed sequences: the ranges of the
    // second byte exclude overlong forms, surrogates and values > U+10FFFF.
    int need;
    unsigned char lo = 0x80, hi = 0xbf;
    char32_t cp;
    if (lead >= 0xc2 && lead <= 0xdf) {
      need = 1;
      cp = lead & 0x1f;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      need = 2;
      cp = lead & 0x0f;
      if (lead == 0xe0) lo = 0xa0;
      if (lead == 0xed) hi = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      need = 3;
      cp = lead & 0x07;
      if (lead == 0xf0) lo = 0x90;
      if (lead == 0xf4) hi = 0x8f;
    } else {
      append_u_escape(out, 0xfffd);
      ++p;
      continue;
    }
    const auto *q = p + 1;
    bool valid = true;
    for (int i = 0; i < need; ++i, ++q) {
      if (q == end || *q < lo || *q > hi) {
        valid = false;
        break;
      }
      cp = (cp << 6) | (*q & 0x3f);
      lo = 0x80;
      hi = 0xbf;
    }
    if (!valid) {
      // One replacement for the maximal invalid subpart, as Unicode
      // recommends; the byte that broke the sequence is looked at again.
      append_u_escape(out, 0xfffd);
      p = q;
      continue;
    }
    if (is_escaped_code_point(cp))
      append_u_escape(out, cp);
    else
      out.append(reinterpret_cast<const char *>(p), static_cast<std::size_t>(q - p));
    p = q;
  }
}

template <typename Out> bool append_double(Out &out, double value) {
  if (!std::isfinite(value)) return false;
  // Amounts, ratios and scores mostly have a few decimals: when m / 10^k
  // reads back as exactly this double, "m with k decimals" is its shortest
  // text too, at a fraction of the general algorithm's cost.
  static constexpr double powers[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
  if (value != 0 && std::fabs(value) < 1e9) {
    for (int k = 0; k < 7; ++k) {
      const double scaled = value * powers[k];
      // Below 2^53 in magnitude, a whole double converts to an integer and
      // back exactly; a conversion instead of a call to nearbyint().
      if (std::fabs(scaled) >= 9007199254740992.0) break;
      const double whole = static_cast<double>(static_cast<std::int64_t>(scaled));
      if (whole != scaled) continue;
      if (whole / powers[k] != value) continue;
      // The k decimals (zero-padded), the point, then the whole part, each
      // written backwards into place.
      const auto magnitude = static_cast<std::uint64_t>(std::fabs(whole));
      static constexpr std::uint64_t scale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
      const std::uint64_t integral = magnitude / scale[k];
      std::uint64_t fraction = magnitude % scale[k];
      const unsigned n = (value < 0 ? 1 : 0) + decimal_digits(integral) +
                         (k > 0 ? static_cast<unsigned>(k) + 1 : 0);
      char text[40];
      char *to = text;
      if constexpr (std::is_same_v<Out, buffer>) to = out.room(n);
      char *at = to + n;
      for (int i = 0; i < k; ++i, fraction /= 10) *--at = static_cast<char>('0' + fraction % 10);
      if (k > 0) *--at = '.';
      at = format_decimal(at, integral);
      if (value < 0) at[-1] = '-';
      if constexpr (std::is_same_v<Out, buffer>)
        out.advance(n);
      else
        out.append(text, n);
      return true;
    }
  }
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);
  out.append(text, static_cast<std::size_t>(result.ptr - text));
  return true;
}

namespace {

// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's
// algorithm): no time zone database, no locale, no lock.
void civil_from_days(std::int64_t days, std::int64_t &year, unsigned &month, unsigned &day) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
}

void put_digits(char *at, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    at[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

template <typename Out>
bool append_timestamp(Out &out, std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  const std::int64_t us = duration_cast<microseconds>(when.time_since_epoch()).count();
  // Floor, not truncation: 1 µs before the epoch is 1969-12-31T23:59:59.999999Z.
  std::int64_t second = us / 1000000;
  std::int64_t micros = us % 1000000;
  if (micros < 0) {
    micros += 1000000;
    --second;
  }
  // Events mostly fall in a second this thread wrote recently (the event's
  // own time, and a timestamp field near it): remember two, and redo only
  // the microseconds.
  struct second_cache {
    std::int64_t second = INT64_MIN;
    bool in_range = false;
    char text[30] = "\"YYYY-MM-DDTHH:MM:SS.uuuuuuZ\"";
  };
  static thread_local second_cache caches[2];
  static thread_local unsigned next_victim = 0;
  second_cache *hit = caches[0].second == second   ? &caches[0]
                      : caches[1].second == second ? &caches[1]
                                                   : nullptr;
  if (!hit) {
    hit = &caches[next_victim];
    next_victim ^= 1;
    std::int64_t days = second / 86400;
    std::int64_t seconds_of_day = second % 86400;
    if (seconds_of_day < 0) {
      seconds_of_day += 86400;
      --days;
    }
    std::int64_t year;
    unsigned month, day;
    civil_from_days(days, year, month, day);
    hit->in_range = year >= 0 && year <= 9999;
    if (hit->in_range) {
      const auto sod = static_cast<unsigned>(seconds_of_day);
      put_digits(hit->text + 1, static_cast<unsigned>(year), 4);
      put_digits(hit->text + 6, month, 2);
      put_digits(hit->text + 9, day, 2);
      put_digits(hit->text + 12, sod / 3600, 2);
      put_digits(hit->text + 15, sod / 60 % 60, 2);
      put_digits(hit->text + 18, sod % 60, 2);
    }
    hit->second = second;
  }
  const second_cache &cache = *hit;
  if (!cache.in_range) return false;
  auto digits = static_cast<unsigned>(micros);
  if constexpr (std::is_same_v<Out, buffer>) {
    char *to = out.room(29);
    std::memcpy(to, cache.text, 29);
    for (int at = 26; at > 20; at -= 2, digits /= 100)
      std::memcpy(to + at - 1, digit_pairs + 2 * (digits % 100), 2);
    out.advance(29);
  } else {
    char text[30];
    std::memcpy(text, cache.text, sizeof text);
    put_digits(text + 21, digits, 6);
    out.append(text, sizeof text - 1);
  }
  return true;
}

namespace {

// Each byte's two hex digits: one two-byte copy per byte.
struct hex_pair_table {
  char pairs[512] = {};
  constexpr hex_pair_table() {
    for (int b = 0; b < 256; ++b) {
      pairs[2 * b] = hex_digits[b >> 4];
      pairs[2 * b + 1] = hex_digits[b & 15];
    }
  }
};
constexpr hex_pair_table hex_pairs{};

}  // namespace

template <typename Out> void append_hex(Out &out, const unsigned char *bytes, std::size_t size) {
  char text[128];
  while (size > 0) {
    const std::size_t n = size < 64 ? size : 64;
    for (std::size_t i = 0; i < n; ++i) std::memcpy(text + 2 * i, hex_pairs.pairs + 2 * bytes[i], 2);
    out.append(text, 2 * n);
    bytes += n;
    size -= n;
  }
}

#define TRAILGUARD_DETAIL_INSTANTIATE(Out)                                              \
  template void append_escaped(Out &, std::string_view);                                \
  template void append_quoted(Out &, std::string_view);                                 \
  template bool append_double(Out &, double);                                           \
  template bool append_timestamp(Out &, std::chrono::system_clock::time_point);         \
  template void append_hex(Out &, const unsigned char *, std::size_t);
TRAILGUARD_DETAIL_INSTANTIATE(std::string)
TRAILGUARD_DETAIL_INSTANTIATE(buffer)
#undef TRAILGUARD_DETAIL_INSTANTIATE

}  // namespace detail
}  // namespace trailguard
