// Splitting a sealed trail line into the parts forwarders store, by the
// fixed suffix the sealer writes (detail/chain.hpp), without a JSON parse.
#include <trailguard/collector/forwarder.hpp>
#include <trailguard/detail/chain.hpp>

#include <charconv>

namespace trailguard {
namespace collector {
namespace {

bool is_hex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

bool parse_sealed_line(std::string_view line, sealed_line &out) {
  using detail::chain_key;
  using detail::mac_key;
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  // ,"chain":"<64>","mac":"<64>"}
  const std::size_t suffix = chain_key.size() + 64 + mac_key.size() + 64 + 2;
  if (line.size() < suffix + 8 || line.back() != '}') return false;
  const std::size_t at = line.size() - suffix;
  std::string_view rest = line.substr(at);
  if (rest.substr(0, chain_key.size()) != chain_key) return false;
  const std::string_view chain = rest.substr(chain_key.size(), 64);
  rest.remove_prefix(chain_key.size() + 64);
  if (rest.substr(0, mac_key.size()) != mac_key) return false;
  const std::string_view mac = rest.substr(mac_key.size(), 64);
  if (rest.substr(mac_key.size() + 64) != "\"}" || !is_hex64(chain) || !is_hex64(mac)) return false;

  constexpr std::string_view seq_key = "{\"seq\":";
  if (line.substr(0, seq_key.size()) != seq_key) return false;
  std::uint64_t seq = 0;
  const char *digits = line.data() + seq_key.size();
  const auto parsed = std::from_chars(digits, line.data() + at, seq);
  if (parsed.ec != std::errc() || parsed.ptr == digits || *parsed.ptr != ',' || seq == 0 ||
      (*digits == '0'))
    return false;

  // The event name: the first "event" key after the fixed header. Names
  // are schema identifiers, so they hold no escapes.
  std::string_view event;
  constexpr std::string_view event_key = ",\"event\":\"";
  const std::string_view record = line.substr(0, at);
  if (const std::size_t e = record.find(event_key); e != std::string_view::npos) {
    const std::size_t from = e + event_key.size();
    const std::size_t to = record.find('"', from);
    if (to != std::string_view::npos) event = record.substr(from, to - from);
  }
  out.seq = seq;
  out.line = line;
  out.record = record;
  out.chain = chain;
  out.mac = mac;
  out.event = event;
  return true;
}

}  // namespace collector
}  // namespace trailguard
