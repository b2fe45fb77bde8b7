// The Kafka forwarder: an idempotent producer (acks=all) that writes one
// trail's sealed lines in order to one partition, keyed `<trail_id>/<seq>`,
// and reads the partition's last key back to learn how far the store has it.
#include "partition_reader.hpp"

#include <trailguard/collector/kafka.hpp>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <deque>

namespace trailguard {
namespace collector {
namespace {

static_assert(sizeof(std::uintptr_t) >= sizeof(std::uint64_t),
              "sequence numbers travel as librdkafka's per-message opaque pointer");

// How long send() waits for the reports of lines in flight once
// delivery_timeout has passed and the lines not yet sent were purged: the
// producer fails a message itself at message.timeout.ms, but while brokers
// are down it may notice seconds late.
constexpr std::chrono::milliseconds report_grace{5000};

// Settings the forwarder's guarantees rest on; properties may not change them.
struct reserved_setting {
  const char *name;
  const char *why;
};
constexpr reserved_setting reserved[] = {
    {"bootstrap.servers", "set it with the brokers option"},
    {"metadata.broker.list", "set the brokers option instead"},
    {"enable.idempotence", "the forwarder always uses the idempotent producer"},
    {"acks", "the forwarder always waits for all in-sync replicas (acks=all)"},
    {"request.required.acks", "the forwarder always waits for all in-sync replicas (acks=all)"},
    {"message.timeout.ms", "set it with the delivery_timeout option"},
    {"delivery.timeout.ms", "set it with the delivery_timeout option"},
    {"transactional.id", "the forwarder does not use transactions"},
};

struct handle_deleter {
  void operator()(rd_kafka_t *rk) const { rd_kafka_destroy(rk); }
  void operator()(rd_kafka_conf_t *conf) const { rd_kafka_conf_destroy(conf); }
};
template <typename T> using owned = std::unique_ptr<T, handle_deleter>;

std::error_code kafka_error(rd_kafka_resp_err_t err) {
  return {static_cast<int>(err), kafka_category()};
}

class kafka_error_category final : public std::error_category {
 public:
  const char *name() const noexcept override { return "kafka"; }
  std::string message(int value) const override {
    switch (static_cast<kafka_errc>(value)) {
      case kafka_errc::foreign_trail:
        return "the partition's last message belongs to another trail (its key is not "
               "<trail_id>/<seq>); give each trail a partition of its own";
      case kafka_errc::bad_key:
        return "the partition's last message has this trail's key prefix but no sequence "
               "number after it";
      case kafka_errc::still_in_flight:
        return "delivery reports are still outstanding after the delivery timeout; the "
               "forwarder waits for them before it sends or reads again";
      case kafka_errc::producer_failed:
        return "cannot recreate the kafka producer after a fatal error";
    }
    const auto err = static_cast<rd_kafka_resp_err_t>(value);
    return std::string("kafka: ") + rd_kafka_err2str(err) + " (" + rd_kafka_err2name(err) + ")";
  }
};

bool legal_topic(const std::string &topic) {
  if (topic.empty() || topic.size() > 249 || topic == "." || topic == "..") return false;
  return std::all_of(topic.begin(), topic.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-';
  });
}

std::string check_options(const kafka_options &o) {
  bool mock = false;
  for (const auto &[name, value] : o.properties) {
    for (const auto &r : reserved)
      if (name == r.name)
        return "kafka forwarder: property '" + name + "' cannot be set: " + r.why;
    if (name == "test.mock.num.brokers") mock = true;
  }
  if (o.brokers.empty() && !mock)
    return "kafka forwarder: no brokers given; set them as host:port[,host:port...] "
           "(bootstrap.servers)";
  if (o.topic.empty()) return "kafka forwarder: no topic given";
  if (!legal_topic(o.topic))
    return "kafka forwarder: '" + o.topic +
           "' is not a legal Kafka topic name (1 to 249 of a-z A-Z 0-9 . _ -)";
  if (o.partition < 0)
    return "kafka forwarder: partition " + std::to_string(o.partition) + " is negative";
  if (o.trail_id.empty()) return "kafka forwarder: no trail_id given (it names the trail in keys)";
  for (unsigned char c : o.trail_id)
    if (c == '/' || c < 0x20 || c == 0x7f)
      return "kafka forwarder: trail_id '" + o.trail_id +
             "' may not contain '/' or control characters (keys are <trail_id>/<seq>)";
  if (o.delivery_timeout.count() <= 0 || o.delivery_timeout.count() > INT32_MAX)
    return "kafka forwarder: delivery_timeout must be between 1 ms and 2^31-1 ms";
  return {};
}

int to_ms(std::chrono::milliseconds d) {
  return static_cast<int>(std::clamp<std::int64_t>(d.count(), 0, INT32_MAX));
}

int remaining_ms(std::chrono::steady_clock::time_point deadline) {
  return to_ms(std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now()));
}

class kafka_forwarder final : public forwarder {
 public:
  explicit kafka_forwarder(kafka_options options)
      : options_(std::move(options)), key_prefix_(options_.trail_id + "/") {}

