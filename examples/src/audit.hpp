// The example shop's audit interfaces: the legacy free-text audit() it is
// moving away from, and typed events written through the trailguard runtime.
#pragma once

#include <events.hpp>  // generated from examples/events.yaml
#include <trailguard/annotations.hpp>
#include <trailguard/audit.hpp>

#include <spdlog/spdlog.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shop {

using audit_fields = std::vector<std::pair<std::string, std::string>>;

// The message must be constant; values go in fields.
TG_AUDIT_SINK void audit(std::string_view message, const audit_fields& fields = {});

// The service's auditor: the trail and a redacted copy on stdout (main.cpp).
trailguard::auditor& audit_trail();

// Writes a typed event generated from examples/events.yaml (shop::events)
// through the trailguard runtime. Fail closed: false means the event was
// not written and the caller must not go on with the action.
template <typename Event>
[[nodiscard]] bool audit_event(const Event& event) {
  trailguard::emit_result r = audit_trail().emit(event);
  if (!r) spdlog::error("audit event {} not written: {}", Event::event_name, r.message());
  return r.ok();
}

}  // namespace shop
