// The example shop's first step away from "audit trails are just fancy logs":
// a separate audit interface, even if it still writes through the logger.
#pragma once

#include <events.hpp>  // generated from examples/events.yaml
#include <trailguard/annotations.hpp>
#include <trailguard/tier.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace shop {

using audit_fields = std::vector<std::pair<std::string, std::string>>;

// The message must be constant; values go in fields.
TG_AUDIT_SINK void audit(std::string_view message, const audit_fields& fields = {});

namespace detail {

// The text of one field of Event; nullopt for an optional field left unset.
template <typename Event, typename T>
std::optional<std::string> field_text(const T& value) {
  if constexpr (std::is_same_v<T, std::string>) return value;
  else if constexpr (std::is_enum_v<T>) return std::string(Event::to_string(value));
  else if constexpr (std::is_arithmetic_v<T>) return std::to_string(value);
  else return std::string("?");
}

template <typename Event, typename T>
std::optional<std::string> field_text(const std::optional<T>& value) {
  if (!value) return std::nullopt;
  return field_text<Event>(*value);
}

}  // namespace detail

// A typed event generated from examples/events.yaml (shop::events, in the
// build's events.hpp) as one audit entry: its name is the constant message,
// its fields the fields. Sensitive fields are never written in clear.
template <typename Event>
void audit_event(const Event& event) {
  audit_fields fields;
  event.visit([&fields](const char* name, const auto& value, trailguard::tier tier) {
    std::optional<std::string> text = detail::field_text<Event>(value);
    if (!text) return;
    if (tier == trailguard::tier::sensitive) text = "<redacted>";
    fields.emplace_back(name, std::move(*text));
  });
  audit(Event::event_name, fields);
}

}  // namespace shop
