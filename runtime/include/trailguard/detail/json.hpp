// The pieces of the JSON Lines encoder that do not depend on an event type:
// forging-safe strings, exact numbers and RFC 3339 times, appended to a
// reusable buffer so that steady-state encoding does not allocate.
#ifndef TRAILGUARD_DETAIL_JSON_HPP
#define TRAILGUARD_DETAIL_JSON_HPP

#include <chrono>
#include <cstring>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace trailguard {
namespace detail {

// Inlined into the generated events' encoders: most values take the short
// path, and a call per value costs as much as the value.
#if defined(__GNUC__)
#define TRAILGUARD_DETAIL_INLINE inline __attribute__((always_inline))
#define TRAILGUARD_DETAIL_NOINLINE __attribute__((noinline))
#else
#define TRAILGUARD_DETAIL_INLINE inline
#define TRAILGUARD_DETAIL_NOINLINE
#endif

// A growable byte buffer whose appends inline to a capacity check and a
// memcpy; it keeps its storage across clear(), so after warm-up encoding
// allocates nothing.
class buffer {
 public:
  void clear() noexcept { size_ = 0; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  const char *data() const noexcept { return storage_.data(); }
  char *data() noexcept { return storage_.data(); }
  // Drops the last bytes, keeping the first n.
  void truncate(std::size_t n) noexcept {
    if (n < size_) size_ = n;
  }
  std::string_view view() const noexcept { return {storage_.data(), size_}; }
  operator std::string_view() const noexcept { return view(); }

  TRAILGUARD_DETAIL_INLINE void append(const char *bytes, std::size_t n) {
    if (storage_.size() - size_ < n) grow(n);
    char *to = &storage_[size_];
    // Most appends are a few bytes (keys, punctuation, numbers): fixed-size
    // copies that overlap instead of a call into memmove.
    if (n >= 8 && n <= 16) {
      std::memcpy(to, bytes, 8);
      std::memcpy(to + n - 8, bytes + n - 8, 8);
    } else if (n >= 4 && n < 8) {
      std::memcpy(to, bytes, 4);
      std::memcpy(to + n - 4, bytes + n - 4, 4);
    } else if (n < 4) {
      if (n > 0) to[0] = bytes[0];
      if (n > 1) to[1] = bytes[1];
      if (n > 2) to[2] = bytes[2];
    } else {
      std::memcpy(to, bytes, n);
    }
    size_ += n;
  }
  TRAILGUARD_DETAIL_INLINE void push_back(char c) {
    if (storage_.size() == size_) grow(1);
    storage_[size_++] = c;
  }
  // Room for n more bytes at the returned pointer; advance() by what was
  // written. One capacity check for a key or a short value and its quotes.
  TRAILGUARD_DETAIL_INLINE char *room(std::size_t n) {
    if (storage_.size() - size_ < n) grow(n);
    return &storage_[size_];
  }
  void advance(std::size_t n) noexcept { size_ += n; }
  TRAILGUARD_DETAIL_INLINE buffer &operator+=(std::string_view text) {
    append(text.data(), text.size());
    return *this;
  }
  buffer &operator+=(char c) {
    push_back(c);
    return *this;
  }
  void assign(std::string_view text) {
    clear();
    *this += text;
  }

 private:
  // Out of line: after warm-up it never runs.
  TRAILGUARD_DETAIL_NOINLINE void grow(std::size_t n) {
    std::size_t want = storage_.size() * 2;
    if (want < size_ + n) want = size_ + n;
    if (want < 256) want = 256;
    storage_.resize(want);
  }
  std::string storage_;
  std::size_t size_ = 0;
};

// Appends the body of a JSON string (without the quotes) for arbitrary
// bytes. Nothing the input holds can end the line, end the string, or reach
// a terminal or a log viewer raw: '"', '\', C0 controls, DEL, C1 controls,
// U+2028/2029, the bidi controls and U+FEFF become \uXXXX; invalid UTF-8
// (overlong forms, surrogates, truncated sequences, stray bytes) becomes
// \ufffd, one per maximal invalid subpart. Valid UTF-8 otherwise passes
// through byte for byte, so it round-trips exactly.
template <typename Out> void append_escaped(Out &out, std::string_view bytes);

// Whether append_escaped() writes the code point as \uXXXX.
constexpr bool is_escaped_code_point(char32_t cp) noexcept {
  return cp < 0x20 || cp == 0x22 || cp == 0x5c || (cp >= 0x7f && cp <= 0x9f) ||
         cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

// True when none of the eight bytes needs a look: no control, no '"' or
// '\', nothing at or above DEL. May say false for a safe word (after a
// borrow), never true for an unsafe one.
constexpr bool word_is_plain(std::uint64_t w) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ull;
  constexpr std::uint64_t highs = 0x8080808080808080ull;
  const std::uint64_t below_space = (w - ones * 0x20) & ~w & highs;
  const std::uint64_t q = w ^ (ones * '"');
  const std::uint64_t quote = (q - ones) & ~q & highs;
  const std::uint64_t b = w ^ (ones * '\\');
  const std::uint64_t backslash = (b - ones) & ~b & highs;
  const std::uint64_t del_or_high = ((w + ones) | w) & highs;
  return (below_space | quote | backslash | del_or_high) == 0;
}

// word_is_plain() for two words at once.
TRAILGUARD_DETAIL_INLINE bool words_are_plain(std::uint64_t a, std::uint64_t b) noexcept {
#if defined(__SSE2__)
  const __m128i v = _mm_set_epi64x(static_cast<long long>(b), static_cast<long long>(a));
  // A signed compare with 0x20 also catches every byte at or above 0x80.
  const __m128i unsafe = _mm_or_si128(
      _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f))),
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
  return _mm_movemask_epi8(unsafe) == 0;
#else
  return word_is_plain(a) && word_is_plain(b);
#endif
}

