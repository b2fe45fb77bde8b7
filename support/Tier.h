//===--- Tier.h - data tiers for the LLVM-style tools ---------------------===//
//
// The checker and trailguard-gen spell tiers with the runtime's one enum
// (<trailguard/tier.hpp>): these are its LLVM-style names.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_SUPPORT_TIER_H
#define TRAILGUARD_SUPPORT_TIER_H

#include <trailguard/tier.hpp>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <iterator>
#include <optional>
#include <vector>

namespace trailguard {

using Tier = ::trailguard::tier;

inline Tier maxTier(Tier A, Tier B) { return A < B ? B : A; }

inline llvm::StringRef tierName(Tier T) {
  std::string_view N = tier_name(T);
  return llvm::StringRef(N.data(), N.size());
}

inline std::optional<Tier> parseTier(llvm::StringRef S) {
  return parse_tier(std::string_view(S.data(), S.size()));
}

/// Every tier's name, lowest first: for "did you mean" and messages.
inline llvm::ArrayRef<llvm::StringRef> tierNames() {
  static const std::vector<llvm::StringRef> Names(
      std::begin(detail::tier_names), std::end(detail::tier_names));
  return Names;
}

} // namespace trailguard

#endif // TRAILGUARD_SUPPORT_TIER_H
