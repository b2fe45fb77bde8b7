// The data tiers as values, for generated events and the runtime's sinks.
#ifndef TRAILGUARD_TIER_HPP
#define TRAILGUARD_TIER_HPP

namespace trailguard {

// unrestricted < restricted < sensitive; a sink accepts fields up to its tier.
enum class tier : unsigned char { unrestricted = 0, restricted = 1, sensitive = 2 };

constexpr const char* to_string(tier t) noexcept {
  return t == tier::sensitive ? "sensitive" : t == tier::restricted ? "restricted" : "unrestricted";
}

}  // namespace trailguard

#endif  // TRAILGUARD_TIER_HPP
