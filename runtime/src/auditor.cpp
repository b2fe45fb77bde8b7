// The auditor: one encoding per distinct sink policy, then each sink under
// its own lock, so lines never interleave and a slow sink does not hold the
// others' writers.
#include <trailguard/audit.hpp>
#include <trailguard/detail/record.hpp>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace trailguard {

struct auditor::sink_entry {
  std::shared_ptr<sink> target;
  sink_options options;
  detail::field_policy policy;
  std::mutex lock;
  std::uint64_t next_seq = 1;  // without a sealer
};

// Room for the longest `{"seq":N,` in front of an encoded body.
constexpr char seq_room[detail::seq_prefix_room] = {};

// A thread's buffers, reused for every event it emits: after the first few
// events they have grown to size and encoding allocates nothing.
struct auditor::thread_buffers {
  detail::buffer body[2];  // seq_room, then `"time":...}` of one policy
  detail::buffer scratch;
  std::string lines;      // sealed lines
};

namespace {

auditor::thread_buffers &buffers() {
  static thread_local auditor::thread_buffers b;
  return b;
}

const char *status_text(emit_status s) {
  switch (s) {
    case emit_status::ok: return "ok";
    case emit_status::invalid_event: return "invalid event";
    case emit_status::missing_context: return "missing context";
    case emit_status::invalid_context: return "invalid context";
    case emit_status::too_long: return "event too long";
    case emit_status::write_failed: return "write failed";
    case emit_status::no_sinks: return "no sinks";
  }
  return "unknown";
}

}  // namespace

std::string emit_result::message() const {
  std::string m = status_text(status_);
  if (!detail_.empty()) m += ": " + detail_;
  if (error_) m += ": " + error_.message();
  if (degraded_) m += " (accepted under fail_open)";
  return m;
}

struct auditor::state {
  auditor_options options;
  std::vector<std::unique_ptr<auditor::sink_entry>> sinks;
  std::atomic<std::uint64_t> emitted{0}, refused{0}, failed_writes{0};
  std::atomic<bool> closed{false};
};

const char *invalid_service_name(std::string_view name) {
  // Through the encoder itself, so that "what it escapes" cannot drift: in
  // its output every "\u" is an escape it wrote ('\' is \u005c).
  std::string escaped;
  detail::append_escaped(escaped, name);
  for (std::size_t at = escaped.find("\\u"); at != std::string::npos;
       at = escaped.find("\\u", at + 6)) {
    const std::string_view code = std::string_view(escaped).substr(at + 2, 4);
    if (code == "0022" || code == "005c") continue;
    if (code == "fffd") return "is not valid UTF-8";
    if (code == "2028" || code == "2029") return "holds a line or paragraph separator";
    if (code == "feff") return "holds a byte order mark (U+FEFF)";
    if (code == "061c" || code == "200e" || code == "200f" || code.substr(0, 3) == "202" ||
        code.substr(0, 3) == "206")
      return "holds a bidi control";
    return "holds a control character";
  }
  return nullptr;
}

auditor::auditor(auditor_options options) : state_(std::make_unique<state>()) {
  if (const char *why = invalid_service_name(options.service))
    throw std::invalid_argument(std::string("trailguard: auditor_options::service ") + why +
                                " (give a printable UTF-8 name)");
  state_->options = std::move(options);
}

auditor::~auditor() {
  if (!state_->closed.load()) {
    std::error_code ec = close();
    if (ec && state_->options.error_handler)
      state_->options.error_handler("closing the auditor: " + ec.message());
  }
}

void auditor::add_sink(std::shared_ptr<sink> target, sink_options options) {
  // A sink that failed to open must not become a crash at the first event.
  if (!target) throw std::invalid_argument("trailguard: add_sink() got no sink (did opening it fail?)");
  if (options.redact == redaction::token && !options.tokens)
    throw std::invalid_argument("trailguard: redaction::token needs sink_options::tokens");
  auto entry = std::make_unique<auditor::sink_entry>();
  entry->policy.max_tier = options.max_tier;
  if (options.redact == redaction::token) entry->policy.tokens = options.tokens.get();
  entry->target = std::move(target);
  entry->options = std::move(options);
  state_->sinks.push_back(std::move(entry));
}

