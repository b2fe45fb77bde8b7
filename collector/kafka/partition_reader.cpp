// Reading back one partition with librdkafka's simple (group-less) consumer,
// so that a read never joins, commits to, or disturbs a consumer group.
#include "partition_reader.hpp"

#include <trailguard/collector/kafka.hpp>

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <memory>

namespace trailguard {
namespace collector {
namespace detail {
namespace {

struct handle_deleter {
  void operator()(rd_kafka_t *rk) const { rd_kafka_destroy(rk); }
  void operator()(rd_kafka_conf_t *conf) const { rd_kafka_conf_destroy(conf); }
  void operator()(rd_kafka_topic_t *rkt) const { rd_kafka_topic_destroy(rkt); }
  void operator()(rd_kafka_message_t *m) const { rd_kafka_message_destroy(m); }
};
template <typename T> using owned = std::unique_ptr<T, handle_deleter>;

std::error_code kafka_error(rd_kafka_resp_err_t err) {
  return {static_cast<int>(err), kafka_category()};
}

int remaining_ms(std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::max<std::int64_t>(0, left.count()));
}

kafka_message copy_message(const rd_kafka_message_t &m) {
  kafka_message out;
  out.offset = m.offset;
  if (m.key) {
    out.has_key = true;
    out.key.assign(static_cast<const char *>(m.key), m.key_len);
  }
  if (m.payload) out.value.assign(static_cast<const char *>(m.payload), m.len);
  rd_kafka_headers_t *headers = nullptr;
  // The message keeps ownership of its headers.
  if (rd_kafka_message_headers(&m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR && headers) {
    const char *name = nullptr;
    const void *value = nullptr;
    std::size_t size = 0;
    for (std::size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) ==
                            RD_KAFKA_RESP_ERR_NO_ERROR;
         ++i)
      out.headers.emplace_back(name, value ? std::string(static_cast<const char *>(value), size)
                                           : std::string());
  }
  return out;
}

}  // namespace

std::error_code read_partition(const partition_read &request, std::vector<kafka_message> &out,
                               std::string &detail) {
  out.clear();
  const auto deadline = std::chrono::steady_clock::now() + request.timeout;
  const std::string where = request.topic + "[" + std::to_string(request.partition) + "]";
  char errstr[512];
  owned<rd_kafka_conf_t> conf(rd_kafka_conf_new());
  std::vector<std::pair<std::string, std::string>> settings = {
      {"bootstrap.servers", request.brokers},
      // The reader only reads; nothing it does should show up in a group.
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      {"enable.partition.eof", "true"},
  };
  settings.insert(settings.end(), request.properties.begin(), request.properties.end());
  for (const auto &[name, value] : settings) {
    if (rd_kafka_conf_set(conf.get(), name.c_str(), value.c_str(), errstr, sizeof errstr) !=
        RD_KAFKA_CONF_OK) {
      detail = "kafka consumer setting '" + name + "': " + errstr;
      return kafka_error(RD_KAFKA_RESP_ERR__INVALID_ARG);
    }
  }
  owned<rd_kafka_t> rk(rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), errstr, sizeof errstr));
  if (!rk) {
    detail = std::string("cannot create a kafka consumer: ") + errstr;
    return kafka_error(RD_KAFKA_RESP_ERR__INVALID_ARG);
  }
  conf.release();  // rd_kafka_new took it

  std::int64_t low = 0, high = 0;
  rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(
      rk.get(), request.topic.c_str(), request.partition, &low, &high,
      std::max(1, remaining_ms(deadline)));
  if (err) {
    detail = "cannot query the offsets of " + where + ": " + rd_kafka_err2str(err);
    return kafka_error(err);
  }
  if (high <= low) return {};
  const std::int64_t start = request.last_only ? high - 1 : low;

  owned<rd_kafka_topic_t> rkt(rd_kafka_topic_new(rk.get(), request.topic.c_str(), nullptr));
  if (!rkt || rd_kafka_consume_start(rkt.get(), request.partition, start) == -1) {
    err = rd_kafka_last_error();
    detail = "cannot start reading " + where + ": " + rd_kafka_err2str(err);
    return kafka_error(err);
  }
  std::error_code result;
  for (;;) {
    const int left = remaining_ms(deadline);
    if (left == 0) {
      detail = "timed out reading " + where + " up to offset " + std::to_string(high - 1);
      result = kafka_error(RD_KAFKA_RESP_ERR__TIMED_OUT);
      break;
    }
    owned<rd_kafka_message_t> m(rd_kafka_consume(rkt.get(), request.partition, std::min(left, 500)));
    if (!m) continue;  // nothing yet
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) break;
    if (m->err) {
      detail = "cannot read " + where + ": " + rd_kafka_message_errstr(m.get());
      result = kafka_error(m->err);
      break;
    }
    if (m->offset >= high) break;  // written after the read began
    out.push_back(copy_message(*m));
    if (m->offset == high - 1) break;
  }
  rd_kafka_consume_stop(rkt.get(), request.partition);
  return result;
}

}  // namespace detail
}  // namespace collector
}  // namespace trailguard
