// The Kafka forwarder against librdkafka's mock cluster: real sealed lines
// (shop.yaml events through a sealed auditor) arrive once and in order, with
// their keys and headers, across a broker outage, injected produce errors
// and a collector restart.
#include "partition_reader.hpp"
#include "trail_verifier.hpp"

#include <shop.hpp>
#include <trailguard/audit.hpp>
#include <trailguard/collector/kafka.hpp>
#include <trailguard/sinks.hpp>
#include <trailguard/trail.hpp>

#include "test_trail.hpp"

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

using namespace trailguard;
using namespace trailguard::collector;
using Login = shop::audit::AuthnLoginSuccess;
namespace fs = std::filesystem;
namespace reader = trailguard::collector::detail;

const context request{"u-42", actor_type::user, "s-9", "203.0.113.9", "r-1"};
constexpr std::int16_t produce_api = 0;  // Kafka protocol ApiKey of Produce

class KafkaForwarder : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/trailguard-kafka-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir = tmpl;
    std::string detail;
    ASSERT_FALSE(create_trail_keys(dir.string(), &detail)) << detail;

    char errstr[512];
    host = rd_kafka_new(RD_KAFKA_PRODUCER, rd_kafka_conf_new(), errstr, sizeof errstr);
    ASSERT_NE(host, nullptr) << errstr;
    cluster = rd_kafka_mock_cluster_new(host, 1);
    ASSERT_NE(cluster, nullptr);
    bootstraps = rd_kafka_mock_cluster_bootstraps(cluster);
    ASSERT_FALSE(rd_kafka_mock_topic_create(cluster, "audit", 1, 1));
  }
  void TearDown() override {
    if (cluster) rd_kafka_mock_cluster_destroy(cluster);
    if (host) rd_kafka_destroy(host);
    fs::remove_all(dir);
  }

  // `events` logins sealed into a trail, and its final checkpoint.
  void write_trail(int events) {
    const trail_options to = test_trail_options(dir.string(), 1000);
    std::error_code ec;
    sink_options so;
    so.seal = open_trail_sealer(to, ec);
    ASSERT_TRUE(so.seal) << ec.message();
    auditor_options ao;
    ao.service = "shop";
    auditor a(ao);
    auto mem = std::make_shared<memory_sink>();
    a.add_sink(mem, so);
    for (int i = 0; i < events; ++i) {
      Login e("user-" + std::to_string(i), Login::Method::password);
      ASSERT_TRUE(a.emit(e, request).ok());
    }
    ASSERT_FALSE(a.close());
    lines = mem->lines();
    parsed.resize(lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
      ASSERT_TRUE(parse_sealed_line(lines[i], parsed[i])) << lines[i];
      ASSERT_EQ(parsed[i].seq, i + 1);
    }
  }

  // Lines first..last (seq, inclusive).
  std::vector<sealed_line> batch(std::uint64_t first, std::uint64_t last) const {
    return {parsed.begin() + (first - 1), parsed.begin() + last};
  }

  kafka_options options(const std::string &trail = "host-a") const {
    kafka_options o;
    o.brokers = bootstraps;
    o.topic = "audit";
    o.trail_id = trail;
    o.delivery_timeout = std::chrono::seconds(5);
    return o;
  }

  std::unique_ptr<forwarder> open(const kafka_options &o) {
    std::string error;
    auto f = open_kafka_forwarder(o, error);
    EXPECT_TRUE(f) << error;
    return f;
  }

  std::vector<reader::kafka_message> consume() {
    reader::partition_read r;
    r.brokers = bootstraps;
    r.topic = "audit";
    r.timeout = std::chrono::seconds(60);
    std::vector<reader::kafka_message> out;
    std::string what;
    EXPECT_FALSE(reader::read_partition(r, out, what)) << what;
    return out;
  }

  // The partition holds exactly lines 1..last, once each, in order, keyed
  // and labelled for `trail`.
  void expect_partition_holds(std::uint64_t last, const std::string &trail = "host-a") {
    const auto messages = consume();
    ASSERT_EQ(messages.size(), last);
    for (std::uint64_t seq = 1; seq <= last; ++seq) {
      const auto &m = messages[seq - 1];
      EXPECT_EQ(m.value, lines[seq - 1]) << "offset " << m.offset;
      EXPECT_TRUE(m.has_key);
      EXPECT_EQ(m.key, trail + "/" + std::to_string(seq));
      using header = std::pair<std::string, std::string>;
      EXPECT_EQ(m.headers, (std::vector<header>{{"trailguard-trail", trail},
                                                {"trailguard-seq", std::to_string(seq)}}));
    }
  }

  fs::path dir;
  rd_kafka_t *host = nullptr;
  rd_kafka_mock_cluster_t *cluster = nullptr;
  std::string bootstraps;
  std::vector<std::string> lines;
  std::vector<sealed_line> parsed;
};

