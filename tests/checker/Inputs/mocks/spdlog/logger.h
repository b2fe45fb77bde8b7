// Test mock of spdlog 1.10 <spdlog/logger.h>: mirrors class spdlog::logger's log/trace/debug/info/warn/error/critical overload set.
#ifndef SPDLOG_LOGGER_H_MOCK
#define SPDLOG_LOGGER_H_MOCK

#include <spdlog/common.h>

#include <string>
#include <utility>

namespace spdlog {
class logger {
 public:
  explicit logger(std::string name) : name_(std::move(name)) {}
  virtual ~logger() = default;

  template <typename... Args> void log(source_loc loc, level::level_enum lvl, format_string_t<Args...> fmt, Args &&...args) {
    log_(loc, lvl, fmt, std::forward<Args>(args)...);
  }
  template <typename... Args> void log(level::level_enum lvl, format_string_t<Args...> fmt, Args &&...args) {
    log(source_loc{}, lvl, fmt, std::forward<Args>(args)...);
  }
  template <typename T> void log(level::level_enum lvl, const T &msg) { log(source_loc{}, lvl, msg); }
  // T cannot be statically converted to format string (including string_view)
  template <class T, typename std::enable_if<!is_convertible_to_any_format_string<const T &>::value, int>::type = 0>
  void log(source_loc loc, level::level_enum lvl, const T &msg) { log(loc, lvl, "{}", msg); }
  void log(source_loc loc, level::level_enum lvl, string_view_t msg) { log_it_(loc, lvl, std::string(msg.data(), msg.size())); }
  void log(level::level_enum lvl, string_view_t msg) { log(source_loc{}, lvl, msg); }

  template <typename... Args> void trace(format_string_t<Args...> fmt, Args &&...args) { log(level::trace, fmt, std::forward<Args>(args)...); }
  template <typename... Args> void debug(format_string_t<Args...> fmt, Args &&...args) { log(level::debug, fmt, std::forward<Args>(args)...); }
  template <typename... Args> void info(format_string_t<Args...> fmt, Args &&...args) { log(level::info, fmt, std::forward<Args>(args)...); }
  template <typename... Args> void warn(format_string_t<Args...> fmt, Args &&...args) { log(level::warn, fmt, std::forward<Args>(args)...); }
  template <typename... Args> void error(format_string_t<Args...> fmt, Args &&...args) { log(level::err, fmt, std::forward<Args>(args)...); }
  template <typename... Args> void critical(format_string_t<Args...> fmt, Args &&...args) { log(level::critical, fmt, std::forward<Args>(args)...); }

  template <typename T> void trace(const T &msg) { log(level::trace, msg); }
  template <typename T> void debug(const T &msg) { log(level::debug, msg); }
  template <typename T> void info(const T &msg) { log(level::info, msg); }
  template <typename T> void warn(const T &msg) { log(level::warn, msg); }
  template <typename T> void error(const T &msg) { log(level::err, msg); }
  template <typename T> void critical(const T &msg) { log(level::critical, msg); }

 protected:
  std::string name_;
  // common implementation for after templated public api has been resolved
  template <typename... Args> void log_(source_loc loc, level::level_enum lvl, string_view_t fmt, Args &&...args) {
    log_it_(loc, lvl, fmt::vformat(fmt, fmt::make_format_args(std::forward<Args>(args)...)));
  }
  void log_it_(source_loc loc, level::level_enum lvl, const std::string &formatted);
};
}  // namespace spdlog

#endif  // SPDLOG_LOGGER_H_MOCK
