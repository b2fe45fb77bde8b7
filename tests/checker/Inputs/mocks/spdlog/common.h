// Test mock of spdlog 1.10 <spdlog/common.h> (external fmt): mirrors spdlog::level, source_loc, format_string_t and SPDLOG_FUNCTION / SPDLOG_ACTIVE_LEVEL.
#ifndef SPDLOG_COMMON_H_MOCK
#define SPDLOG_COMMON_H_MOCK

#include <fmt/core.h>
#include <fmt/format.h>

#include <string>
#include <type_traits>

#ifndef SPDLOG_FUNCTION
#define SPDLOG_FUNCTION static_cast<const char *>(__FUNCTION__)
#endif

#define SPDLOG_LEVEL_TRACE 0
#define SPDLOG_LEVEL_DEBUG 1
#define SPDLOG_LEVEL_INFO 2
#define SPDLOG_LEVEL_WARN 3
#define SPDLOG_LEVEL_ERROR 4
#define SPDLOG_LEVEL_CRITICAL 5
#define SPDLOG_LEVEL_OFF 6

// Deviation: real spdlog defaults to SPDLOG_LEVEL_INFO; the mock enables every SPDLOG_* macro.
#if !defined(SPDLOG_ACTIVE_LEVEL)
#define SPDLOG_ACTIVE_LEVEL SPDLOG_LEVEL_TRACE
#endif

namespace spdlog {
using string_view_t = fmt::basic_string_view<char>;
template <typename... Args> using format_string_t = fmt::format_string<Args...>;
template <class T> using remove_cvref_t = typename std::remove_cv<typename std::remove_reference<T>::type>::type;
template <class T, class Char = char>
struct is_convertible_to_basic_format_string
    : std::integral_constant<bool, std::is_convertible<T, fmt::basic_string_view<Char>>::value ||
                                       std::is_same<remove_cvref_t<T>, fmt::basic_runtime<Char>>::value> {};
template <class T> struct is_convertible_to_any_format_string
    : std::integral_constant<bool, is_convertible_to_basic_format_string<T, char>::value ||
                                       is_convertible_to_basic_format_string<T, wchar_t>::value> {};

namespace level {
enum level_enum : int {
  trace = SPDLOG_LEVEL_TRACE, debug = SPDLOG_LEVEL_DEBUG, info = SPDLOG_LEVEL_INFO, warn = SPDLOG_LEVEL_WARN,
  err = SPDLOG_LEVEL_ERROR, critical = SPDLOG_LEVEL_CRITICAL, off = SPDLOG_LEVEL_OFF, n_levels
};
}  // namespace level

struct source_loc {
  constexpr source_loc() = default;
  constexpr source_loc(const char *filename_in, int line_in, const char *funcname_in)
      : filename{filename_in}, line{line_in}, funcname{funcname_in} {}
  const char *filename{nullptr};
  int line{0};
  const char *funcname{nullptr};
};
}  // namespace spdlog

#endif  // SPDLOG_COMMON_H_MOCK