  bool open(std::string &error) {
    producer_ = make_producer(error);
    return producer_ != nullptr;
  }

  std::string name() const override { return "kafka:" + options_.topic; }

  std::error_code stored_through(std::uint64_t &seq) override {
    seq = 0;
    if (std::error_code ec = ready()) return ec;
    // A message still in flight could land after the read and be missed.
    if (std::error_code ec = settle(delivery_deadline())) return ec;
    // The store's answer wins over what this run remembers: if the topic
    // was truncated, lines must be produced again, not acknowledged.
    if (std::error_code ec = resync()) return ec;
    seq = known_stored_;
    warm_up();
    return {};
  }

  std::error_code send(const std::vector<sealed_line> &batch,
                       std::uint64_t &acked_through) override {
    acked_through = known_stored_;
    if (batch.empty()) return {};
    acked_through = batch.front().seq - 1;
    for (std::size_t i = 1; i < batch.size(); ++i)
      if (batch[i].seq != batch[i - 1].seq + 1)
        return std::make_error_code(std::errc::invalid_argument);
    if (std::error_code ec = ready()) return ec;

    const auto deadline = delivery_deadline();
    std::error_code result = settle(deadline);
    if (!result && resync_) result = resync();
    if (!result) result = produce(batch, deadline);
    // Even after an error the reports say what got through.
    const std::error_code reported = acknowledge(batch, acked_through);
    if (!result) result = reported;
    if (const std::error_code fatal = check_fatal()) result = fatal;
    return result;
  }

 private:
  // none: no line of that seq was produced by this run (a hole the
  // contiguous table keeps, where a map would have no entry).
  enum class state { none, pending, delivered, failed };
  struct delivery {
    state status = state::pending;
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
  };

  // The report slot of `seq`, or nullptr when this run produced none.
  delivery *find_delivery(std::uint64_t seq) {
    if (seq < deliveries_first_ || seq - deliveries_first_ >= deliveries_.size()) return nullptr;
    delivery &d = deliveries_[seq - deliveries_first_];
    return d.status == state::none ? nullptr : &d;
  }
  const delivery *find_delivery(std::uint64_t seq) const {
    return const_cast<kafka_forwarder *>(this)->find_delivery(seq);
  }
  // Drops the slots of `seq` and above, then makes `seq`'s the next one.
  void reset_deliveries_from(std::uint64_t seq) {
    if (deliveries_.empty() || seq < deliveries_first_) {
      deliveries_.clear();
      deliveries_first_ = seq;
      return;
    }
    if (seq - deliveries_first_ < deliveries_.size())
      deliveries_.resize(seq - deliveries_first_);
    else
      deliveries_.resize(seq - deliveries_first_, delivery{state::none});
  }

