// Test mock of {fmt} 9.1 <fmt/format.h>: mirrors fmt::v9::to_string and basic_memory_buffer on top of the <fmt/core.h> mock.
#ifndef FMT_FORMAT_H_
#define FMT_FORMAT_H_

#include "core.h"

FMT_BEGIN_NAMESPACE
template <typename T, size_t SIZE = 500> class basic_memory_buffer final : public detail::buffer<T> {
 public:
  auto data() const -> const T*;
  auto size() const -> size_t;
};
using memory_buffer = basic_memory_buffer<char>;

template <typename T, enable_if_t<!std::is_integral<T>::value, int> = 0>
inline auto to_string(const T& value) -> std::string { return fmt::format("{}", value); }
template <typename T, enable_if_t<std::is_integral<T>::value, int> = 0>
[[nodiscard]] inline auto to_string(T value) -> std::string { return std::to_string(value); }
FMT_END_NAMESPACE

#endif  // FMT_FORMAT_H_
