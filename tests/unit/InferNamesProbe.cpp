// Prints the identifiers of stdin (one a line) that --infer-sensitive-names
// would infer, with their tier, for bench/infer-names-precision.sh.
#include "TierModel.h"

#include <iostream>
#include <string>

int main() {
  std::string Line;
  while (std::getline(std::cin, Line)) {
    if (Line.empty())
      continue;
    if (std::optional<trailguard::Tier> T = trailguard::inferTierFromName(Line))
      std::cout << (*T == trailguard::Tier::sensitive ? "sensitive "
                                                      : "restricted ")
                << Line << '\n';
  }
  return 0;
}
