// What generated events rely on from <trailguard/event.hpp>: the address
// check behind ip_address fields, agreeing with the JSON Schema's formats.
#include <trailguard/event.hpp>

#include <gtest/gtest.h>

namespace {

using trailguard::detail::is_ip_address;

static_assert(is_ip_address("203.0.113.9"), "usable in constant expressions");

TEST(IpAddress, AcceptsIpv4) {
  for (const char *ok : {"0.0.0.0", "1.2.3.4", "255.255.255.255", "10.0.0.1"})
    EXPECT_TRUE(is_ip_address(ok)) << ok;
}

TEST(IpAddress, RejectsMalformedIpv4) {
  for (const char *bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4",
                          "1..2.3", "1.2.3.4 ", " 1.2.3.4", "1.2.3.", ".1.2.3",
                          "1.2.3.4\n", "1234.1.1.1", "1.2.3.-4", "a.b.c.d"})
    EXPECT_FALSE(is_ip_address(bad)) << '"' << bad << '"';
}

TEST(IpAddress, AcceptsIpv6) {
  for (const char *ok : {"::", "::1", "1::", "2001:db8::1", "1:2:3:4:5:6:7:8",
                         "1:2:3:4:5:6:7::", "::ffff:1.2.3.4",
                         "1:2:3:4:5:6:1.2.3.4", "A:b:C:d:E:f:0:1", "fe80::"})
    EXPECT_TRUE(is_ip_address(ok)) << ok;
}

TEST(IpAddress, RejectsMalformedIpv6) {
  for (const char *bad :
       {":", ":::", ":1", "1:", "1:::2", "1::2::3", "12345::1", "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7::8", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "::1.2.3.4.5",
        "fe80::1%eth0", "g::1", "1:2:3:4:5:6:7", "[::1]", "::1/128"})
    EXPECT_FALSE(is_ip_address(bad)) << '"' << bad << '"';
}

} // namespace