std::chrono::system_clock::time_point auditor::now_() const {
  return state_->options.clock ? state_->options.clock() : std::chrono::system_clock::now();
}

namespace detail {

std::error_code start_next_file(sink &target, sealer *seal, std::uint64_t seq,
                                std::string_view service,
                                std::chrono::system_clock::time_point now, std::string &lines) {
  // Rare (once per file), so a plain string rather than a thread buffer.
  std::string record;
  if (!append_rotate_record(record, seq, now, service, target.current_file(),
                            seal ? seal->head() : std::string()))
    return std::make_error_code(std::errc::invalid_argument);
  lines.clear();
  if (seal) {
    seal->seal(lines, record, seq);
    seal->close(lines, seal->next_seq());
  } else {
    lines = record;
    lines += unsealed_end;
  }
  if (const std::error_code ec = target.rotate(lines)) {
    if (seal) seal->rollback();
    return ec;
  }
  if (seal) seal->commit();
  return {};
}

}  // namespace detail

// Called with the sink's lock held.
std::error_code auditor::rotate(sink_entry &entry, thread_buffers &buf) {
  sealer *seal = entry.options.seal.get();
  const std::error_code ec = detail::start_next_file(*entry.target, seal,
                                                     seal ? seal->next_seq() : entry.next_seq,
                                                     state_->options.service, now_(), buf.lines);
  if (!ec && !seal) ++entry.next_seq;
  return ec;
}

