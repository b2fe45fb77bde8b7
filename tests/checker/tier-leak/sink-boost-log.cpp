// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include -isystem %mocks
// Boost.Log: BOOST_LOG_TRIVIAL and BOOST_LOG_SEV record streams.
#include <trailguard/annotations.hpp>
#include <boost/log/sources/severity_logger.hpp>
#include <boost/log/trivial.hpp>
#include <string>

struct Transfer {
  long cents = 0;
  TG_RESTRICTED std::string iban;
};

void f(const Transfer &t,
       boost::log::sources::severity_logger<boost::log::trivial::severity_level> &lg) {
  BOOST_LOG_TRIVIAL(info) << "transfer " << t.cents << " to " << t.iban;
  // CHECK-MESSAGES: :[[@LINE-1]]:66: warning: restricted value reaches log sink 'BOOST_LOG' [trailguard-tier-leak]
  BOOST_LOG_SEV(lg, boost::log::trivial::warning) << t.iban;
  // CHECK-MESSAGES: :[[@LINE-1]]:54: warning: restricted value reaches log sink 'BOOST_LOG' [trailguard-tier-leak]

  BOOST_LOG_TRIVIAL(info) << "transfer " << t.cents;
  BOOST_LOG_SEV(lg, boost::log::trivial::warning) << "iban set: " << !t.iban.empty();
}
