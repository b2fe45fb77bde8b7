// A sensitive value stored in an unrestricted field of a generated event:
// the checks (the plugin) report it while this file compiles.
#include <consumer/events.hpp>

#include <trailguard/annotations.hpp>

#include <string>

struct Approval {
  std::string sku;
  TG_SENSITIVE std::string supervisor_pin;
};

consumer::audit::StockAdjusted adjusted(const Approval &a, long delta) {
  consumer::audit::StockAdjusted event(a.sku, delta);
  event.reason = "approved with pin " + a.supervisor_pin;
  return event;
}
