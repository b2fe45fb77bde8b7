// Test mock of Boost.Log 1.74+ <boost/log/trivial.hpp>: mirrors trivial::severity_level, trivial::logger::get() and BOOST_LOG_TRIVIAL(lvl) -> BOOST_LOG_STREAM_WITH_PARAMS(...).
#ifndef BOOST_LOG_TRIVIAL_HPP_INCLUDED_
#define BOOST_LOG_TRIVIAL_HPP_INCLUDED_

#include <boost/log/detail/config.hpp>
#include <boost/log/keywords/severity.hpp>
#include <boost/log/sources/record_ostream.hpp>
#include <boost/log/sources/severity_logger.hpp>

#include <ostream>

namespace boost {
BOOST_LOG_OPEN_NAMESPACE
namespace trivial {
enum severity_level { trace, debug, info, warning, error, fatal };
const char *to_string(severity_level lvl);
template <typename CharT, typename TraitsT>
inline std::basic_ostream<CharT, TraitsT> &operator<<(std::basic_ostream<CharT, TraitsT> &strm, severity_level lvl) {
  const char *str = boost::log::trivial::to_string(lvl);
  if (str)
    strm << str;
  else
    strm << static_cast<int>(lvl);
  return strm;
}
typedef sources::severity_logger_mt<severity_level> logger_type;
struct logger {
  typedef trivial::logger_type logger_type;
  static logger_type &get();
};
#define BOOST_LOG_TRIVIAL(lvl)\
    BOOST_LOG_STREAM_WITH_PARAMS(::boost::log::trivial::logger::get(),\
        (::boost::log::keywords::severity = ::boost::log::trivial::lvl))
}  // namespace trivial
BOOST_LOG_CLOSE_NAMESPACE
}  // namespace boost

#endif  // BOOST_LOG_TRIVIAL_HPP_INCLUDED_
