// Test mock of {fmt} 9.1 <fmt/core.h>: mirrors namespace fmt::v9, basic_format_string, formatter, format_context and format/format_to/print (+ fmt 10's println).
#ifndef FMT_CORE_H_
#define FMT_CORE_H_

#include <cstdio>
#include <iterator>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#define FMT_VERSION 90100
#define FMT_BEGIN_NAMESPACE namespace fmt { inline namespace v9 {
#define FMT_END_NAMESPACE } }

FMT_BEGIN_NAMESPACE
template <bool B, typename T = void> using enable_if_t = typename std::enable_if<B, T>::type;
template <typename T> using remove_cvref_t = typename std::remove_cv<typename std::remove_reference<T>::type>::type;
template <typename T> struct type_identity { using type = T; };
template <typename T> using type_identity_t = typename type_identity<T>::type;

template <typename Char> class basic_string_view {
  const Char* data_; size_t size_;
 public:
  constexpr basic_string_view() noexcept : data_(nullptr), size_(0) {}
  constexpr basic_string_view(const Char* s, size_t count) noexcept : data_(s), size_(count) {}
  basic_string_view(const Char* s) : data_(s), size_(std::char_traits<Char>::length(s)) {}
  template <typename Traits, typename Alloc>
  basic_string_view(const std::basic_string<Char, Traits, Alloc>& s) noexcept : data_(s.data()), size_(s.size()) {}
  template <typename S, enable_if_t<std::is_same<S, std::basic_string_view<Char>>::value, int> = 0>
  basic_string_view(S s) noexcept : data_(s.data()), size_(s.size()) {}
  constexpr auto data() const noexcept -> const Char* { return data_; }
  constexpr auto size() const noexcept -> size_t { return size_; }
};
using string_view = basic_string_view<char>;

// A formatter for objects of type T (primary template: disabled).
template <typename T, typename Char = char, typename Enable = void> struct formatter { formatter() = delete; };

template <typename Char> class basic_format_parse_context {
  basic_string_view<Char> format_str_;
 public:
  using char_type = Char;
  using iterator = const Char*;
  explicit constexpr basic_format_parse_context(basic_string_view<Char> format_str) : format_str_(format_str) {}
  constexpr auto begin() const noexcept -> iterator { return format_str_.data(); }
  constexpr auto end() const noexcept -> iterator { return format_str_.data() + format_str_.size(); }
  void advance_to(iterator it) { format_str_ = basic_string_view<Char>(it, static_cast<size_t>(end() - it)); }
};
using format_parse_context = basic_format_parse_context<char>;

namespace detail {
template <typename T> class buffer {
 public:
  using value_type = T;
  void push_back(const T& value);
};
}  // namespace detail
class appender : public std::back_insert_iterator<detail::buffer<char>> {
  using base = std::back_insert_iterator<detail::buffer<char>>;
 public:
  using base::base;
  auto operator++() -> appender& { return *this; }
  auto operator++(int) -> appender { return *this; }
};

template <typename Context> class basic_format_args;
template <typename OutputIt, typename Char> class basic_format_context {
  OutputIt out_;
 public:
  using char_type = Char;
  using iterator = OutputIt;
  template <typename T> using formatter_type = formatter<T, char_type>;
  constexpr basic_format_context(OutputIt out, basic_format_args<basic_format_context> /*ctx_args*/) : out_(out) {}
  constexpr auto out() -> iterator { return out_; }
  void advance_to(iterator it) { out_ = it; }
};
template <typename Char> using buffer_context = basic_format_context<appender, Char>;
using format_context = buffer_context<char>;

template <typename Context, typename... Args> class format_arg_store {
 public:
  explicit format_arg_store(const Args&...) {}
};
template <typename Context> class basic_format_args {
 public:
  template <typename... Args> basic_format_args(const format_arg_store<Context, Args...>&) {}
};
using format_args = basic_format_args<format_context>;
template <typename Context = format_context, typename... Args>
constexpr auto make_format_args(Args&&... args) -> format_arg_store<Context, remove_cvref_t<Args>...> {
  return format_arg_store<Context, remove_cvref_t<Args>...>(args...);
}

