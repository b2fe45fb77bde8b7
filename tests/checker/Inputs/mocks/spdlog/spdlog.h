// Test mock of spdlog 1.10 <spdlog/spdlog.h>: mirrors spdlog::default_logger_raw, the free spdlog::info/... functions and SPDLOG_* macros (-> SPDLOG_LOGGER_CALL -> logger->log(source_loc{...}, level, ...)).
#ifndef SPDLOG_H
#define SPDLOG_H

#include <spdlog/common.h>
#include <spdlog/logger.h>

#include <memory>
#include <string>
#include <utility>

namespace spdlog {
std::shared_ptr<logger> get(const std::string &name);
std::shared_ptr<spdlog::logger> default_logger();
spdlog::logger *default_logger_raw();
void set_default_logger(std::shared_ptr<spdlog::logger> default_logger);
void set_level(level::level_enum log_level);

template <typename... Args> inline void log(source_loc source, level::level_enum lvl, format_string_t<Args...> fmt, Args &&...args) {
  default_logger_raw()->log(source, lvl, fmt, std::forward<Args>(args)...);
}
template <typename... Args> inline void log(level::level_enum lvl, format_string_t<Args...> fmt, Args &&...args) {
  default_logger_raw()->log(source_loc{}, lvl, fmt, std::forward<Args>(args)...);
}
template <typename... Args> inline void trace(format_string_t<Args...> fmt, Args &&...args) { default_logger_raw()->trace(fmt, std::forward<Args>(args)...); }
template <typename... Args> inline void debug(format_string_t<Args...> fmt, Args &&...args) { default_logger_raw()->debug(fmt, std::forward<Args>(args)...); }
template <typename... Args> inline void info(format_string_t<Args...> fmt, Args &&...args) { default_logger_raw()->info(fmt, std::forward<Args>(args)...); }
template <typename... Args> inline void warn(format_string_t<Args...> fmt, Args &&...args) { default_logger_raw()->warn(fmt, std::forward<Args>(args)...); }
template <typename... Args> inline void error(format_string_t<Args...> fmt, Args &&...args) { default_logger_raw()->error(fmt, std::forward<Args>(args)...); }
template <typename... Args> inline void critical(format_string_t<Args...> fmt, Args &&...args) { default_logger_raw()->critical(fmt, std::forward<Args>(args)...); }

template <typename T> inline void log(source_loc source, level::level_enum lvl, const T &msg) { default_logger_raw()->log(source, lvl, msg); }
template <typename T> inline void log(level::level_enum lvl, const T &msg) { default_logger_raw()->log(lvl, msg); }
template <typename T> inline void trace(const T &msg) { default_logger_raw()->trace(msg); }
template <typename T> inline void debug(const T &msg) { default_logger_raw()->debug(msg); }
template <typename T> inline void info(const T &msg) { default_logger_raw()->info(msg); }
template <typename T> inline void warn(const T &msg) { default_logger_raw()->warn(msg); }
template <typename T> inline void error(const T &msg) { default_logger_raw()->error(msg); }
template <typename T> inline void critical(const T &msg) { default_logger_raw()->critical(msg); }
}  // namespace spdlog

#define SPDLOG_LOGGER_CALL(logger, level, ...) (logger)->log(spdlog::source_loc{__FILE__, __LINE__, SPDLOG_FUNCTION}, level, __VA_ARGS__)

#if SPDLOG_ACTIVE_LEVEL <= SPDLOG_LEVEL_TRACE
#define SPDLOG_LOGGER_TRACE(logger, ...) SPDLOG_LOGGER_CALL(logger, spdlog::level::trace, __VA_ARGS__)
#define SPDLOG_TRACE(...) SPDLOG_LOGGER_TRACE(spdlog::default_logger_raw(), __VA_ARGS__)
#else
#define SPDLOG_LOGGER_TRACE(logger, ...) (void)0
#define SPDLOG_TRACE(...) (void)0
#endif
#if SPDLOG_ACTIVE_LEVEL <= SPDLOG_LEVEL_DEBUG
#define SPDLOG_LOGGER_DEBUG(logger, ...) SPDLOG_LOGGER_CALL(logger, spdlog::level::debug, __VA_ARGS__)
#define SPDLOG_DEBUG(...) SPDLOG_LOGGER_DEBUG(spdlog::default_logger_raw(), __VA_ARGS__)
#else
#define SPDLOG_LOGGER_DEBUG(logger, ...) (void)0
#define SPDLOG_DEBUG(...) (void)0
#endif
#if SPDLOG_ACTIVE_LEVEL <= SPDLOG_LEVEL_INFO
#define SPDLOG_LOGGER_INFO(logger, ...) SPDLOG_LOGGER_CALL(logger, spdlog::level::info, __VA_ARGS__)
#define SPDLOG_INFO(...) SPDLOG_LOGGER_INFO(spdlog::default_logger_raw(), __VA_ARGS__)
#else
#define SPDLOG_LOGGER_INFO(logger, ...) (void)0
#define SPDLOG_INFO(...) (void)0
#endif
#if SPDLOG_ACTIVE_LEVEL <= SPDLOG_LEVEL_WARN
#define SPDLOG_LOGGER_WARN(logger, ...) SPDLOG_LOGGER_CALL(logger, spdlog::level::warn, __VA_ARGS__)
#define SPDLOG_WARN(...) SPDLOG_LOGGER_WARN(spdlog::default_logger_raw(), __VA_ARGS__)
#else
#define SPDLOG_LOGGER_WARN(logger, ...) (void)0
#define SPDLOG_WARN(...) (void)0
#endif
#if SPDLOG_ACTIVE_LEVEL <= SPDLOG_LEVEL_ERROR
#define SPDLOG_LOGGER_ERROR(logger, ...) SPDLOG_LOGGER_CALL(logger, spdlog::level::err, __VA_ARGS__)
#define SPDLOG_ERROR(...) SPDLOG_LOGGER_ERROR(spdlog::default_logger_raw(), __VA_ARGS__)
#else
#define SPDLOG_LOGGER_ERROR(logger, ...) (void)0
#define SPDLOG_ERROR(...) (void)0
#endif
#if SPDLOG_ACTIVE_LEVEL <= SPDLOG_LEVEL_CRITICAL
#define SPDLOG_LOGGER_CRITICAL(logger, ...) SPDLOG_LOGGER_CALL(logger, spdlog::level::critical, __VA_ARGS__)
#define SPDLOG_CRITICAL(...) SPDLOG_LOGGER_CRITICAL(spdlog::default_logger_raw(), __VA_ARGS__)
#else
#define SPDLOG_LOGGER_CRITICAL(logger, ...) (void)0
#define SPDLOG_CRITICAL(...) (void)0
#endif

#endif  // SPDLOG_H
