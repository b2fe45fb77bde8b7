// Test mock of {fmt} 9.1 <fmt/ostream.h>: mirrors fmt::v9::ostream_formatter, fmt::streamed and fmt::print(std::ostream&, ...).
#ifndef FMT_OSTREAM_H_
#define FMT_OSTREAM_H_

#include <ostream>
#include <sstream>

#include "format.h"

FMT_BEGIN_NAMESPACE
// Formats an object of type T that has an overloaded ostream operator<<.
template <typename Char> struct basic_ostream_formatter : formatter<basic_string_view<Char>, Char> {
  template <typename T, typename OutputIt>
  auto format(const T& value, basic_format_context<OutputIt, Char>& ctx) const -> OutputIt {
    std::basic_ostringstream<Char> output;
    output << value;
    auto str = output.str();
    return formatter<basic_string_view<Char>, Char>::format(basic_string_view<Char>(str.data(), str.size()), ctx);
  }
};
using ostream_formatter = basic_ostream_formatter<char>;

namespace detail { template <typename T> struct streamed_view { const T& value; }; }
template <typename T, typename Char> struct formatter<detail::streamed_view<T>, Char> : basic_ostream_formatter<Char> {
  template <typename OutputIt>
  auto format(detail::streamed_view<T> view, basic_format_context<OutputIt, Char>& ctx) const -> OutputIt {
    return basic_ostream_formatter<Char>::format(view.value, ctx);
  }
};
template <typename T> auto streamed(const T& value) -> detail::streamed_view<T> { return {value}; }

void vprint(std::ostream& os, string_view fmt, format_args args);
template <typename... T> void print(std::ostream& os, format_string<T...> fmt, T&&... args) {
  const auto& vargs = fmt::make_format_args(args...);
  vprint(os, fmt, vargs);
}
FMT_END_NAMESPACE

#endif  // FMT_OSTREAM_H_