  std::chrono::steady_clock::time_point delivery_deadline() const {
    return std::chrono::steady_clock::now() + options_.delivery_timeout;
  }

  owned<rd_kafka_t> make_producer(std::string &error) {
    char errstr[512];
    owned<rd_kafka_conf_t> conf(rd_kafka_conf_new());
    std::vector<std::pair<std::string, std::string>> settings = {
        {"bootstrap.servers", options_.brokers},
        {"enable.idempotence", "true"},
        {"acks", "all"},
        {"message.timeout.ms", std::to_string(options_.delivery_timeout.count())},
        // Sealed lines repeat their keys and the event's header: a fraction
        // of the bytes on the wire and in the broker's log, for little CPU.
        // properties may choose another codec (or none).
        {"compression.type", "lz4"},
    };
    if (options_.brokers.empty()) settings.erase(settings.begin());
    settings.insert(settings.end(), options_.properties.begin(), options_.properties.end());
    for (const auto &[name, value] : settings) {
      if (rd_kafka_conf_set(conf.get(), name.c_str(), value.c_str(), errstr, sizeof errstr) !=
          RD_KAFKA_CONF_OK) {
        error = "kafka forwarder: librdkafka refuses property '" + name + "': " + errstr;
        return nullptr;
      }
    }
    rd_kafka_conf_set_opaque(conf.get(), this);
    rd_kafka_conf_set_dr_msg_cb(conf.get(), &kafka_forwarder::on_delivery);
    owned<rd_kafka_t> rk(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr, sizeof errstr));
    if (!rk) {
      error = std::string("kafka forwarder: cannot create the producer: ") + errstr;
      return nullptr;
    }
    conf.release();  // rd_kafka_new took it
    return rk;
  }

