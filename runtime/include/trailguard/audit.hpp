// The runtime's public surface: an auditor that encodes generated events
// once per sink tier and writes them to its sinks, telling the caller when
// an event could not be written.
#ifndef TRAILGUARD_AUDIT_HPP
#define TRAILGUARD_AUDIT_HPP

#include <trailguard/context.hpp>
#include <trailguard/detail/encode.hpp>
#include <trailguard/tier.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

namespace trailguard {

// Where complete lines go. Implementations need not be thread-safe: the
// auditor serializes the calls to each sink.
class sink {
 public:
  virtual ~sink() = default;
  // Writes whole lines, each ending in '\n'. An error means the lines may
  // not be durable; the sink must not report success for a partial write.
  virtual std::error_code write(std::string_view lines) = 0;
  virtual std::error_code flush() { return {}; }
  // Group commit: a sink that syncs every write splits it in two so that
  // concurrent emitters share one sync. The auditor calls start_write()
  // under its lock and finish_write() after releasing it; the latter
  // returns once the lines are durable, or the sync's error. A ticket of 0
  // means nothing to wait for. write() is both in sequence.
  virtual std::error_code start_write(std::string_view lines, std::uint64_t &ticket) {
    ticket = 0;
    return write(lines);
  }
  virtual std::error_code finish_write(std::uint64_t ticket) {
    (void)ticket;
    return {};
  }
  // A short name for error messages: "file:/var/log/audit.jsonl".
  virtual std::string name() const = 0;

  // Rotating sinks (files): true when the next write should go to a new
  // file. The auditor then seals a `trailguard.rotate` record naming the
  // previous file and its chain head, and passes it to rotate(), which
  // starts the new file with it, so that each file verifies on its own.
  virtual bool rotation_due() { return false; }
  virtual std::error_code rotate(std::string_view first_lines) {
    (void)first_lines;
    return {};
  }
  // The file the rotate record names as the previous one: once a rotation
  // is due, the name the current file is archived under; empty for
  // non-files.
  virtual std::string current_file() const { return {}; }
};

// Seals lines into a tamper-evident chain (sequence, chain value, MAC,
// checkpoints); see <trailguard/trail.hpp>. Without one, a sink's lines
// carry only a sequence number.
class sealer {
 public:
  virtual ~sealer() = default;
  // Completes `record` (`{"seq":N,...` without its closing brace) into
  // one or more lines appended to `out`; `seq` is the record's number.
  virtual void seal(std::string &out, std::string_view record, std::uint64_t seq) = 0;
  // Lines that seal off what came before (a checkpoint): written when the
  // sink closes and right after a rotation record. The sealer stays usable
  // after it; commit() and rollback() apply as for seal().
  virtual void close(std::string &out, std::uint64_t next_seq) { (void)out, (void)next_seq; }
  // The sequence number the next record gets (a trail resumes after a
  // restart or a rotation).
  virtual std::uint64_t next_seq() const = 0;
  // The chain value of the last sealed record, lowercase hex.
  virtual std::string head() const = 0;
  // After `write` failed: forget the lines sealed since the last success.
  virtual void rollback() = 0;
  // After `write` succeeded: the sealed lines are now part of the trail.
  virtual void commit() = 0;
  // Called after commit() once the sink's lock is released: slow work
  // (persisting state, fsyncs) that other emitters need not wait for.
  // May run while another thread seals under the lock.
  virtual void after_commit() {}
};

namespace detail {

// Starts a rotating sink's next file: a `trailguard.rotate` record naming
// the previous file (and, sealed, its chain head), sealed and followed by a
// checkpoint, so that the sealer's saved state always points into the live
// file and crash recovery (trail_options::resume_file) finds its place.
// `seq` is the record's number; `lines` is scratch. On success a sealer is
// committed (its after_commit() is the caller's); on failure it is rolled
// back and the sink keeps its old file. The auditor and trailguard-collector
// both rotate through this.
std::error_code start_next_file(sink &target, sealer *seal, std::uint64_t seq,
                                std::string_view service,
                                std::chrono::system_clock::time_point now, std::string &lines);

}  // namespace detail

enum class redaction : unsigned char {
  marker,  // {"redacted":"sensitive"}
  token,   // {"redacted":"sensitive","hmac":"..."}: correlatable, not reversible
};

struct sink_options {
  sink_options() = default;
  // A sink that keeps fields up to `max`: `sink_options(tier::restricted)`.
  sink_options(tier max, redaction how = redaction::marker,
                        std::shared_ptr<const detail::tokenizer> keyed = nullptr)
      : max_tier(max), redact(how), tokens(std::move(keyed)) {}

