// Test mock of Boost.Log 1.74+ <boost/log/sources/record_ostream.hpp>: mirrors record, basic_formatting_ostream, basic_record_ostream, aux::record_pump/make_record_pump and BOOST_LOG_STREAM* (for (record r = lg.open_record(...); !!r;) make_record_pump(lg, r).stream()).
#ifndef BOOST_LOG_SOURCES_RECORD_OSTREAM_HPP_INCLUDED_
#define BOOST_LOG_SOURCES_RECORD_OSTREAM_HPP_INCLUDED_

#include <boost/log/detail/config.hpp>

#include <ios>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace boost {
BOOST_LOG_OPEN_NAMESPACE

// <boost/log/core/record.hpp>
class record {
  void *m_impl = nullptr;
 public:
  record() noexcept = default;
  record(record &&that) noexcept : m_impl(that.m_impl) { that.m_impl = nullptr; }
  record &operator=(record &&that) noexcept { std::swap(m_impl, that.m_impl); return *this; }
  explicit operator bool() const noexcept { return m_impl != nullptr; }
  bool operator!() const noexcept { return !m_impl; }
  void reset() noexcept { m_impl = nullptr; }
};

// <boost/log/utility/formatting_ostream.hpp>
template <typename CharT, typename TraitsT = std::char_traits<CharT>, typename AllocatorT = std::allocator<CharT>>
class basic_formatting_ostream {
 public:
  typedef CharT char_type;
  typedef TraitsT traits_type;
  typedef std::basic_ostream<char_type, traits_type> ostream_type;
  ostream_type &stream();
  basic_formatting_ostream &operator<<(char c) { return formatted_write(&c, 1); }
  basic_formatting_ostream &operator<<(const char *p) { return formatted_write(p, static_cast<std::streamsize>(traits_type::length(p))); }
  basic_formatting_ostream &operator<<(bool value) { stream() << value; return *this; }
  basic_formatting_ostream &operator<<(int value) { stream() << value; return *this; }
  basic_formatting_ostream &operator<<(unsigned int value) { stream() << value; return *this; }
  basic_formatting_ostream &operator<<(long value) { stream() << value; return *this; }
  basic_formatting_ostream &operator<<(unsigned long value) { stream() << value; return *this; }
  basic_formatting_ostream &operator<<(long long value) { stream() << value; return *this; }
  basic_formatting_ostream &operator<<(unsigned long long value) { stream() << value; return *this; }
  basic_formatting_ostream &operator<<(double value) { stream() << value; return *this; }
  basic_formatting_ostream &operator<<(long double value) { stream() << value; return *this; }
  basic_formatting_ostream &operator<<(const void *p) { stream() << p; return *this; }  // real: generic by-value template
  template <typename OtherTraitsT, typename OtherAllocatorT>
  friend basic_formatting_ostream &operator<<(basic_formatting_ostream &strm, std::basic_string<char_type, OtherTraitsT, OtherAllocatorT> const &str) {
    return strm.formatted_write(str.data(), static_cast<std::streamsize>(str.size()));
  }
  template <typename OtherTraitsT>
  friend basic_formatting_ostream &operator<<(basic_formatting_ostream &strm, std::basic_string_view<char_type, OtherTraitsT> const &str) {
    return strm.formatted_write(str.data(), static_cast<std::streamsize>(str.size()));
  }
 protected:
  basic_formatting_ostream &formatted_write(const char_type *p, std::streamsize size);
};

