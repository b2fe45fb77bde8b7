// The interface between the collector's durable trail and a downstream
// store (Kafka, PostgreSQL): batches of sealed lines in sequence order, and
// how far the store has them, so forwarding resumes from a cursor and never
// loses or duplicates a line.
#ifndef TRAILGUARD_COLLECTOR_FORWARDER_HPP
#define TRAILGUARD_COLLECTOR_FORWARDER_HPP

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace trailguard {
namespace collector {

// One sealed line of the collector's trail, as the file holds it. All views
// point into the line; `record` is the line up to (not including) its
// `,"chain":"...","mac":"..."}` suffix, the bytes the chain value covers:
//   chain = SHA-256(previous chain || record)   (docs/runtime-trail.md)
struct sealed_line {
  std::uint64_t seq = 0;
  std::string_view line;    // the whole line, without its '\n'
  std::string_view record;  // `{"seq":N,...` without the seal suffix
  std::string_view chain;   // 64 lowercase hex digits
  std::string_view mac;     // 64 lowercase hex digits
  std::string_view event;   // the event name ("trailguard.checkpoint" for the trail's own records)
};

// Splits a sealed line into its parts; false when it is not one (the
// forwarder then stops and reports the line, it never skips it).
bool parse_sealed_line(std::string_view line, sealed_line &out);

class forwarder {
 public:
  virtual ~forwarder() = default;
  // For messages and metrics: "kafka:audit-events", "postgres:trailguard_events".
  virtual std::string name() const = 0;

  // The highest sequence number the store already holds for this trail,
  // such that every line up to it is stored (0: none). Called once at start
  // and after each reconnect; the collector forwards from the larger of this
  // and its own cursor file.
  virtual std::error_code stored_through(std::uint64_t &seq) = 0;

  // Stores the batch (sequence order, no gaps) durably and returns in
  // `acked_through` the highest seq such that it and every earlier line are
  // stored. Must be idempotent: a line the store already holds (same trail,
  // same seq) is acknowledged, never stored twice. On error, `acked_through`
  // still tells what got through; the collector retries the rest later.
  virtual std::error_code send(const std::vector<sealed_line> &batch,
                               std::uint64_t &acked_through) = 0;
};

}  // namespace collector
}  // namespace trailguard

#endif  // TRAILGUARD_COLLECTOR_FORWARDER_HPP