  // Called from rd_kafka_poll()/rd_kafka_flush() on the sending thread.
  static void on_delivery(rd_kafka_t *, const rd_kafka_message_t *m, void *opaque) {
    auto *self = static_cast<kafka_forwarder *>(opaque);
    const auto seq = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(m->_private));
    delivery *d = self->find_delivery(seq);
    if (!d) return;  // settled already (known stored)
    // Purged by drain() because delivery_timeout passed: say so.
    d->err = m->err == RD_KAFKA_RESP_ERR__PURGE_QUEUE ? RD_KAFKA_RESP_ERR__MSG_TIMED_OUT : m->err;
    d->status = m->err ? state::failed : state::delivered;
    // A line that failed in flight may be stored all the same (the broker
    // took it, its answer came too late): only the partition can tell.
    if (m->err && rd_kafka_message_status(m) == RD_KAFKA_MSG_STATUS_POSSIBLY_PERSISTED)
      self->resync_ = true;
  }

  // A producer that hit a fatal error (e.g. fenced) is replaced. Lines it
  // had in flight may or may not have landed, so the partition's last key
  // says where to go on before anything is produced again.
  std::error_code ready() {
    if (!fatal_) return {};
    std::string error;
    owned<rd_kafka_t> fresh = make_producer(error);
    if (!fresh) return kafka_errc::producer_failed;
    deliveries_.clear();
    producer_ = std::move(fresh);
    fatal_ = false;
    warmed_ = false;
    resync_ = true;
    return {};
  }

  // Once nothing is in flight: what the partition holds replaces what this
  // run remembers. Single partition, in order: nothing above its last seq
  // is stored, whatever a report said.
  std::error_code resync() {
    std::uint64_t seq = 0;
    if (std::error_code ec = read_stored(seq)) return ec;
    known_stored_ = seq;
    deliveries_.clear();
    resync_ = false;
    return {};
  }

  // The seq in the key of the partition's last message; 0 when it is empty.
  std::error_code read_stored(std::uint64_t &seq) {
    seq = 0;
    detail::partition_read request;
    request.brokers = options_.brokers;
    request.topic = options_.topic;
    request.partition = options_.partition;
    request.last_only = true;
    request.timeout = options_.delivery_timeout;
    for (const auto &p : options_.properties)
      if (p.first != "test.mock.num.brokers") request.properties.push_back(p);
    // test.mock.num.brokers gives every client a cluster of its own; read
    // the producer's.
    if (rd_kafka_mock_cluster_t *mock = rd_kafka_handle_mock_cluster(producer_.get()))
      request.brokers = rd_kafka_mock_cluster_bootstraps(mock);

    std::vector<detail::kafka_message> last;
    std::string what;  // finer than the code, but the interface has no room for it
    if (std::error_code ec = detail::read_partition(request, last, what)) return ec;
    if (last.empty()) return {};
    const detail::kafka_message &m = last.back();
    if (!m.has_key || m.key.compare(0, key_prefix_.size(), key_prefix_) != 0)
      return kafka_errc::foreign_trail;
    const char *first = m.key.data() + key_prefix_.size();
    const char *end = m.key.data() + m.key.size();
    const auto parsed = std::from_chars(first, end, seq);
    if (first == end || parsed.ec != std::errc() || parsed.ptr != end) {
      seq = 0;
      return kafka_errc::bad_key;
    }
    return {};
  }

  // A producer learns a topic's partitions only once it produces to it,
  // and then waits for its next metadata refresh (a second) before the
  // first line goes out. Asking now, while the store is known to answer,
  // takes that wait out of the first batch. Best effort: produce() works
  // without it.
  void warm_up() {
    if (warmed_) return;
    rd_kafka_topic_t *topic = rd_kafka_topic_new(producer_.get(), options_.topic.c_str(), nullptr);
    if (!topic) return;
    const rd_kafka_metadata_t *metadata = nullptr;
    const auto wait = std::min<std::chrono::milliseconds>(options_.delivery_timeout, report_grace);
    if (rd_kafka_metadata(producer_.get(), 0, topic, &metadata, to_ms(wait)) ==
        RD_KAFKA_RESP_ERR_NO_ERROR) {
      warmed_ = true;
      rd_kafka_metadata_destroy(metadata);
    }
    rd_kafka_topic_destroy(topic);
  }

  std::error_code check_fatal() {
    char reason[512];
    const rd_kafka_resp_err_t err = rd_kafka_fatal_error(producer_.get(), reason, sizeof reason);
    if (!err) return {};
    fatal_ = true;
    return kafka_error(err);
  }

  // Waits for the reports of earlier sends, so that no line can be in
  // flight twice and the order on the partition stays the order of seq.
  std::error_code settle(std::chrono::steady_clock::time_point deadline) {
    if (rd_kafka_outq_len(producer_.get()) == 0) return {};
    drain(deadline);
    if (std::error_code ec = check_fatal()) return ec;
    return rd_kafka_outq_len(producer_.get()) == 0 ? std::error_code()
                                                   : make_error_code(kafka_errc::still_in_flight);
  }

  // Waits for every report until `deadline`; then lines not yet sent are
  // purged (they fail at once and are produced again by a later send: they
  // cannot be stored) and those in flight get report_grace more.
  void drain(std::chrono::steady_clock::time_point deadline) {
    rd_kafka_flush(producer_.get(), remaining_ms(deadline));
    if (rd_kafka_outq_len(producer_.get()) == 0) return;
    rd_kafka_purge(producer_.get(), RD_KAFKA_PURGE_F_QUEUE);
    rd_kafka_flush(producer_.get(), to_ms(report_grace));
  }

  bool stored(std::uint64_t seq) const {
    if (seq <= known_stored_) return true;
    const delivery *d = find_delivery(seq);
    return d && d->status == state::delivered;
  }

  std::error_code produce(const std::vector<sealed_line> &batch,
                          std::chrono::steady_clock::time_point deadline) {
    // Lines already stored (known, or delivered after an earlier send gave
    // up waiting) are skipped only as a prefix: producing one again after a
    // later one would break the order.
    std::size_t first = 0;
    while (first < batch.size() && stored(batch[first].seq)) ++first;
    if (first == batch.size()) return {};
    reset_deliveries_from(batch[first].seq);

    std::string key = key_prefix_;
    char digits[24];
    for (std::size_t i = first; i < batch.size(); ++i) {
      const sealed_line &line = batch[i];
      // Key and header carry the seq's digits; formatted once, no allocation.
      const auto end = std::to_chars(digits, digits + sizeof digits, line.seq).ptr;
      const std::string_view seq(digits, static_cast<std::size_t>(end - digits));
      key.resize(key_prefix_.size());
      key.append(seq);
      deliveries_.push_back(delivery{});
      for (;;) {
        const rd_kafka_resp_err_t err = rd_kafka_producev(
            producer_.get(), RD_KAFKA_V_TOPIC(options_.topic.c_str()),
            RD_KAFKA_V_PARTITION(options_.partition), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_KEY(key.data(), key.size()),
            RD_KAFKA_V_VALUE(const_cast<char *>(line.line.data()), line.line.size()),
            RD_KAFKA_V_HEADER("trailguard-trail", options_.trail_id.data(),
                              static_cast<ssize_t>(options_.trail_id.size())),
            RD_KAFKA_V_HEADER("trailguard-seq", seq.data(), static_cast<ssize_t>(seq.size())),
            RD_KAFKA_V_OPAQUE(reinterpret_cast<void *>(static_cast<std::uintptr_t>(line.seq))),
            RD_KAFKA_V_END);
        if (!err) break;
        if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL && remaining_ms(deadline) > 0) {
          rd_kafka_poll(producer_.get(), 100);  // serves reports, which frees room
          continue;
        }
        // Nothing after this line may go out before it does.
        deliveries_.back() = delivery{state::failed, err};
        drain(deadline);
        return kafka_error(err);
      }
    }
    drain(deadline);
    return {};
  }

  // What got through: the batch's stored prefix, and the error of the
  // first line that did not.
  std::error_code acknowledge(const std::vector<sealed_line> &batch, std::uint64_t &acked_through) {
    std::error_code result;
    for (const sealed_line &line : batch) {
      if (stored(line.seq)) {
        acked_through = line.seq;
        continue;
      }
      const delivery *d = find_delivery(line.seq);
      if (d && d->status == state::failed)
        result = kafka_error(d->err);
      else
        result = kafka_errc::still_in_flight;
      break;
    }
    if (acked_through > known_stored_) {
      known_stored_ = acked_through;
      while (!deliveries_.empty() && deliveries_first_ <= known_stored_) {
        deliveries_.pop_front();
        ++deliveries_first_;
      }
    }
    return result;
  }

  const kafka_options options_;
  const std::string key_prefix_;
  std::uint64_t known_stored_ = 0;
  // Reports of the lines above known_stored_ produced by this run: slot i
  // is seq deliveries_first_ + i. Seqs are produced in runs, so a table
  // rather than a map: no node to allocate and free per line.
  std::deque<delivery> deliveries_;
  std::uint64_t deliveries_first_ = 0;
  bool fatal_ = false;
  bool resync_ = false;  // read the partition's last key before producing
  bool warmed_ = false;  // the producer knows the topic's partitions
  // Last: destroyed first, while the members its callbacks touch still live.
  owned<rd_kafka_t> producer_;
};

}  // namespace

const std::error_category &kafka_category() noexcept {
  static const kafka_error_category category;
  return category;
}

std::unique_ptr<forwarder> open_kafka_forwarder(const kafka_options &options, std::string &error) {
  error = check_options(options);
  if (!error.empty()) return nullptr;
  auto f = std::make_unique<kafka_forwarder>(options);
  if (!f->open(error)) return nullptr;
  return f;
}

}  // namespace collector
}  // namespace trailguard