// Logging record adapter with a streaming capability.
template <typename CharT> class basic_record_ostream : public basic_formatting_ostream<CharT> {
  typedef basic_formatting_ostream<CharT> base_type;
  record *m_record;
 public:
  typedef CharT char_type;
  basic_record_ostream() noexcept : m_record(nullptr) {}
  explicit basic_record_ostream(record &rec) : m_record(&rec) {}
  basic_record_ostream(basic_record_ostream const &) = delete;
  basic_record_ostream &operator=(basic_record_ostream const &) = delete;
  explicit operator bool() const noexcept { return m_record != nullptr; }
  bool operator!() const noexcept { return !m_record; }
  record &get_record() { return *m_record; }
  basic_record_ostream &operator<<(char c) { static_cast<base_type &>(*this) << c; return *this; }
  basic_record_ostream &operator<<(const char *p) { static_cast<base_type &>(*this) << p; return *this; }
  basic_record_ostream &operator<<(bool value) { static_cast<base_type &>(*this) << value; return *this; }
  basic_record_ostream &operator<<(int value) { static_cast<base_type &>(*this) << value; return *this; }
  basic_record_ostream &operator<<(unsigned int value) { static_cast<base_type &>(*this) << value; return *this; }
  basic_record_ostream &operator<<(long value) { static_cast<base_type &>(*this) << value; return *this; }
  basic_record_ostream &operator<<(unsigned long value) { static_cast<base_type &>(*this) << value; return *this; }
  basic_record_ostream &operator<<(long long value) { static_cast<base_type &>(*this) << value; return *this; }
  basic_record_ostream &operator<<(unsigned long long value) { static_cast<base_type &>(*this) << value; return *this; }
  basic_record_ostream &operator<<(double value) { static_cast<base_type &>(*this) << value; return *this; }
  basic_record_ostream &operator<<(long double value) { static_cast<base_type &>(*this) << value; return *this; }
};
typedef basic_record_ostream<char> record_ostream;

namespace aux {
template <typename StreamT, typename T, bool ByValueV, typename R> struct enable_record_ostream_generic_operator {};
template <typename CharT, typename T, typename R>
struct enable_record_ostream_generic_operator<basic_record_ostream<CharT>, T, false, R>
    : public std::enable_if<!std::is_scalar<typename std::remove_cv<T>::type>::value, R> {};
template <typename CharT, typename T, typename R>
struct enable_record_ostream_generic_operator<basic_record_ostream<CharT>, T, true, R>
    : public std::enable_if<std::is_enum<typename std::remove_cv<T>::type>::value, R> {};
template <typename CharT, typename T, typename R>
struct enable_record_ostream_generic_operator<basic_record_ostream<CharT>, T *, true, R>
    : public std::enable_if<!std::is_same<typename std::remove_cv<T>::type, char>::value, R> {};
}  // namespace aux

// Enums, non-char pointers (by value) and non-scalar values (std::string, user types) go through these free
// templates, as in real Boost.Log; arithmetic values and C strings use the member operators above.
template <typename StreamT, typename T>
inline typename boost::log::aux::enable_record_ostream_generic_operator<StreamT, T, true, StreamT &>::type
operator<<(StreamT &strm, T value) {
  typedef basic_formatting_ostream<typename StreamT::char_type> formatting_ostream_type;
  static_cast<formatting_ostream_type &>(strm) << value;
  return strm;
}
template <typename StreamT, typename T>
inline typename boost::log::aux::enable_record_ostream_generic_operator<StreamT, T, false, StreamT &>::type
operator<<(StreamT &strm, T const &value) {
  typedef basic_formatting_ostream<typename StreamT::char_type> formatting_ostream_type;
  static_cast<formatting_ostream_type &>(strm) << value;
  return strm;
}
template <typename StreamT, typename T>
inline typename boost::log::aux::enable_record_ostream_generic_operator<StreamT, T, false, StreamT &>::type
operator<<(StreamT &strm, T &value) {
  typedef basic_formatting_ostream<typename StreamT::char_type> formatting_ostream_type;
  static_cast<formatting_ostream_type &>(strm) << value;
  return strm;
}

