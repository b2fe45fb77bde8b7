// Test mock of Boost.Log 1.74+ <boost/log/detail/config.hpp>: mirrors the ABI inline namespace (boost::log::v2s_mt_posix, or v2_mt_posix with BOOST_LOG_DYN_LINK).
#ifndef BOOST_LOG_DETAIL_CONFIG_HPP_INCLUDED_
#define BOOST_LOG_DETAIL_CONFIG_HPP_INCLUDED_

#define BOOST_LOG_USE_CHAR
#if defined(BOOST_LOG_DYN_LINK) || defined(BOOST_ALL_DYN_LINK)
#define BOOST_LOG_VERSION_NAMESPACE v2_mt_posix
#else
#define BOOST_LOG_VERSION_NAMESPACE v2s_mt_posix
#endif

namespace boost {
namespace log {
inline namespace BOOST_LOG_VERSION_NAMESPACE {}
}  // namespace log
}  // namespace boost
#define BOOST_LOG_OPEN_NAMESPACE namespace log { inline namespace BOOST_LOG_VERSION_NAMESPACE {
#define BOOST_LOG_CLOSE_NAMESPACE }}

#endif  // BOOST_LOG_DETAIL_CONFIG_HPP_INCLUDED_