emit_result auditor::emit_encoded(const void *work, encode_fn encode) {
  state &st = *state_;
  if (st.sinks.empty()) return {emit_status::no_sinks, {}};
  if (st.closed.load(std::memory_order_relaxed)) return {emit_status::write_failed, "auditor closed"};
  thread_buffers &buf = buffers();

  // Most setups have one or two policies (the full trail, a redacted log):
  // encode once per policy, not once per sink.
  const detail::field_policy *encoded_for[2] = {nullptr, nullptr};
  bool written = false, failed = false;
  emit_result failure;
  for (auto &entry_ptr : st.sinks) {
    sink_entry &entry = *entry_ptr;
    const detail::field_policy &p = entry.policy;
    int slot = -1;
    for (int k = 0; k < 2; ++k)
      if (encoded_for[k] && encoded_for[k]->max_tier == p.max_tier &&
          encoded_for[k]->tokens == p.tokens)
        slot = k;
    if (slot < 0) {
      slot = encoded_for[0] ? 1 : 0;
      detail::buffer &body = buf.body[slot];
      body.clear();
      // Room in front for each sink's `{"seq":N,`, so the record is never
      // copied to put its sequence number first.
      body.append(seq_room, sizeof seq_room);
      const detail::encode_result r = encode(work, body, buf.scratch, p);
      emit_result refusal;
      if (r.status == detail::encode_status::missing_context)
        refusal = {emit_status::missing_context, r.what};
      else if (r.status == detail::encode_status::invalid_context)
        refusal = {emit_status::invalid_context, r.what};
      else if (r.status != detail::encode_status::ok)
        refusal = {emit_status::invalid_event, r.what ? r.what : ""};
      else if (body.size() - sizeof seq_room > st.options.max_line_bytes)
        refusal = {emit_status::too_long, std::to_string(body.size() - sizeof seq_room) + " bytes"};
      if (!refusal.ok()) {
        if (!written) {
          st.refused.fetch_add(1, std::memory_order_relaxed);
          return refusal;
        }
        // Only a redaction policy can differ, and only for a value it
        // withholds elsewhere; still, never drop silently.
        encoded_for[slot] = nullptr;
        st.failed_writes.fetch_add(1, std::memory_order_relaxed);
        if (st.options.error_handler)
          st.options.error_handler("audit sink " + entry.target->name() + ": " + refusal.message());
        if (!failed) failure = emit_result(emit_status::write_failed, entry.target->name());
        failed = true;
        continue;
      }
      encoded_for[slot] = &p;
    }

    std::unique_lock<std::mutex> guard(entry.lock);
    sealer *seal = entry.options.seal.get();
    if (entry.target->rotation_due()) {
      if (const std::error_code ec = rotate(entry, buf)) {
        st.failed_writes.fetch_add(1, std::memory_order_relaxed);
        if (st.options.error_handler)
          st.options.error_handler("audit sink " + entry.target->name() + ": rotation: " + ec.message());
        if (!failed) failure = emit_result(emit_status::write_failed, entry.target->name(), ec);
        failed = true;
        continue;
      }
    }
    const std::uint64_t seq = seal ? seal->next_seq() : entry.next_seq;
    detail::buffer &body = buf.body[slot];
    const std::size_t body_size = body.size();
    char *record = detail::put_seq_prefix(body.data() + sizeof seq_room, seq);
    const std::size_t record_size = body_size - static_cast<std::size_t>(record - body.data());
    std::string_view lines;
    if (seal) {
      buf.lines.clear();
      seal->seal(buf.lines, std::string_view(record, record_size), seq);
      lines = buf.lines;
    } else {
      body += detail::unsealed_end;
      lines = std::string_view(record, record_size + detail::unsealed_end.size());
    }
    std::uint64_t ticket = 0;
    std::error_code ec = entry.target->start_write(lines, ticket);
    body.truncate(body_size);
    written = true;
    if (!ec) {
      if (seal)
        seal->commit();
      else
        ++entry.next_seq;
      // The lines are in the sink and chained; waiting for them to become
      // durable outside the lock lets other emitters join the same sync.
      guard.unlock();
      if (seal) seal->after_commit();
      if (ticket != 0) ec = entry.target->finish_write(ticket);
      if (!ec) continue;
    } else if (seal) {
      seal->rollback();
    }
    st.failed_writes.fetch_add(1, std::memory_order_relaxed);
    if (st.options.error_handler)
      st.options.error_handler("audit sink " + entry.target->name() + ": " + ec.message());
    if (!failed) failure = emit_result(emit_status::write_failed, entry.target->name(), ec);
    failed = true;
  }
  if (!failed) {
    st.emitted.fetch_add(1, std::memory_order_relaxed);
    return {};
  }
  if (st.options.on_failure == failure_policy::fail_open) {
    emit_result accepted;
    accepted.detail_ = failure.detail_;
    accepted.error_ = failure.error_;
    accepted.degraded_ = true;
    return accepted;
  }
  return failure;
}

std::error_code auditor::flush() {
  std::error_code first;
  for (auto &entry : state_->sinks) {
    std::lock_guard<std::mutex> guard(entry->lock);
    std::error_code ec = entry->target->flush();
    if (ec && !first) first = ec;
  }
  return first;
}

std::error_code auditor::close() {
  if (state_->closed.exchange(true)) return {};
  std::error_code first;
  std::string lines;
  for (auto &entry : state_->sinks) {
    std::lock_guard<std::mutex> guard(entry->lock);
    if (entry->options.seal) {
      lines.clear();
      entry->options.seal->close(lines, entry->options.seal->next_seq());
      if (!lines.empty()) {
        std::error_code ec = entry->target->write(lines);
        if (ec) {
          entry->options.seal->rollback();
          if (!first) first = ec;
        } else {
          entry->options.seal->commit();
          entry->options.seal->after_commit();
        }
      }
    }
    std::error_code ec = entry->target->flush();
    if (ec && !first) first = ec;
  }
  return first;
}

auditor_stats auditor::stats() const noexcept {
  auditor_stats s;
  s.emitted = state_->emitted.load();
  s.refused = state_->refused.load();
  s.failed_writes = state_->failed_writes.load();
  return s;
}

}  // namespace trailguard
