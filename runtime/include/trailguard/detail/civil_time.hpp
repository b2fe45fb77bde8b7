// Reading RFC 3339 times back, for the collector's validator and
// trailguard-trail's filters: one calendar for both, not part of the API.
#ifndef TRAILGUARD_DETAIL_CIVIL_TIME_HPP
#define TRAILGUARD_DETAIL_CIVIL_TIME_HPP

#include <cstdint>
#include <optional>
#include <string_view>

namespace trailguard {
namespace detail {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil); `m` 1-12 and `d` 1-31, unchecked.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept;

// Microseconds since 1970-01-01T00:00:00Z, or nothing for anything but
// RFC 3339 (`2026-12-07T18:12:05.047018Z`, `2026-12-07T19:12:05+01:00`,
// `t`/`z` and a space for `T` allowed; digits past the sixth of a fraction
// cut; second 60, a leap second, read as the next one) or a bare date (its
// midnight UTC).
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

}  // namespace detail
}  // namespace trailguard

#endif  // TRAILGUARD_DETAIL_CIVIL_TIME_HPP
