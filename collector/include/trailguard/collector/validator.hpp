// Checks one line an application sent against the configured event schemas
// and re-encodes it canonically with the runtime's encoder, so that only
// bytes the collector wrote itself reach the trail.
#ifndef TRAILGUARD_COLLECTOR_VALIDATOR_HPP
#define TRAILGUARD_COLLECTOR_VALIDATOR_HPP

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace trailguard {
namespace collector {

struct verdict {
  bool ok = true;
  // The counter a refusal is counted under: "malformed", "too_long",
  // "duplicate_key", "forged_origin", "unknown_event", "bad_key",
  // "bad_seq", "bad_time", "bad_service", "bad_version", "bad_schema",
  // "bad_outcome", "bad_context", "unknown_field", "missing_field",
  // "invalid_field".
  std::string kind;
  // What the application is told after "error ": one line, no sender bytes
  // except names that are plain identifiers.
  std::string reason;
};

class validator {
 public:
  struct impl;
  explicit validator(std::unique_ptr<impl> state);
  ~validator();

  // Reads the schema files; nullptr and `error` ("PATH:LINE:COL: ...") when
  // one cannot be read or two define the same event.
  static std::unique_ptr<validator> load(const std::vector<std::string> &schema_paths,
                                         std::string &error);

  // Checks `line` (without its '\n'). When it is valid, `body` receives the
  // canonical record without its sequence number and closing brace:
  // `"time":...,"fields":{...}`.
  // A line already in the runtime encoder's canonical form is checked
  // without the full JSON parse; every other line gets check_slow().
  verdict check(std::string_view line, std::size_t max_line_bytes, std::string &body) const;
  // The full parse alone; the same verdict and body as check() for every
  // line (tests compare them).
  verdict check_slow(std::string_view line, std::size_t max_line_bytes, std::string &body) const;

  std::size_t events() const;

 private:
  std::unique_ptr<impl> impl_;
};

}  // namespace collector
}  // namespace trailguard

#endif  // TRAILGUARD_COLLECTOR_VALIDATOR_HPP