  tier max_tier = tier::sensitive;  // fields above it are redacted
  redaction redact = redaction::marker;
  std::shared_ptr<const detail::tokenizer> tokens;  // required for redaction::token
  std::shared_ptr<sealer> seal;                     // null: sequence numbers only
};

// Why `name` cannot be a service name (the `service` of the trail's own
// records and checkpoints, auditor_options and trail_options), or nullptr
// when it can. Refused: invalid UTF-8, and what the encoder would write as
// \uXXXX apart from '"' and '\': C0 and C1 controls, DEL, U+2028/2029, the
// bidi controls, U+FEFF. A name is for people to read, and a trail that
// carries a name other than the one it was given is one nobody can vouch for.
const char *invalid_service_name(std::string_view name);

enum class failure_policy : unsigned char {
  fail_closed,  // emit() reports a failed write; the caller can refuse the action
  fail_open,    // emit() succeeds, the failure is counted and handed to the error handler
};

struct auditor_options {
  // The service name in the trail's own records (rotation, checkpoints);
  // the auditor's constructor throws std::invalid_argument for one that
  // invalid_service_name() refuses.
  std::string service;
  failure_policy on_failure = failure_policy::fail_closed;
  std::size_t max_line_bytes = 1 << 20;  // longer events are refused, not cut
  // Told about every failed write, whatever the policy: never silent.
  std::function<void(const std::string &message)> error_handler;
  // The clock events are stamped with; tests fix it.
  std::function<std::chrono::system_clock::time_point()> clock;
};

enum class emit_status : unsigned char {
  ok,
  invalid_event,    // a field breaks a schema limit or JSON cannot carry it
  missing_context,  // the event requires a context field that is not set
  invalid_context,  // the context's source address is not an IP address
  too_long,         // over auditor_options::max_line_bytes
  write_failed,     // at least one sink failed; the others have the event
  no_sinks,
};

class [[nodiscard]] emit_result {
 public:
  emit_result() = default;
  emit_result(emit_status status, std::string detail, std::error_code error = {})
      : status_(status), detail_(std::move(detail)), error_(error) {}

  bool ok() const noexcept { return status_ == emit_status::ok; }
  explicit operator bool() const noexcept { return ok(); }
  emit_status status() const noexcept { return status_; }
  // The field, context field or sink at fault.
  const std::string &detail() const noexcept { return detail_; }
  std::error_code error() const noexcept { return error_; }
  // fail_open only: the event was accepted although some sink failed.
  bool degraded() const noexcept { return degraded_; }
  std::string message() const;

 private:
  friend class auditor;
  emit_status status_ = emit_status::ok;
  std::string detail_;
  std::error_code error_;
  bool degraded_ = false;
};

struct auditor_stats {
  std::uint64_t emitted = 0;        // events every sink accepted
  std::uint64_t refused = 0;        // invalid events, never written
  std::uint64_t failed_writes = 0;  // sink writes that failed (one event, one sink)
};

class auditor {
 public:
  explicit auditor(auditor_options options = {});
  ~auditor();
  auditor(const auditor &) = delete;
  auditor &operator=(const auditor &) = delete;

  // Throws std::invalid_argument for a null sink, or redaction::token
  // without a tokenizer: setup mistakes, found before the first event.
  void add_sink(std::shared_ptr<sink> target, sink_options options = {});

  // Writes the event with the thread's current context (scoped_context).
  template <typename Event> emit_result emit(const Event &event) {
    static const context empty;
    const context *ctx = current_context();
    return emit(event, ctx ? *ctx : empty);
  }

  template <typename Event> emit_result emit(const Event &event, const context &ctx) {
    const job<Event> j{event, ctx, now_()};
    return emit_encoded(&j, [](const void *p, detail::buffer &out, detail::buffer &scratch,
                               const detail::field_policy &policy) {
      const auto &what = *static_cast<const job<Event> *>(p);
      return detail::encode_body(out, scratch, what.event, what.ctx, what.now, policy);
    });
  }

  // Writes what sinks buffer and, for file sinks, makes it durable.
  [[nodiscard]] std::error_code flush();
  // Seals every trail (final checkpoint) and flushes; emit() fails after.
  [[nodiscard]] std::error_code close();

  auditor_stats stats() const noexcept;

 private:
  template <typename Event> struct job {
    const Event &event;
    const context &ctx;
    std::chrono::system_clock::time_point now;
  };
  // A plain function pointer over the job: no allocation per event.
  using encode_fn = detail::encode_result (*)(const void *job, detail::buffer &out,
                                              detail::buffer &scratch,
                                              const detail::field_policy &policy);
  emit_result emit_encoded(const void *work, encode_fn encode);

 public:  // for the implementation's helpers
  struct sink_entry;
  struct thread_buffers;

 private:
  std::error_code rotate(sink_entry &entry, thread_buffers &buf);
  std::chrono::system_clock::time_point now_() const;

  struct state;
  std::unique_ptr<state> state_;
};

}  // namespace trailguard

#endif  // TRAILGUARD_AUDIT_HPP