namespace aux {
template <typename CharT> struct stream_provider {
  struct stream_compound {
    stream_compound *next;
    basic_record_ostream<CharT> stream;
    explicit stream_compound(record &rec) : next(nullptr), stream(rec) {}
  };
  static stream_compound *allocate_compound(record &rec);
  static void release_compound(stream_compound *compound) noexcept;
};

// Logging record pump: formats the record message, pushes it to the logger on destruction.
template <typename LoggerT> class record_pump {
  typedef LoggerT logger_type;
  typedef typename logger_type::char_type char_type;
  typedef stream_provider<char_type> stream_provider_type;
  typedef typename stream_provider_type::stream_compound stream_compound;
 protected:
  logger_type *m_pLogger;
  stream_compound *m_pStreamCompound;
 public:
  explicit record_pump(logger_type &lg, record &rec)
      : m_pLogger(std::addressof(lg)), m_pStreamCompound(stream_provider_type::allocate_compound(rec)) {}
  record_pump(record_pump &&that) noexcept : m_pLogger(that.m_pLogger), m_pStreamCompound(that.m_pStreamCompound) {
    that.m_pLogger = nullptr;
    that.m_pStreamCompound = nullptr;
  }
  ~record_pump() noexcept(false) {
    if (m_pLogger) {
      m_pLogger->push_record(std::move(m_pStreamCompound->stream.get_record()));
      stream_provider_type::release_compound(m_pStreamCompound);
    }
  }
  basic_record_ostream<char_type> &stream() const noexcept { return m_pStreamCompound->stream; }
};
template <typename LoggerT> inline record_pump<LoggerT> make_record_pump(LoggerT &lg, record &rec) {
  return record_pump<LoggerT>(lg, rec);
}
}  // namespace aux

BOOST_LOG_CLOSE_NAMESPACE
}  // namespace boost

// <boost/log/utility/unique_identifier_name.hpp> (non-MSVC: __LINE__)
#define BOOST_LOG_UNIQUE_IDENTIFIER_NAME_INTERNAL_(prefix, postfix) prefix##postfix
#define BOOST_LOG_UNIQUE_IDENTIFIER_NAME_INTERNAL(prefix, postfix) BOOST_LOG_UNIQUE_IDENTIFIER_NAME_INTERNAL_(prefix, postfix)
#define BOOST_LOG_UNIQUE_IDENTIFIER_NAME(prefix) BOOST_LOG_UNIQUE_IDENTIFIER_NAME_INTERNAL(prefix, __LINE__)
// Stand-in for BOOST_PP_SEQ_ENUM on a one-element sequence `(x)` (all that BOOST_LOG_TRIVIAL/BOOST_LOG_SEV pass).
#define BOOST_LOG_MOCK_SEQ_ENUM_(x) x

#define BOOST_LOG_STREAM_INTERNAL(logger, rec_var)\
    for (::boost::log::record rec_var = (logger).open_record(); !!rec_var;)\
        ::boost::log::aux::make_record_pump((logger), rec_var).stream()
#define BOOST_LOG_STREAM_WITH_PARAMS_INTERNAL(logger, rec_var, params_seq)\
    for (::boost::log::record rec_var = (logger).open_record((BOOST_LOG_MOCK_SEQ_ENUM_ params_seq)); !!rec_var;)\
        ::boost::log::aux::make_record_pump((logger), rec_var).stream()
#define BOOST_LOG_STREAM(logger)\
    BOOST_LOG_STREAM_INTERNAL(logger, BOOST_LOG_UNIQUE_IDENTIFIER_NAME(_boost_log_record_))
#define BOOST_LOG_STREAM_WITH_PARAMS(logger, params_seq)\
    BOOST_LOG_STREAM_WITH_PARAMS_INTERNAL(logger, BOOST_LOG_UNIQUE_IDENTIFIER_NAME(_boost_log_record_), params_seq)
#define BOOST_LOG(logger) BOOST_LOG_STREAM(logger)
#define BOOST_LOG_WITH_PARAMS(logger, params_seq) BOOST_LOG_STREAM_WITH_PARAMS(logger, params_seq)

#endif  // BOOST_LOG_SOURCES_RECORD_OSTREAM_HPP_INCLUDED_
