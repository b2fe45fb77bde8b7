// kafka-mock: a librdkafka mock cluster in a process of its own, driven over
// stdin, so end-to-end tests and `./dev demo` can run the collector's Kafka
// forwarder without a real cluster.
//
//   kafka-mock --topic T [--brokers N] [--partitions P]
// prints the bootstrap servers as its first line, then reads commands, one
// a line, and answers each:
//   down <id> | up <id>   a broker stops / resumes taking connections  -> ok
//   produce <value>       appends a message (no key) to partition 0     -> ok
//   dump                  every message value of partition 0, in offset
//                         order, one a line, then `end` (a line
//                         `error <what>` before `end` if the read failed)
//   quit                  (or end of input) stops the cluster
// A command it cannot run answers `error <what>`.
#include "partition_reader.hpp"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace {

using trailguard::collector::detail::kafka_message;
using trailguard::collector::detail::partition_read;

struct options {
  int brokers = 1;
  int partitions = 1;
  std::string topic;
};

int usage(const std::string &problem) {
  std::cerr << "kafka-mock: " << problem
            << "\nusage: kafka-mock --topic T [--brokers N] [--partitions P]\n";
  return 2;
}

bool to_int(const std::string &text, int &out) {
  const char *end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, out);
  return !text.empty() && r.ec == std::errc() && r.ptr == end;
}

struct rk_deleter {
  void operator()(rd_kafka_t *rk) const { rd_kafka_destroy(rk); }
};
using owned_rk = std::unique_ptr<rd_kafka_t, rk_deleter>;

// The outcome of the last `produce`, from its delivery report.
rd_kafka_resp_err_t produced = RD_KAFKA_RESP_ERR_NO_ERROR;
void on_delivery(rd_kafka_t *, const rd_kafka_message_t *m, void *) { produced = m->err; }

owned_rk new_client(rd_kafka_type_t type,
                    const std::vector<std::pair<std::string, std::string>> &settings,
                    std::string &error) {
  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  for (const auto &[name, value] : settings) {
    if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), errstr, sizeof errstr) !=
        RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      error = errstr;
      return nullptr;
    }
  }
  if (type == RD_KAFKA_PRODUCER) rd_kafka_conf_set_dr_msg_cb(conf, &on_delivery);
  rd_kafka_t *rk = rd_kafka_new(type, conf, errstr, sizeof errstr);
  if (!rk) {
    rd_kafka_conf_destroy(conf);
    error = errstr;
  }
  return owned_rk(rk);
}

void answer(const std::string &line) {
  std::cout << line << '\n' << std::flush;
}

}  // namespace

int main(int argc, char **argv) {
  options opt;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return usage("missing value after " + arg);
    const std::string value = argv[++i];
    if (arg == "--topic") {
      opt.topic = value;
    } else if (arg == "--brokers") {
      if (!to_int(value, opt.brokers) || opt.brokers < 1 || opt.brokers > 32)
        return usage("--brokers wants 1 to 32, not '" + value + "'");
    } else if (arg == "--partitions") {
      if (!to_int(value, opt.partitions) || opt.partitions < 1 || opt.partitions > 1000)
        return usage("--partitions wants 1 to 1000, not '" + value + "'");
    } else {
      return usage("unknown option " + arg);
    }
  }
  if (opt.topic.empty()) return usage("--topic is required");

  std::string error;
  // The mock cluster lives inside a client handle for its book keeping.
  // It never connects anywhere: no notice about missing bootstrap servers.
  owned_rk host = new_client(RD_KAFKA_PRODUCER, {{"log_level", "4"}}, error);
  if (!host) return usage("cannot create a librdkafka handle: " + error);
  rd_kafka_mock_cluster_t *cluster = rd_kafka_mock_cluster_new(host.get(), opt.brokers);
  if (!cluster) return usage("cannot create the mock cluster");
  const std::string bootstraps = rd_kafka_mock_cluster_bootstraps(cluster);
  const rd_kafka_resp_err_t created = rd_kafka_mock_topic_create(
      cluster, opt.topic.c_str(), opt.partitions, std::min(opt.brokers, 3));
  if (created) {
    rd_kafka_mock_cluster_destroy(cluster);
    return usage("cannot create topic '" + opt.topic + "': " + rd_kafka_err2str(created));
  }
  answer(bootstraps);

  owned_rk producer;  // made at the first `produce`
  for (std::string line; std::getline(std::cin, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t space = line.find(' ');
    const std::string command = line.substr(0, space);
    const std::string arg = space == std::string::npos ? "" : line.substr(space + 1);
    if (command == "quit") break;
    if (command.empty()) continue;
    if (command == "down" || command == "up") {
      int id = 0;
      if (!to_int(arg, id) || id < 1 || id > opt.brokers) {
        answer("error broker id must be 1 to " + std::to_string(opt.brokers) + ", not '" + arg +
               "'");
        continue;
      }
      const rd_kafka_resp_err_t err = command == "down"
                                          ? rd_kafka_mock_broker_set_down(cluster, id)
                                          : rd_kafka_mock_broker_set_up(cluster, id);
      answer(err ? std::string("error ") + rd_kafka_err2str(err) : std::string("ok"));
    } else if (command == "produce") {
      if (!producer && !(producer = new_client(RD_KAFKA_PRODUCER,
                                               {{"bootstrap.servers", bootstraps},
                                                {"message.timeout.ms", "10000"}},
                                               error))) {
        answer("error cannot create a producer: " + error);
        continue;
      }
      produced = RD_KAFKA_RESP_ERR_NO_ERROR;
      rd_kafka_resp_err_t err = rd_kafka_producev(
          producer.get(), RD_KAFKA_V_TOPIC(opt.topic.c_str()), RD_KAFKA_V_PARTITION(0),
          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
          RD_KAFKA_V_VALUE(const_cast<char *>(arg.data()), arg.size()), RD_KAFKA_V_END);
      // The report comes within message.timeout.ms, plus the seconds
      // librdkafka may take to notice while brokers are down.
      if (!err) err = rd_kafka_flush(producer.get(), 60000);
      if (!err) err = produced;
      answer(err ? std::string("error ") + rd_kafka_err2str(err) : std::string("ok"));
    } else if (command == "dump") {
      partition_read request;
      request.brokers = bootstraps;
      request.topic = opt.topic;
      request.partition = 0;
      request.timeout = std::chrono::seconds(10);
      std::vector<kafka_message> messages;
      std::string detail;
      const std::error_code ec = trailguard::collector::detail::read_partition(request, messages,
                                                                               detail);
      for (const kafka_message &m : messages) std::cout << m.value << '\n';
      if (ec) std::cout << "error " << detail << '\n';
      answer("end");
    } else {
      answer("error unknown command '" + command + "' (down, up, produce, dump, quit)");
    }
  }
  producer.reset();
  rd_kafka_mock_cluster_destroy(cluster);
  return 0;
}
