//===--- Tier.h - data tiers ----------------------------------------------===//
//
// The one idea every part of trailguard shares: unrestricted < restricted <
// sensitive.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_TIER_H
#define TRAILGUARD_CHECKER_TIER_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>

namespace trailguard {

enum class Tier : uint8_t { Unrestricted = 0, Restricted = 1, Sensitive = 2 };

inline Tier maxTier(Tier A, Tier B) { return A < B ? B : A; }

inline llvm::StringRef tierName(Tier T) {
  switch (T) {
  case Tier::Unrestricted:
    return "unrestricted";
  case Tier::Restricted:
    return "restricted";
  case Tier::Sensitive:
    return "sensitive";
  }
  return "unrestricted";
}

inline std::optional<Tier> parseTier(llvm::StringRef S) {
  if (S == "sensitive")
    return Tier::Sensitive;
  if (S == "restricted")
    return Tier::Restricted;
  if (S == "unrestricted")
    return Tier::Unrestricted;
  return std::nullopt;
}

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_TIER_H
