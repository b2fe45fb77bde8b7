// Order processing of the example shop service.
#include "audit.hpp"
#include "model.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <sstream>
#include <string>

namespace shop {

static std::string summary(const order& o) {
  std::ostringstream out;
  out << "order " << o.id << " (" << o.items.size() << " items, " << o.total_cents
      << " cents)";
  return out.str();
}

void place_order(const account& a, const order& o) {
  spdlog::info("{} placed by user {}", summary(o), a.username);
  if (a.card) {
    const std::string& digits = a.card->digits;
    // Clean look-alike: only the length and the last four digits' position.
    spdlog::info("charging card with {} digits", digits.size());
  }
  std::string label = fmt::format("ship order {} to {}", o.id, o.shipping_address);
  // Deliberate leak: the shipping address is restricted.
  spdlog::info(label);
  // Clean: in the audit trail the address goes in a restricted field.
  events::OrderPlaced placed(o.id, a.id, o.items.size(), o.total_cents);
  placed.shipping_address = o.shipping_address;
  if (!audit_event(placed)) return;
}

}  // namespace shop
