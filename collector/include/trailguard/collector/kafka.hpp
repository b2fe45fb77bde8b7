// The Kafka forwarder: sealed lines of one trail, in order, to one partition
// of one topic through an idempotent producer (docs/collector-kafka.md).
#ifndef TRAILGUARD_COLLECTOR_KAFKA_HPP
#define TRAILGUARD_COLLECTOR_KAFKA_HPP

#include <trailguard/collector/forwarder.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace trailguard {
namespace collector {

struct kafka_options {
  std::string brokers;  // bootstrap.servers
  // One topic; each trail uses a single partition so its order holds.
  std::string topic;
  std::int32_t partition = 0;
  std::string trail_id;  // names the trail in keys and headers
  // Extra librdkafka settings (security.protocol, sasl.*, ssl.*,
  // test.mock.num.brokers ...). The forwarder's own guarantees
  // (enable.idempotence, acks, bootstrap.servers, message.timeout.ms) cannot
  // be overridden here.
  std::vector<std::pair<std::string, std::string>> properties;
  std::chrono::milliseconds delivery_timeout{30000};
};

// Null and `error` set (a clear message) when the options are invalid or
// librdkafka refuses them.
std::unique_ptr<forwarder> open_kafka_forwarder(const kafka_options &options, std::string &error);

// Errors of the forwarder's own beyond librdkafka's. Errors from librdkafka
// carry its rd_kafka_resp_err_t as value (negative: the client's, positive:
// the broker's) in kafka_category(), whose message() is librdkafka's text.
enum class kafka_errc {
  foreign_trail = 100001,  // the partition's last message is another trail's
  bad_key,                 // the partition's last message has this trail's prefix but no seq
  still_in_flight,         // delivery reports outstanding past the timeout
  producer_failed,         // librdkafka raised a fatal error; the producer is recreated
};
const std::error_category &kafka_category() noexcept;
inline std::error_code make_error_code(kafka_errc e) noexcept {
  return {static_cast<int>(e), kafka_category()};
}

}  // namespace collector
}  // namespace trailguard

namespace std {
template <> struct is_error_code_enum<trailguard::collector::kafka_errc> : true_type {};
}  // namespace std

#endif  // TRAILGUARD_COLLECTOR_KAFKA_HPP