// For the n < 16 bytes at p: when none needs escaping, writes them quoted
// to `to` (room for n + 2) and says true. Most values are short
// identifiers: the bytes go into two words in overlapping pieces, so every
// byte is looked at, nothing past the end is read, nothing goes through
// memory first, and the same words are the copy.
TRAILGUARD_DETAIL_INLINE bool copy_short_plain(char *to, const char *p, std::size_t n) noexcept {
  std::uint64_t a, b;
  if (n >= 8) {
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + n - 8, 8);
    if (!words_are_plain(a, b)) return false;
    std::memcpy(to + 1, &a, 8);
    std::memcpy(to + 1 + n - 8, &b, 8);
  } else if (n >= 4) {
    std::uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    const std::uint64_t w = static_cast<std::uint64_t>(hi) << 32 | lo;
    if (!words_are_plain(w, w)) return false;
    std::memcpy(to + 1, &lo, 4);
    std::memcpy(to + 1 + n - 4, &hi, 4);
  } else if (n > 0) {
    const auto at = [p](std::size_t i) {
      return static_cast<std::uint64_t>(static_cast<unsigned char>(p[i]));
    };
    const std::uint64_t w = at(0) | at(n / 2) << 8 | at(n - 1) << 16 | at(0) << 24;
    if (!words_are_plain(w << 32 | w, w << 32 | w)) return false;
    to[1] = p[0];
    to[n] = p[n - 1];
    if (n == 3) to[2] = p[1];
  }
  to[0] = '"';
  to[n + 1] = '"';
  return true;
}

#if defined(__SSE2__)
// The bytes of the sixteen in v that need a look (as word_is_plain()).
TRAILGUARD_DETAIL_INLINE __m128i unsafe_bytes(__m128i v) noexcept {
  // A signed compare with 0x20 also catches every byte at or above 0x80.
  return _mm_or_si128(
      _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f))),
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
}

// For n >= 16 bytes at p: copies the sixteen-byte chunks that need no
// escaping to `to` while it checks them, in one pass; returns how many
// bytes it copied (n when all of them, the last chunk overlapping).
// `to` has room for n. Every copied chunk is ASCII, so what is left
// starts on a character boundary.
TRAILGUARD_DETAIL_INLINE std::size_t copy_long_plain(char *to, const char *p,
                                                     std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + i));
    if (_mm_movemask_epi8(unsafe_bytes(v)) != 0) return i;
    _mm_storeu_si128(reinterpret_cast<__m128i *>(to + i), v);
  }
  if (i == n) return n;
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + n - 16));
  if (_mm_movemask_epi8(unsafe_bytes(v)) != 0) return i;
  _mm_storeu_si128(reinterpret_cast<__m128i *>(to + n - 16), v);
  return n;
}
#endif

// A string that needs escaping or is long, quoted: out of line.
template <typename Out> void append_quoted(Out &out, std::string_view bytes) {
  out.push_back('"');
  append_escaped(out, bytes);
  out.push_back('"');
}

