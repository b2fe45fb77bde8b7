// Reading back one partition of a topic with a short-lived consumer: the
// forwarder's last stored message, and the kafka-mock test tool's dump.
#ifndef TRAILGUARD_COLLECTOR_KAFKA_PARTITION_READER_HPP
#define TRAILGUARD_COLLECTOR_KAFKA_PARTITION_READER_HPP

#include <chrono>
#include <cstdint>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace trailguard {
namespace collector {
namespace detail {

struct kafka_message {
  std::int64_t offset = 0;
  bool has_key = false;
  std::string key;
  std::string value;
  std::vector<std::pair<std::string, std::string>> headers;
};

struct partition_read {
  std::string brokers;
  std::string topic;
  std::int32_t partition = 0;
  // librdkafka settings for the consumer (security, ...), applied after
  // bootstrap.servers.
  std::vector<std::pair<std::string, std::string>> properties;
  // true: only the partition's last message; false: all of it.
  bool last_only = false;
  std::chrono::milliseconds timeout{30000};
};

// The messages up to the high watermark as it was when the read began, in
// offset order. On error `detail` says what failed; the code is in
// kafka_category().
std::error_code read_partition(const partition_read &request, std::vector<kafka_message> &out,
                               std::string &detail);

}  // namespace detail
}  // namespace collector
}  // namespace trailguard

#endif  // TRAILGUARD_COLLECTOR_KAFKA_PARTITION_READER_HPP
