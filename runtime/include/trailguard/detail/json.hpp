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

namespace trailguard {
namespace detail {

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

  void append(const char *bytes, std::size_t n) {
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
  void push_back(char c) {
    if (storage_.size() == size_) grow(1);
    storage_[size_++] = c;
  }
  buffer &operator+=(std::string_view text) {
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
  void grow(std::size_t n) {
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

template <typename Out> void append_string(Out &out, std::string_view bytes) {
  out.push_back('"');
  append_escaped(out, bytes);
  out.push_back('"');
}

template <typename Out> void append_int(Out &out, std::int64_t value);
template <typename Out> void append_uint(Out &out, std::uint64_t value);

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
extern template void append_int(std::string &, std::int64_t);
extern template void append_int(buffer &, std::int64_t);
extern template void append_uint(std::string &, std::uint64_t);
extern template void append_uint(buffer &, std::uint64_t);
extern template bool append_double(std::string &, double);
extern template bool append_double(buffer &, double);
extern template bool append_timestamp(std::string &, std::chrono::system_clock::time_point);
extern template bool append_timestamp(buffer &, std::chrono::system_clock::time_point);
extern template void append_hex(std::string &, const unsigned char *, std::size_t);
extern template void append_hex(buffer &, const unsigned char *, std::size_t);

}  // namespace detail
}  // namespace trailguard

#endif  // TRAILGUARD_DETAIL_JSON_HPP