template <typename Out> TRAILGUARD_DETAIL_INLINE void append_string(Out &out, std::string_view bytes) {
  if constexpr (std::is_same_v<Out, buffer>) {
    const std::size_t n = bytes.size();
    if (n < 16) {
      if (copy_short_plain(out.room(n + 2), bytes.data(), n)) {
        out.advance(n + 2);
        return;
      }
#if defined(__SSE2__)
    } else {
      // A long value: checked and copied in one pass; from the first chunk
      // that needs a look on, the escaping path takes over.
      char *to = out.room(n + 2);
      to[0] = '"';
      const std::size_t plain = copy_long_plain(to + 1, bytes.data(), n);
      if (plain == n) {
        to[n + 1] = '"';
        out.advance(n + 2);
        return;
      }
      out.advance(1 + plain);
      append_escaped(out, bytes.substr(plain));
      out.push_back('"');
      return;
#endif
    }
  }
  append_quoted(out, bytes);
}

inline constexpr char digit_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// Writes the digits backwards from `end`, two at a time; returns the start.
inline char *format_decimal(char *end, std::uint64_t value) noexcept {
  while (value >= 100) {
    const auto pair = static_cast<unsigned>(value % 100) * 2;
    value /= 100;
    *--end = digit_pairs[pair + 1];
    *--end = digit_pairs[pair];
  }
  if (value >= 10) {
    const auto pair = static_cast<unsigned>(value) * 2;
    *--end = digit_pairs[pair + 1];
    *--end = digit_pairs[pair];
  } else {
    *--end = static_cast<char>('0' + value);
  }
  return end;
}

// How many decimal digits `value` has (1 for 0).
constexpr unsigned decimal_digits(std::uint64_t value) noexcept {
  unsigned n = 1;
  for (;;) {
    if (value < 10) return n;
    if (value < 100) return n + 1;
    if (value < 1000) return n + 2;
    if (value < 10000) return n + 3;
    value /= 10000;
    n += 4;
  }
}

// Into the buffer's own storage: no copy through a stack array.
template <typename Out> TRAILGUARD_DETAIL_INLINE void append_uint(Out &out, std::uint64_t value) {
  if (value < 10) {
    out.push_back(static_cast<char>('0' + value));
    return;
  }
  const unsigned n = decimal_digits(value);
  if constexpr (std::is_same_v<Out, buffer>) {
    format_decimal(out.room(n) + n, value);
    out.advance(n);
  } else {
    char text[24];
    format_decimal(text + n, value);
    out.append(text, n);
  }
}

template <typename Out> TRAILGUARD_DETAIL_INLINE void append_int(Out &out, std::int64_t value) {
  // Through unsigned arithmetic, so INT64_MIN does not overflow.
  const std::uint64_t magnitude =
      value < 0 ? ~static_cast<std::uint64_t>(value) + 1 : static_cast<std::uint64_t>(value);
  const unsigned n = decimal_digits(magnitude) + (value < 0 ? 1 : 0);
  if constexpr (std::is_same_v<Out, buffer>) {
    char *to = out.room(n);
    char *begin = format_decimal(to + n, magnitude);
    if (value < 0) begin[-1] = '-';
    out.advance(n);
  } else {
    char text[24];
    char *begin = format_decimal(text + n, magnitude);
    if (value < 0) begin[-1] = '-';
    out.append(text, n);
  }
}

// Shortest text that reads back as the same double; false (and nothing
// appended) for NaN and infinities, which JSON cannot carry.
template <typename Out> [[nodiscard]] bool append_double(Out &out, double value);

// "2026-11-27T03:37:37.123456Z" with quotes: UTC, microseconds, always the
// same width. False (nothing appended) outside years 0000-9999.
template <typename Out>
[[nodiscard]] bool append_timestamp(Out &out, std::chrono::system_clock::time_point when);

// Lowercase hex of raw bytes (digests, MACs, tokens).
template <typename Out> void append_hex(Out &out, const unsigned char *bytes, std::size_t size);

// Defined in json.cpp for these two outputs.
extern template void append_escaped(std::string &, std::string_view);
extern template void append_escaped(buffer &, std::string_view);
extern template void append_quoted(std::string &, std::string_view);
extern template void append_quoted(buffer &, std::string_view);
extern template bool append_double(std::string &, double);
extern template bool append_double(buffer &, double);
extern template bool append_timestamp(std::string &, std::chrono::system_clock::time_point);
extern template bool append_timestamp(buffer &, std::chrono::system_clock::time_point);
extern template void append_hex(std::string &, const unsigned char *, std::size_t);
extern template void append_hex(buffer &, const unsigned char *, std::size_t);

}  // namespace detail
}  // namespace trailguard

#endif  // TRAILGUARD_DETAIL_JSON_HPP