TEST_F(KafkaForwarder, AllLinesArriveOnceInOrderWithKeysAndHeaders) {
  write_trail(20);
  ASSERT_EQ(lines.size(), 21u);  // 20 events and the closing checkpoint
  auto f = open(options());
  ASSERT_TRUE(f);
  EXPECT_EQ(f->name(), "kafka:audit");
  std::uint64_t stored = 99;
  ASSERT_FALSE(f->stored_through(stored));
  EXPECT_EQ(stored, 0u);

  std::uint64_t acked = 0;
  for (auto [first, last] : {std::pair{1, 7}, std::pair{8, 8}, std::pair{9, 21}}) {
    const std::error_code ec = f->send(batch(first, last), acked);
    ASSERT_FALSE(ec) << ec.message();
    EXPECT_EQ(acked, std::uint64_t(last));
  }
  expect_partition_holds(21);

  // What a consumer dumps from the partition is the trail: it verifies.
  std::string dumped;
  for (const auto &m : consume()) dumped += m.value + "\n";
  std::ifstream key_file(dir / "mac.key");
  std::stringstream key;
  key << key_file.rdbuf();
  verify::verify_keys keys;
  std::string error;
  ASSERT_TRUE(keys.set_mac_key(key.str(), error)) << error;
  const auto report = verify::verify_trail({{"audit.jsonl", dumped}}, keys, {});
  EXPECT_TRUE(report.intact()) << report.first_problem->what;
}

TEST_F(KafkaForwarder, BrokerDownFailsTheSendThenResumesWithoutDuplicatesOrGaps) {
  write_trail(12);
  kafka_options o = options();
  o.delivery_timeout = std::chrono::seconds(3);
  auto f = open(o);
  ASSERT_TRUE(f);
  std::uint64_t acked = 0;
  ASSERT_FALSE(f->send(batch(1, 5), acked));
  ASSERT_EQ(acked, 5u);

  ASSERT_FALSE(rd_kafka_mock_broker_set_down(cluster, 1));
  const std::error_code ec = f->send(batch(6, 13), acked);
  ASSERT_TRUE(ec) << "a send to a cluster that is down must fail";
  EXPECT_EQ(&ec.category(), &kafka_category());
  EXPECT_EQ(ec, std::error_code(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, kafka_category()))
      << ec.message();
  EXPECT_EQ(acked, 5u);  // nothing of the second batch can have got through

  ASSERT_FALSE(rd_kafka_mock_broker_set_up(cluster, 1));
  // The collector retries from what got through, as often as it takes.
  std::error_code retry;
  for (int attempt = 0; attempt < 20 && acked < 13; ++attempt) {
    retry = f->send(batch(acked + 1, 13), acked);
  }
  ASSERT_EQ(acked, 13u) << retry.message();
  expect_partition_holds(13);
}

// The mock refuses these requests without storing them, so this shows the
// producer retries them in order and send() waits it out; the broker-side
// deduplication of idempotence is not something the mock can provoke.
TEST_F(KafkaForwarder, RetriableProduceErrorsAreRetriedWithoutDuplicates) {
  write_trail(15);
  auto f = open(options());
  ASSERT_TRUE(f);
  rd_kafka_mock_push_request_errors(cluster, produce_api, 4,
                                    RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
                                    RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
                                    RD_KAFKA_RESP_ERR__TRANSPORT,
                                    RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS);
  std::uint64_t acked = 0;
  const std::error_code first = f->send(batch(1, 8), acked);
  ASSERT_FALSE(first) << first.message();
  EXPECT_EQ(acked, 8u);
  rd_kafka_mock_push_request_errors(cluster, produce_api, 2,
                                    RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND,
                                    RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS);
  const std::error_code second = f->send(batch(9, 16), acked);
  ASSERT_FALSE(second) << second.message();
  EXPECT_EQ(acked, 16u);
  expect_partition_holds(16);
}

