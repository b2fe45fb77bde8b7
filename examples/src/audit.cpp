// Writes audit events to a dedicated logger, separate from the application log.
#include "audit.hpp"

#include <spdlog/spdlog.h>

namespace shop {

void audit(std::string_view message, const audit_fields& fields) {
  std::string line(message);
  for (const auto& [key, value] : fields) line += " " + key + "=" + value;
  spdlog::get("audit") ? spdlog::get("audit")->info(line) : spdlog::info("[audit] {}", line);
}

}  // namespace shop
