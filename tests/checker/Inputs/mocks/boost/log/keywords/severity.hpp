// Test mock of Boost.Log 1.74+ <boost/log/keywords/severity.hpp>: mirrors keywords::severity, a boost::parameter::keyword<tag::severity> (BOOST_PARAMETER_KEYWORD).
#ifndef BOOST_LOG_KEYWORDS_SEVERITY_HPP_INCLUDED_
#define BOOST_LOG_KEYWORDS_SEVERITY_HPP_INCLUDED_

#include <boost/log/detail/config.hpp>

namespace boost {
namespace parameter {
namespace aux {
template <class Keyword, class Arg> class tagged_argument {
  Arg &m_value;
 public:
  explicit tagged_argument(Arg &x) : m_value(x) {}
  Arg &get_value() const { return m_value; }
};
}  // namespace aux
template <class Tag> struct keyword {
  template <class T> aux::tagged_argument<Tag, const T> operator=(T const &x) const { return aux::tagged_argument<Tag, const T>(x); }
  static keyword<Tag> const instance;
};
template <class Tag> keyword<Tag> const keyword<Tag>::instance = {};
}  // namespace parameter

BOOST_LOG_OPEN_NAMESPACE
namespace keywords {
namespace tag { struct severity { static char const *keyword_name() { return "severity"; } }; }
namespace { ::boost::parameter::keyword<tag::severity> const &severity = ::boost::parameter::keyword<tag::severity>::instance; }
}  // namespace keywords
BOOST_LOG_CLOSE_NAMESPACE
}  // namespace boost

#endif  // BOOST_LOG_KEYWORDS_SEVERITY_HPP_INCLUDED_
