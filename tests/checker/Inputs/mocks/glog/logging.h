// Test mock of glog 0.6 <glog/logging.h>: mirrors google::LogMessage(Fatal)/LogMessageVoidify and LOG/DLOG/VLOG/LOG_IF/CHECK expanding to google::LogMessage(__FILE__, __LINE__...).stream(), and CHECK_EQ/CHECK_STREQ/DCHECK_* expanding to google::Check_EQImpl(google::GetReferenceableValue(...), ...)/google::CheckstrcmptrueImpl(...).
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

// A string pointer that is true iff it is not NULL (the CHECK_OP result).
struct CheckOpString {
  CheckOpString(std::string* str) : str_(str) { }
  operator bool() const { return __builtin_expect(str_ != NULL, 0); }
  std::string* str_;
};

class LogMessageFatal : public LogMessage {
 public:
  LogMessageFatal(const char* file, int line);
  LogMessageFatal(const char* file, int line, const CheckOpString& result);
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

namespace google {
template <class T>
inline const T&       GetReferenceableValue(const T&           t) { return t; }
inline char           GetReferenceableValue(char               t) { return t; }
inline unsigned char  GetReferenceableValue(unsigned char      t) { return t; }
inline signed char    GetReferenceableValue(signed char        t) { return t; }
inline short          GetReferenceableValue(short              t) { return t; }
inline unsigned short GetReferenceableValue(unsigned short     t) { return t; }
inline int            GetReferenceableValue(int                t) { return t; }
inline unsigned int   GetReferenceableValue(unsigned int       t) { return t; }
inline long           GetReferenceableValue(long               t) { return t; }
inline unsigned long  GetReferenceableValue(unsigned long      t) { return t; }
inline long long      GetReferenceableValue(long long          t) { return t; }
inline unsigned long long GetReferenceableValue(unsigned long long t) { return t; }

template <typename T1, typename T2>
std::string* MakeCheckOpString(const T1& v1, const T2& v2, const char* exprtext);

#define DEFINE_CHECK_OP_IMPL(name, op) \
  template <typename T1, typename T2> \
  inline std::string* name##Impl(const T1& v1, const T2& v2,    \
                            const char* exprtext) { \
    if (__builtin_expect(!!(v1 op v2), 1)) return NULL; \
    else return MakeCheckOpString(v1, v2, exprtext); \
  } \
  inline std::string* name##Impl(int v1, int v2, const char* exprtext) { \
    return name##Impl<int, int>(v1, v2, exprtext); \
  }
DEFINE_CHECK_OP_IMPL(Check_EQ, ==)
DEFINE_CHECK_OP_IMPL(Check_NE, !=)
DEFINE_CHECK_OP_IMPL(Check_LE, <=)
DEFINE_CHECK_OP_IMPL(Check_LT, < )
DEFINE_CHECK_OP_IMPL(Check_GE, >=)
DEFINE_CHECK_OP_IMPL(Check_GT, > )
#undef DEFINE_CHECK_OP_IMPL

#define DECLARE_CHECK_STROP_IMPL(func, expected) \
  std::string* Check##func##expected##Impl( \
      const char* s1, const char* s2, const char* names);
DECLARE_CHECK_STROP_IMPL(strcmp, true)
DECLARE_CHECK_STROP_IMPL(strcmp, false)
DECLARE_CHECK_STROP_IMPL(strcasecmp, true)
DECLARE_CHECK_STROP_IMPL(strcasecmp, false)
#undef DECLARE_CHECK_STROP_IMPL

#if DCHECK_IS_ON()
typedef std::string _Check_string;
#endif
}  // namespace google