// A fenced producer (INVALID_PRODUCER_EPOCH is fatal to librdkafka) is
// replaced; a sequence error only fails the batch. Either way the next send
// goes on from what got through, with nothing lost or stored twice.
TEST_F(KafkaForwarder, ProducerErrorsFailTheBatchAndTheNextSendRecovers) {
  write_trail(10);
  auto f = open(options());
  ASSERT_TRUE(f);
  std::uint64_t acked = 0;
  ASSERT_FALSE(f->send(batch(1, 2), acked));
  for (const auto err : {RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH,
                         RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER}) {
    const std::uint64_t before = acked;
    rd_kafka_mock_push_request_errors(cluster, produce_api, 1, err);
    const std::error_code ec = f->send(batch(acked + 1, acked + 4), acked);
    EXPECT_EQ(ec, std::error_code(err, kafka_category())) << ec.message();
    EXPECT_EQ(acked, before);
    const std::error_code again = f->send(batch(acked + 1, acked + 4), acked);
    ASSERT_FALSE(again) << again.message();
    EXPECT_EQ(acked, before + 4);
  }
  expect_partition_holds(10);
}

// The broker stores the batch but answers after the delivery timeout: the
// lines fail as "possibly persisted", and the forwarder must find out which
// landed before it produces them again.
TEST_F(KafkaForwarder, LinesThatTimedOutInFlightAreNotStoredTwice) {
  write_trail(8);
  kafka_options o = options();
  o.delivery_timeout = std::chrono::seconds(2);
  auto f = open(o);
  ASSERT_TRUE(f);
  std::uint64_t acked = 0;
  ASSERT_FALSE(f->send(batch(1, 2), acked));  // connected, producer id assigned
  ASSERT_FALSE(rd_kafka_mock_broker_push_request_error_rtts(
      cluster, 1, produce_api, 1, RD_KAFKA_RESP_ERR_NO_ERROR, 10000));
  const std::error_code ec = f->send(batch(3, 5), acked);
  EXPECT_EQ(ec, std::error_code(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, kafka_category()));
  EXPECT_EQ(acked, 2u);
  std::error_code retry;
  for (int attempt = 0; attempt < 20 && acked < 9; ++attempt) {
    retry = f->send(batch(acked + 1, 9), acked);
  }
  ASSERT_EQ(acked, 9u) << retry.message();
  expect_partition_holds(9);
}

TEST_F(KafkaForwarder, RestartedForwarderResumesFromWhatKafkaHolds) {
  write_trail(11);
  std::uint64_t acked = 0;
  {
    auto first_run = open(options());
    ASSERT_TRUE(first_run);
    ASSERT_FALSE(first_run->send(batch(1, 7), acked));
    ASSERT_EQ(acked, 7u);
  }
  // The previous run delivered 1..7 but its cursor may say less.
  auto f = open(options());
  ASSERT_TRUE(f);
  std::uint64_t stored = 0;
  const std::error_code ec = f->stored_through(stored);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(stored, 7u);
  // Lines it knows are stored are acknowledged, not produced again.
  ASSERT_FALSE(f->send(batch(3, 12), acked));
  EXPECT_EQ(acked, 12u);
  expect_partition_holds(12);
  ASSERT_FALSE(f->stored_through(stored));
  EXPECT_EQ(stored, 12u);
}

TEST_F(KafkaForwarder, StoredThroughFailsRatherThanGuessWhileTheBrokerIsDown) {
  write_trail(2);
  kafka_options o = options();
  o.delivery_timeout = std::chrono::seconds(2);
  auto f = open(o);
  ASSERT_TRUE(f);
  std::uint64_t acked = 0;
  ASSERT_FALSE(f->send(batch(1, 3), acked));
  ASSERT_FALSE(rd_kafka_mock_broker_set_down(cluster, 1));
  std::uint64_t stored = 42;
  const std::error_code ec = f->stored_through(stored);
  EXPECT_TRUE(ec) << "an unreachable store must not read as an empty one";
  EXPECT_EQ(&ec.category(), &kafka_category());
  EXPECT_EQ(stored, 0u);
}

