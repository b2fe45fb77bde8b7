// Splitting a sealed trail line into the parts forwarders store: the
// runtime's own splitter (the sealer's crash recovery uses it too).
#include <trailguard/collector/forwarder.hpp>
#include <trailguard/detail/record.hpp>

namespace trailguard {
namespace collector {

bool parse_sealed_line(std::string_view line, sealed_line &out) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  detail::sealed_parts parts;
  if (!detail::split_sealed_line(line, parts)) return false;
  out.seq = parts.seq;
  out.line = line;
  out.record = parts.record;
  out.chain = parts.chain;
  out.mac = parts.mac;
  out.event = parts.event;
  return true;
}

}  // namespace collector
}  // namespace trailguard
