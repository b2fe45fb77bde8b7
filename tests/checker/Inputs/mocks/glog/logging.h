// Test mock of glog 0.6 <glog/logging.h>: mirrors google::LogMessage(Fatal)/LogMessageVoidify and LOG/DLOG/VLOG/LOG_IF/CHECK expanding to google::LogMessage(__FILE__, __LINE__...).stream().
#ifndef GLOG_LOGGING_H
#define GLOG_LOGGING_H

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>

namespace google {
typedef int32_t int32;
typedef int64_t int64;
typedef int LogSeverity;  // <glog/log_severity.h>
const int GLOG_INFO = 0, GLOG_WARNING = 1, GLOG_ERROR = 2, GLOG_FATAL = 3, NUM_SEVERITIES = 4;
const int INFO = GLOG_INFO, WARNING = GLOG_WARNING, ERROR = GLOG_ERROR, FATAL = GLOG_FATAL;

// <glog/vlog_is_on.h>
struct SiteFlag { google::int32* level; const char* base_name; size_t base_len; SiteFlag* next; };
extern bool InitVLOG3__(google::SiteFlag* site_flag, google::int32* site_default, const char* fname,
                        google::int32 verbose_level);

void InitGoogleLogging(const char* argv0);

class LogMessage {
 public:
  LogMessage(const char* file, int line);                        // LOG(INFO)
  LogMessage(const char* file, int line, LogSeverity severity);  // LOG(severity != INFO)
  LogMessage(const char* file, int line, LogSeverity severity, std::string* message);
  ~LogMessage();
  std::ostream& stream();
 private:
  LogMessage(const LogMessage&);
  void operator=(const LogMessage&);
};

class LogMessageFatal : public LogMessage {
 public:
  LogMessageFatal(const char* file, int line);
  __attribute__((noreturn)) ~LogMessageFatal();
};

// Explicitly ignores values in the conditional logging macros.
class LogMessageVoidify {
 public:
  LogMessageVoidify() {}
  void operator&(std::ostream&) {}
};
}  // namespace google

namespace fLI { extern google::int32 FLAGS_v; }  // DECLARE_int32(v)
using fLI::FLAGS_v;

#define GOOGLE_PREDICT_BRANCH_NOT_TAKEN(x) (__builtin_expect(x, 0))
#define COMPACT_GOOGLE_LOG_INFO google::LogMessage(__FILE__, __LINE__)
#define COMPACT_GOOGLE_LOG_WARNING google::LogMessage(__FILE__, __LINE__, google::GLOG_WARNING)
#define COMPACT_GOOGLE_LOG_ERROR google::LogMessage(__FILE__, __LINE__, google::GLOG_ERROR)
#define COMPACT_GOOGLE_LOG_FATAL google::LogMessageFatal(__FILE__, __LINE__)
#define COMPACT_GOOGLE_LOG_DFATAL google::LogMessage(__FILE__, __LINE__, google::GLOG_FATAL)
#define LOG_TO_STRING_INFO(message) google::LogMessage(__FILE__, __LINE__, google::GLOG_INFO, message)

#define LOG(severity) COMPACT_GOOGLE_LOG_ ## severity.stream()
#define LOG_TO_STRING(severity, message) LOG_TO_STRING_##severity(static_cast<std::string*>(message)).stream()
#define LOG_IF(severity, condition) \
  static_cast<void>(0),             \
  !(condition) ? (void) 0 : google::LogMessageVoidify() & LOG(severity)
#define LOG_ASSERT(condition) LOG_IF(FATAL, !(condition)) << "Assert failed: " #condition
#define CHECK(condition) \
      LOG_IF(FATAL, GOOGLE_PREDICT_BRANCH_NOT_TAKEN(!(condition))) \
             << "Check failed: " #condition " "

#define VLOG_IS_ON(verboselevel)                                \
  __extension__  \
  ({ static google::SiteFlag vlocal__ = {NULL, NULL, 0, NULL};       \
     google::int32 verbose_level__ = (verboselevel);                    \
     (vlocal__.level == NULL ? google::InitVLOG3__(&vlocal__, &FLAGS_v, \
                        __FILE__, verbose_level__) : *vlocal__.level >= verbose_level__); \
  })
#define VLOG(verboselevel) LOG_IF(INFO, VLOG_IS_ON(verboselevel))
#define VLOG_IF(verboselevel, condition) LOG_IF(INFO, (condition) && VLOG_IS_ON(verboselevel))

#if defined(NDEBUG) && !defined(DCHECK_ALWAYS_ON)
#define DCHECK_IS_ON() 0
#else
#define DCHECK_IS_ON() 1
#endif
#if DCHECK_IS_ON()
#define DLOG(severity) LOG(severity)
#define DLOG_IF(severity, condition) LOG_IF(severity, condition)
#define DVLOG(verboselevel) VLOG(verboselevel)
#define DCHECK(condition) CHECK(condition)
#else
#define DLOG(severity) \
  static_cast<void>(0), \
  true ? (void) 0 : google::LogMessageVoidify() & LOG(severity)
#define DLOG_IF(severity, condition) \
  static_cast<void>(0),              \
  (true || !(condition)) ? (void) 0 : google::LogMessageVoidify() & LOG(severity)
#define DVLOG(verboselevel)             \
  static_cast<void>(0),                 \
  (true || !VLOG_IS_ON(verboselevel)) ? \
      (void) 0 : google::LogMessageVoidify() & LOG(INFO)
#define DCHECK(condition) while (false) CHECK(condition)
#endif

#endif  // GLOG_LOGGING_H
