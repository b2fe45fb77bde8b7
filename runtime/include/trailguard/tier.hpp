// The data tiers as values: the one tier vocabulary of trailguard, shared by
// the runtime, the collector, trailguard-gen and the checker.
#ifndef TRAILGUARD_TIER_HPP
#define TRAILGUARD_TIER_HPP

#include <optional>
#include <string_view>

namespace trailguard {

// unrestricted < restricted < sensitive; a sink accepts fields up to its tier.
enum class tier : unsigned char { unrestricted = 0, restricted = 1, sensitive = 2 };

namespace detail {
// Indexed by the enum's value: the names in schemas, configs, messages and
// annotations (TG_ANNOTATION_TIER_* in <trailguard/annotations.hpp>).
inline constexpr std::string_view tier_names[] = {"unrestricted", "restricted", "sensitive"};
static_assert(sizeof(tier_names) / sizeof(tier_names[0]) == static_cast<unsigned>(tier::sensitive) + 1,
              "every tier has a name");
}  // namespace detail

constexpr std::string_view tier_name(tier t) noexcept {
  auto i = static_cast<unsigned>(t);
  return i < 3 ? detail::tier_names[i] : std::string_view("unrestricted");
}

constexpr const char* to_string(tier t) noexcept { return tier_name(t).data(); }

// The tier named `name`, or nothing for a name that is not one.
constexpr std::optional<tier> parse_tier(std::string_view name) noexcept {
  for (unsigned i = 0; i < 3; ++i)
    if (detail::tier_names[i] == name) return static_cast<tier>(i);
  return std::nullopt;
}

}  // namespace trailguard

#endif  // TRAILGUARD_TIER_HPP
