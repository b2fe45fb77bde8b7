// The example shop's first step away from "audit trails are just fancy logs":
// a separate audit interface, even if it still writes through the logger.
#pragma once

#include <trailguard/annotations.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shop {

using audit_fields = std::vector<std::pair<std::string, std::string>>;

// The message must be constant; values go in fields.
TG_AUDIT_SINK void audit(std::string_view message, const audit_fields& fields = {});

}  // namespace shop
