// Test mock of Boost.Log 1.74+ <boost/log/sources/severity_logger.hpp> (+ severity_feature.hpp): mirrors sources::severity_logger(_mt)<Level> and BOOST_LOG_SEV/BOOST_LOG_STREAM_SEV.
#ifndef BOOST_LOG_SOURCES_SEVERITY_LOGGER_HPP_INCLUDED_
#define BOOST_LOG_SOURCES_SEVERITY_LOGGER_HPP_INCLUDED_

#include <boost/log/detail/config.hpp>
#include <boost/log/keywords/severity.hpp>
#include <boost/log/sources/record_ostream.hpp>

namespace boost {
BOOST_LOG_OPEN_NAMESPACE
namespace aux { class light_rw_mutex; }
namespace sources {
struct single_thread_model {};
template <typename MutexT> struct multi_thread_model {};
template <typename... FeaturesT> struct features {};
template <typename LevelT = int> struct severity {};

template <typename CharT, typename FinalT, typename ThreadingModelT, typename FeaturesT>
class basic_composite_logger {
 public:
  typedef CharT char_type;
  record open_record();
  template <typename ArgsT> record open_record(ArgsT const &args);
  void push_record(record &&rec);
};

template <typename LevelT = int>
class severity_logger
    : public basic_composite_logger<char, severity_logger<LevelT>, single_thread_model, features<severity<LevelT>>> {
 public:
  severity_logger();
  template <typename ArgT1> explicit severity_logger(ArgT1 const &arg1);
};
template <typename LevelT = int>
class severity_logger_mt
    : public basic_composite_logger<char, severity_logger_mt<LevelT>, multi_thread_model<aux::light_rw_mutex>, features<severity<LevelT>>> {
 public:
  severity_logger_mt();
  template <typename ArgT1> explicit severity_logger_mt(ArgT1 const &arg1);
};
}  // namespace sources
BOOST_LOG_CLOSE_NAMESPACE
}  // namespace boost

#define BOOST_LOG_STREAM_SEV(logger, lvl)\
    BOOST_LOG_STREAM_WITH_PARAMS((logger), (::boost::log::keywords::severity = (lvl)))
#define BOOST_LOG_SEV(logger, lvl) BOOST_LOG_STREAM_SEV(logger, lvl)

#endif  // BOOST_LOG_SOURCES_SEVERITY_LOGGER_HPP_INCLUDED_