namespace detail {
enum class type { none_type, int_type, uint_type, long_long_type, ulong_long_type, bool_type, char_type,
                  float_type, double_type, long_double_type, cstring_type, string_type, pointer_type, custom_type };
template <typename T, typename Char> struct type_constant
    : std::integral_constant<type, (std::is_arithmetic<T>::value || std::is_same<T, const Char*>::value ||
                                    std::is_same<T, basic_string_view<Char>>::value || std::is_same<T, const void*>::value)
                                       ? type::string_type : type::custom_type> {};
}  // namespace detail

// A formatter specialization for the core types corresponding to detail::type constants.
template <typename T, typename Char>
struct formatter<T, Char, enable_if_t<detail::type_constant<T, Char>::value != detail::type::custom_type>> {
  template <typename ParseContext> constexpr auto parse(ParseContext& ctx) -> decltype(ctx.begin()) { return ctx.begin(); }
  template <typename FormatContext> auto format(const T& /*val*/, FormatContext& ctx) const -> decltype(ctx.out()) { return ctx.out(); }
};
#define FMT_FORMAT_AS(Type, Base)                                                  \
  template <typename Char> struct formatter<Type, Char> : formatter<Base, Char> {  \
    template <typename FormatContext>                                              \
    auto format(Type const& val, FormatContext& ctx) const -> decltype(ctx.out()) { \
      return formatter<Base, Char>::format(static_cast<Base>(val), ctx);           \
    }                                                                              \
  }
FMT_FORMAT_AS(std::basic_string<Char>, basic_string_view<Char>);
FMT_FORMAT_AS(std::basic_string_view<Char>, basic_string_view<Char>);
FMT_FORMAT_AS(Char*, const Char*);

template <typename Char> struct basic_runtime { basic_string_view<Char> str; };
// A compile-time format string.
template <typename Char, typename... Args> class basic_format_string {
  basic_string_view<Char> str_;
 public:
  template <typename S, enable_if_t<std::is_convertible<const S&, basic_string_view<Char>>::value, int> = 0>
  basic_format_string(const S& s) : str_(s) {}
  basic_format_string(basic_runtime<Char> r) : str_(r.str) {}
  operator basic_string_view<Char>() const { return str_; }
};
template <typename... Args> using format_string = basic_format_string<char, type_identity_t<Args>...>;
inline auto runtime(string_view s) -> basic_runtime<char> { return {{s}}; }

auto vformat(string_view fmt, format_args args) -> std::string;
template <typename... T>
[[nodiscard]] inline auto format(format_string<T...> fmt, T&&... args) -> std::string {
  return vformat(fmt, fmt::make_format_args(args...));
}
template <typename OutputIt> auto vformat_to(OutputIt out, string_view /*fmt*/, format_args /*args*/) -> OutputIt { return out; }
template <typename OutputIt, typename... T>
inline auto format_to(OutputIt out, format_string<T...> fmt, T&&... args) -> OutputIt {
  return vformat_to(out, fmt, fmt::make_format_args(args...));
}
void vprint(string_view fmt, format_args args);
void vprint(std::FILE* f, string_view fmt, format_args args);
template <typename... T> inline void print(format_string<T...> fmt, T&&... args) {
  const auto& vargs = fmt::make_format_args(args...);
  return vprint(fmt, vargs);
}
template <typename... T> inline void print(std::FILE* f, format_string<T...> fmt, T&&... args) {
  const auto& vargs = fmt::make_format_args(args...);
  return vprint(f, fmt, vargs);
}
// fmt 10+ only (fmt 10 lives in fmt::v10); declared here so one mock covers both.
template <typename... T> inline void println(format_string<T...> fmt, T&&... args) {
  return fmt::print("{}\n", fmt::format(fmt, std::forward<T>(args)...));
}
template <typename... T> inline void println(std::FILE* f, format_string<T...> fmt, T&&... args) {
  return fmt::print(f, "{}\n", fmt::format(fmt, std::forward<T>(args)...));
}
FMT_END_NAMESPACE

#endif  // FMT_CORE_H_
