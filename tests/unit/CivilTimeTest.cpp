// The one calendar behind the collector's validator and trailguard-trail's
// filters (<trailguard/detail/civil_time.hpp>), against the C library's.
#include <trailguard/detail/civil_time.hpp>

#include <gtest/gtest.h>

#include <ctime>
#include <string>

namespace {

using trailguard::detail::days_from_civil;
using trailguard::detail::parse_rfc3339;

constexpr std::int64_t day_us = 86400LL * 1000000;

TEST(CivilTime, DaysFromCivilAtTheEpochAndAroundIt) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(1970, 1, 2), 1);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(1971, 1, 1), 365);
  EXPECT_EQ(days_from_civil(0, 1, 1), -719528);  // proleptic: year 0 is a leap year
}

// Every day from 1899 to 2201, against timegm: the 100- and 400-year rules
// (1900 and 2100 common, 2000 leap) and each month's end.
TEST(CivilTime, DaysFromCivilAgreesWithTimegm) {
  for (int y = 1899; y <= 2201; ++y)
    for (unsigned m = 1; m <= 12; ++m)
      for (unsigned d = 1; d <= 31; ++d) {
        std::tm tm{};
        tm.tm_year = y - 1900;
        tm.tm_mon = static_cast<int>(m) - 1;
        tm.tm_mday = static_cast<int>(d);
        const std::time_t t = timegm(&tm);
        if (tm.tm_mday != static_cast<int>(d)) continue;  // normalised: no such date
        ASSERT_EQ(days_from_civil(y, m, d) * 86400, static_cast<std::int64_t>(t))
            << y << '-' << m << '-' << d;
      }
}

TEST(CivilTime, LeapYears) {
  EXPECT_EQ(parse_rfc3339("2000-02-29"), days_from_civil(2000, 2, 29) * day_us);
  EXPECT_EQ(parse_rfc3339("2000-03-01"), 11017 * day_us);
  EXPECT_EQ(parse_rfc3339("2024-02-29"), 1709164800LL * 1000000);
  EXPECT_EQ(parse_rfc3339("1972-02-29T12:00:00Z"), (789 * 86400LL + 43200) * 1000000);
  for (const char *common : {"1900-02-29", "2100-02-29", "2023-02-29", "1970-02-29"})
    EXPECT_FALSE(parse_rfc3339(common)) << common;
}

TEST(CivilTime, CenturyBoundaries) {
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339("1999-12-31T23:59:59.999999Z"), 946684800LL * 1000000 - 1);
  EXPECT_EQ(parse_rfc3339("2000-01-01T00:00:00Z"), 946684800LL * 1000000);
  EXPECT_EQ(parse_rfc3339("2099-12-31T23:59:59Z"), (4102444800LL - 1) * 1000000);
  EXPECT_EQ(parse_rfc3339("2100-01-01T00:00:00Z"), 4102444800LL * 1000000);
  EXPECT_EQ(parse_rfc3339("2100-03-01"), parse_rfc3339("2100-02-28").value() + day_us);
  EXPECT_EQ(parse_rfc3339("1969-12-31T23:59:59.999999Z"), -1);
}

TEST(CivilTime, OffsetsFractionsAndLeapSeconds) {
  EXPECT_EQ(parse_rfc3339("2000-01-01T01:00:00+01:00"), parse_rfc3339("2000-01-01T00:00:00Z"));
  EXPECT_EQ(parse_rfc3339("1999-12-31 23:30:00-00:30"), parse_rfc3339("2000-01-01T00:00:00Z"));
  EXPECT_EQ(parse_rfc3339("1970-01-01t00:00:00.1234567z"), 123456);  // cut to microseconds
  // 60: a leap second, read as the next one.
  EXPECT_EQ(parse_rfc3339("2016-12-31T23:59:60Z"), parse_rfc3339("2017-01-01T00:00:00Z"));
}

TEST(CivilTime, RefusesBadDatesAndTimes) {
  for (const char *bad :
       {"2026-02-30", "2026-02-31", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
        "2026-01-32", "2026-1-01", "26-01-01", "2026/01/01", "", "2026-01-01T",
        "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01T00:00:61Z",
        "2026-01-01T00:00:00", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00+01",
        "2026-01-01T00:00:00+24:00", "2026-01-01T00:00:00+00:60", "2026-01-01T00:00:00Z ",
        "2026-02-30T00:00:00Z", "2026-13-01T00:00:00.000000Z"})
    EXPECT_FALSE(parse_rfc3339(bad)) << '"' << bad << '"';
}

}  // namespace
