// The pieces of the JSON Lines encoder that do not depend on an event type:
// forging-safe strings, exact numbers and RFC 3339 times, appended to a
// reusable buffer so that steady-state encoding does not allocate.
#ifndef TRAILGUARD_DETAIL_JSON_HPP
#define TRAILGUARD_DETAIL_JSON_HPP

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace trailguard {
namespace detail {

// Appends the body of a JSON string (without the quotes) for arbitrary
// bytes. Nothing the input holds can end the line, end the string, or reach
// a terminal or a log viewer raw: '"', '\', C0 controls, DEL, C1 controls,
// U+2028/2029, the bidi controls and U+FEFF become \uXXXX; invalid UTF-8
// (overlong forms, surrogates, truncated sequences, stray bytes) becomes
// \ufffd, one per maximal invalid subpart. Valid UTF-8 otherwise passes
// through byte for byte, so it round-trips exactly.
void append_escaped(std::string &out, std::string_view bytes);

// Whether append_escaped() writes the code point as \uXXXX.
constexpr bool is_escaped_code_point(char32_t cp) noexcept {
  return cp < 0x20 || cp == 0x22 || cp == 0x5c || (cp >= 0x7f && cp <= 0x9f) ||
         cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

inline void append_string(std::string &out, std::string_view bytes) {
  out.push_back('"');
  append_escaped(out, bytes);
  out.push_back('"');
}

void append_int(std::string &out, std::int64_t value);
void append_uint(std::string &out, std::uint64_t value);

// Shortest text that reads back as the same double; false (and nothing
// appended) for NaN and infinities, which JSON cannot carry.
[[nodiscard]] bool append_double(std::string &out, double value);

// "2026-11-27T03:37:37.123456Z" with quotes: UTC, microseconds, always the
// same width. False (nothing appended) outside years 0000-9999.
[[nodiscard]] bool append_timestamp(std::string &out,
                                    std::chrono::system_clock::time_point when);

// Lowercase hex of raw bytes (digests, MACs, tokens).
void append_hex(std::string &out, const unsigned char *bytes, std::size_t size);

}  // namespace detail
}  // namespace trailguard

#endif  // TRAILGUARD_DETAIL_JSON_HPP