TEST_F(KafkaForwarder, ABatchWithAGapIsRefusedAndAnEmptyOneAcknowledgesWhatIsKnown) {
  write_trail(4);
  auto f = open(options());
  ASSERT_TRUE(f);
  std::uint64_t acked = 0;
  ASSERT_FALSE(f->send(batch(1, 2), acked));
  std::vector<sealed_line> gap = {parsed[2], parsed[4]};
  EXPECT_EQ(f->send(gap, acked), std::make_error_code(std::errc::invalid_argument));
  EXPECT_EQ(acked, 2u);
  ASSERT_FALSE(f->send({}, acked));
  EXPECT_EQ(acked, 2u);
  expect_partition_holds(2);
}

// test.mock.num.brokers gives the producer a cluster of its own;
// stored_through() must read that one.
TEST_F(KafkaForwarder, ABuiltInMockClusterIsReadBack) {
  write_trail(3);
  kafka_options o = options();
  o.brokers.clear();
  o.properties = {{"test.mock.num.brokers", "1"}};
  auto f = open(o);
  ASSERT_TRUE(f);
  std::uint64_t acked = 0;
  const std::error_code ec = f->send(batch(1, 4), acked);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(acked, 4u);
  std::uint64_t stored = 0;
  ASSERT_FALSE(f->stored_through(stored));
  EXPECT_EQ(stored, 4u);
  EXPECT_TRUE(consume().empty());  // nothing went to the test's own cluster
}

TEST_F(KafkaForwarder, AnotherTrailsPartitionIsRefusedClearly) {
  write_trail(3);
  auto a = open(options("host-a"));
  ASSERT_TRUE(a);
  std::uint64_t acked = 0;
  ASSERT_FALSE(a->send(batch(1, 4), acked));

  auto b = open(options("host-b"));
  ASSERT_TRUE(b);
  std::uint64_t stored = 0;
  const std::error_code ec = b->stored_through(stored);
  EXPECT_EQ(ec, make_error_code(kafka_errc::foreign_trail));
  EXPECT_NE(ec.message().find("partition of its own"), std::string::npos) << ec.message();
  // A trail id that is a prefix of the other is still another trail.
  auto c = open(options("host"));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->stored_through(stored), make_error_code(kafka_errc::foreign_trail));
}

TEST_F(KafkaForwarder, BadOptionsGiveClearErrors) {
  struct bad_case {
    kafka_options options;
    std::string expected;
  };
  std::vector<bad_case> cases;
  auto with = [&](auto change, const std::string &expected) {
    kafka_options o = options();
    change(o);
    cases.push_back({o, expected});
  };
  with([](kafka_options &o) { o.brokers.clear(); }, "no brokers");
  with([](kafka_options &o) { o.topic.clear(); }, "no topic");
  with([](kafka_options &o) { o.topic = "audit events"; }, "not a legal Kafka topic");
  with([](kafka_options &o) { o.trail_id.clear(); }, "no trail_id");
  with([](kafka_options &o) { o.trail_id = "a/b"; }, "may not contain '/'");
  with([](kafka_options &o) { o.partition = -1; }, "negative");
  with([](kafka_options &o) { o.delivery_timeout = std::chrono::milliseconds(0); },
       "delivery_timeout");
  with([](kafka_options &o) { o.properties = {{"no.such.property", "1"}}; },
       "'no.such.property': No such configuration property");
  with([](kafka_options &o) { o.properties = {{"security.protocol", "carrier-pigeon"}}; },
       "'security.protocol'");
  with([](kafka_options &o) { o.properties = {{"acks", "1"}}; }, "acks=all");
  with([](kafka_options &o) { o.properties = {{"enable.idempotence", "false"}}; },
       "idempotent");
  for (const auto &c : cases) {
    std::string error;
    EXPECT_FALSE(open_kafka_forwarder(c.options, error));
    EXPECT_NE(error.find(c.expected), std::string::npos) << error;
    EXPECT_EQ(error.rfind("kafka forwarder: ", 0), 0u) << error;
  }
}

TEST_F(KafkaForwarder, ErrorMessagesCarryLibrdkafkasText) {
  const std::error_code ec(RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, kafka_category());
  EXPECT_EQ(ec.message(), std::string("kafka: ") +
                              rd_kafka_err2str(RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS) +
                              " (NOT_ENOUGH_REPLICAS)");
  EXPECT_STREQ(kafka_category().name(), "kafka");
}

}  // namespace
