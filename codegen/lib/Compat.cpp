//===--- Compat.cpp - breaking changes between two schemas ----------------===//
#include "Compat.h"
namespace trailguard {
namespace gen {
std::vector<Incompatibility> checkCompat(const Schema &, const Schema &,
                                         const CompatOptions &) { return {}; }
std::string formatIncompatibility(const Incompatibility &I) { return I.Message; }
} // namespace gen
} // namespace trailguard
