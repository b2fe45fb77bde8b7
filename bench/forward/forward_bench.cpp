// How fast one forwarder ships a trail that is already written: seals
// --events lines into a trail file, then times a forward_loop from its start
// until the store acknowledged the last line (Kafka through librdkafka's mock
// cluster, PostgreSQL through the server libpq's environment names), so the
// forwarder is measured without the collector in front of it.
//   forward-bench --dir DIR --store kafka|postgres [--events N] [--kafka-property NAME=VALUE]...
#include <events.hpp>
#include <trailguard/audit.hpp>
#include <trailguard/collector/forward.hpp>
#include <trailguard/collector/kafka.hpp>
#include <trailguard/collector/postgres.hpp>
#include <trailguard/sinks.hpp>
#include <trailguard/trail.hpp>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using Order = bench::audit::OrderPlaced;

[[noreturn]] void die(const std::string &message) {
  std::fprintf(stderr, "forward-bench: %s\n", message.c_str());
  std::exit(2);
}

// Seals `events` events into dir/trail.jsonl; returns the last seq (the
// trail's checkpoints are lines too).
std::uint64_t write_trail(const std::string &dir, int events) {
  fs::create_directories(dir + "/keys");
  if (trailguard::create_trail_keys(dir + "/keys")) die("cannot create trail keys");
  trailguard::trail_options t;
  t.state_file = dir + "/keys/state.json";
  t.signing_key_file = dir + "/keys/signing.pem";
  t.service = "bench";
  std::error_code ec;
  trailguard::sink_options sealed;
  sealed.seal = trailguard::open_trail_sealer(t, ec);
  trailguard::file_sink_options fo;
  fo.sync = trailguard::fsync_policy::never;
  auto file = trailguard::open_file_sink(dir + "/trail.jsonl", fo, ec);
  if (!sealed.seal || !file) die("cannot open the trail: " + ec.message());
  {
    trailguard::auditor audit;
    audit.add_sink(file, sealed);
    const trailguard::context request{"u-42", trailguard::actor_type::user, "s-9", "203.0.113.9",
                                      "req-1"};
    for (int i = 0; i < events; ++i) {
      const Order order("ord-" + std::to_string(i), "cust-77", std::string(200, 'n'), 129900, 3,
                        false, 0.75, std::chrono::system_clock::now(),
                        std::chrono::milliseconds(12), Order::Channel::web);
      if (!audit.emit(order, request).ok()) die("an event failed");
    }
  }
  file.reset();
  sealed.seal.reset();
  std::ifstream in(dir + "/trail.jsonl");
  std::uint64_t lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  return lines;
}

}  // namespace

int main(int argc, char **argv) {
  std::string dir, store;
  int events = 100000;
  std::vector<std::pair<std::string, std::string>> kafka_properties;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--dir") dir = value;
    else if (flag == "--store") store = value;
    else if (flag == "--events") events = std::atoi(value.c_str());
    else if (flag == "--kafka-property" && value.find('=') != std::string::npos)
      kafka_properties.emplace_back(value.substr(0, value.find('=')),
                                    value.substr(value.find('=') + 1));
    else die("unknown option " + flag);
  }
  if (dir.empty() || (store != "kafka" && store != "postgres") || events < 1)
    die("usage: forward-bench --dir DIR --store kafka|postgres [--events N] "
        "[--kafka-property NAME=VALUE]...");
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::uint64_t last = write_trail(dir, events);

  std::string error;
  std::unique_ptr<trailguard::collector::forwarder> target;
  if (store == "kafka") {
    trailguard::collector::kafka_options k;
    k.topic = "bench-audit";
    k.trail_id = "bench";
    k.properties = {{"test.mock.num.brokers", "3"}, {"log_level", "3"}};
    k.properties.insert(k.properties.end(), kafka_properties.begin(), kafka_properties.end());
    target = trailguard::collector::open_kafka_forwarder(k, error);
  } else {
    trailguard::collector::postgres_options p;
    // Not the collector run's "bench": bench/collector.sh runs this in the
    // same database after it, and a store that holds the trail already
    // acknowledges it without a row sent. conninfo: libpq's PGHOST, ...
    p.trail_id = "bench-alone";
    target = trailguard::collector::open_postgres_forwarder(p, error);
  }
  if (!target) die(error);
  trailguard::collector::forward_options o;
  o.trail_path = dir + "/trail.jsonl";
  o.cursor_file = dir + "/" + store + ".cursor";
  o.on_error = [](const std::string &message) { std::fprintf(stderr, "%s\n", message.c_str()); };
  trailguard::collector::forward_loop loop(std::move(target), o);
  // The process's CPU time over the forwarding alone (loop, librdkafka's
  // threads, the mock brokers), not the writing of the trail before it:
  // on a machine whose cores are shared, CPU per event is the figure that
  // says what the forwarder takes from the collector beside it.
  const auto cpu_now = [] {
    timespec t{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
  };
  const double cpu_started = cpu_now();
  const auto started = std::chrono::steady_clock::now();
  if (loop.start(&error)) die(error);
  // When the store first answered (stored_through(): connecting, and for
  // Kafka reading the partition's end) and when the first batch was in.
  double connected_at = 0, first_at = 0;
  const auto since = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  while (!loop.wait_for(last, std::chrono::milliseconds(2))) {
    const auto st = loop.stats();
    if (!connected_at && st.connected) connected_at = since();
    if (!first_at && st.cursor > 0) first_at = since();
    if (since() > 600) die("the store did not acknowledge it all");
  }
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const double cpu = cpu_now() - cpu_started;
  loop.stop();
  std::printf("  forwarder alone, a written trail into %-8s %8.0f events/s  (%llu lines in %.2f s;"
              " connected after %.2f s, first batch in after %.2f s; CPU %.2f us/event)\n",
              store.c_str(), static_cast<double>(last) / elapsed,
              static_cast<unsigned long long>(last), elapsed, connected_at, first_at,
              cpu * 1e6 / static_cast<double>(last));
  return 0;
}