#if DCHECK_IS_ON()
#define CHECK_OP_LOG(name, op, val1, val2, log)                         \
  while (google::_Check_string* _result =                \
         google::Check##name##Impl(                      \
             google::GetReferenceableValue(val1),        \
             google::GetReferenceableValue(val2),        \
             #val1 " " #op " " #val2))                                  \
    log(__FILE__, __LINE__,                                             \
        google::CheckOpString(_result)).stream()
#else
#define CHECK_OP_LOG(name, op, val1, val2, log)                         \
  while (google::CheckOpString _result =                 \
         google::Check##name##Impl(                      \
             google::GetReferenceableValue(val1),        \
             google::GetReferenceableValue(val2),        \
             #val1 " " #op " " #val2))                                  \
    log(__FILE__, __LINE__, _result).stream()
#endif
#define CHECK_OP(name, op, val1, val2) \
  CHECK_OP_LOG(name, op, val1, val2, google::LogMessageFatal)
#define CHECK_EQ(val1, val2) CHECK_OP(_EQ, ==, val1, val2)
#define CHECK_NE(val1, val2) CHECK_OP(_NE, !=, val1, val2)
#define CHECK_LE(val1, val2) CHECK_OP(_LE, <=, val1, val2)
#define CHECK_LT(val1, val2) CHECK_OP(_LT, < , val1, val2)
#define CHECK_GE(val1, val2) CHECK_OP(_GE, >=, val1, val2)
#define CHECK_GT(val1, val2) CHECK_OP(_GT, > , val1, val2)

#define CHECK_STROP(func, op, expected, s1, s2) \
  while (google::CheckOpString _result = \
         google::Check##func##expected##Impl((s1), (s2), \
                                     #s1 " " #op " " #s2)) \
    LOG(FATAL) << *_result.str_
#define CHECK_STREQ(s1, s2) CHECK_STROP(strcmp, ==, true, s1, s2)
#define CHECK_STRNE(s1, s2) CHECK_STROP(strcmp, !=, false, s1, s2)
#define CHECK_STRCASEEQ(s1, s2) CHECK_STROP(strcasecmp, ==, true, s1, s2)
#define CHECK_STRCASENE(s1, s2) CHECK_STROP(strcasecmp, !=, false, s1, s2)

#if DCHECK_IS_ON()
#define DCHECK_EQ(val1, val2) CHECK_EQ(val1, val2)
#define DCHECK_NE(val1, val2) CHECK_NE(val1, val2)
#define DCHECK_LE(val1, val2) CHECK_LE(val1, val2)
#define DCHECK_LT(val1, val2) CHECK_LT(val1, val2)
#define DCHECK_GE(val1, val2) CHECK_GE(val1, val2)
#define DCHECK_GT(val1, val2) CHECK_GT(val1, val2)
#define DCHECK_STREQ(str1, str2) CHECK_STREQ(str1, str2)
#define DCHECK_STRCASEEQ(str1, str2) CHECK_STRCASEEQ(str1, str2)
#define DCHECK_STRNE(str1, str2) CHECK_STRNE(str1, str2)
#define DCHECK_STRCASENE(str1, str2) CHECK_STRCASENE(str1, str2)
#else
#define DCHECK_EQ(val1, val2) while (false) CHECK_EQ(val1, val2)
#define DCHECK_NE(val1, val2) while (false) CHECK_NE(val1, val2)
#define DCHECK_LE(val1, val2) while (false) CHECK_LE(val1, val2)
#define DCHECK_LT(val1, val2) while (false) CHECK_LT(val1, val2)
#define DCHECK_GE(val1, val2) while (false) CHECK_GE(val1, val2)
#define DCHECK_GT(val1, val2) while (false) CHECK_GT(val1, val2)
#define DCHECK_STREQ(str1, str2) while (false) CHECK_STREQ(str1, str2)
#define DCHECK_STRCASEEQ(str1, str2) while (false) CHECK_STRCASEEQ(str1, str2)
#define DCHECK_STRNE(str1, str2) while (false) CHECK_STRNE(str1, str2)
#define DCHECK_STRCASENE(str1, str2) while (false) CHECK_STRCASENE(str1, str2)
#endif

#endif  // GLOG_LOGGING_H
