// Encoding one 10-field event: trailguard's auditor against building and
// dumping the same object with nlohmann::json, and against fmt and spdlog
// formatting the same fields with no escaping at all.
#include <events.hpp>
#include <trailguard/audit.hpp>
#include <trailguard/trail.hpp>

#include <benchmark/benchmark.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <new>
#include <unistd.h>

// Counts heap allocations, to show the hot path makes none after warm-up.
#include "count_allocations.hpp"

namespace {

using Order = bench::audit::OrderPlaced;

Order make_order() {
  return Order("ord-2026-000042", "cust-77", std::string(200, 'n'), 129900, 3, false, 0.75,
               std::chrono::system_clock::now(), std::chrono::milliseconds(12), Order::Channel::web);
}

const trailguard::context request{"u-42", trailguard::actor_type::user, "s-9", "203.0.113.9",
                                  "req-1"};

class null_sink final : public trailguard::sink {
 public:
  std::error_code write(std::string_view lines) override {
    benchmark::DoNotOptimize(lines.data());
    return {};
  }
  std::string name() const override { return "null"; }
};

void report_allocations(benchmark::State &state, long before) {
  state.counters["allocs/event"] = benchmark::Counter(
      static_cast<double>(allocations.load() - before) / static_cast<double>(state.iterations()));
}

void trailguard_emit(benchmark::State &state) {
  trailguard::auditor audit;
  audit.add_sink(std::make_shared<null_sink>());
  const Order order = make_order();
  for (int i = 0; i < 100; ++i) benchmark::DoNotOptimize(audit.emit(order, request).ok());
  const long before = allocations.load();
  for (auto _ : state) benchmark::DoNotOptimize(audit.emit(order, request).ok());
  report_allocations(state, before);
}
BENCHMARK(trailguard_emit);

// The encoder alone: the same event and context into a reused buffer, with
// no clock read, no lock and no sink (what emit() adds around it).
void trailguard_encode(benchmark::State &state) {
  const Order order = make_order();
  const auto now = std::chrono::system_clock::now();
  const trailguard::detail::field_policy policy;
  trailguard::detail::buffer out, scratch;
  // Warm-up: the buffer grows once, then keeps its storage.
  (void)trailguard::detail::encode_body(out, scratch, order, request, now, policy);
  const long before = allocations.load();
  for (auto _ : state) {
    out.clear();
    const auto r = trailguard::detail::encode_body(out, scratch, order, request, now, policy);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(out.data());
  }
  report_allocations(state, before);
}
BENCHMARK(trailguard_encode);

// Encode, chain and MAC: the sealer of a real trail, with checkpoints every
// state.range(0) records (0: none during the run, to see the per-line cost).
void trailguard_emit_sealed(benchmark::State &state) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("tg-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  if (trailguard::create_trail_keys(dir.string())) {
    state.SkipWithError("cannot create trail keys");
    return;
  }
  trailguard::trail_options options;
  options.state_file = (dir / "state.json").string();
  options.signing_key_file = (dir / "signing.pem").string();
  options.service = "bench";
  options.checkpoint_every = state.range(0) ? static_cast<std::uint64_t>(state.range(0)) : ~0ull;
  options.checkpoint_interval = std::chrono::hours(24);
  std::error_code ec;
  trailguard::sink_options sealed;
  sealed.seal = trailguard::open_trail_sealer(options, ec);
  if (ec) {
    state.SkipWithError("cannot open the sealer");
    return;
  }
  {
    trailguard::auditor audit;
    audit.add_sink(std::make_shared<null_sink>(), sealed);
    const Order order = make_order();
    for (int i = 0; i < 100; ++i) benchmark::DoNotOptimize(audit.emit(order, request).ok());
    const long before = allocations.load();
    for (auto _ : state) benchmark::DoNotOptimize(audit.emit(order, request).ok());
    report_allocations(state, before);
  }
  fs::remove_all(dir);
}
BENCHMARK(trailguard_emit_sealed)->Arg(0)->Arg(1000);

void nlohmann_json_dump(benchmark::State &state) {
  const Order order = make_order();
  const long before = allocations.load();
  for (auto _ : state) {
    nlohmann::json j;
    j["seq"] = 1;
    j["time"] = fmt::format("{:%FT%T}Z", order.placed_at);
    j["service"] = "bench";
    j["event"] = Order::event_name;
    j["version"] = "1.0";
    j["schema"] = Order::schema_hash;
    j["outcome"] = Order::outcome;
    j["context"] = {{"actor", request.actor},
                    {"actor_type", "user"},
                    {"session", request.session},
                    {"source_address", request.source_address},
                    {"request_id", request.request_id}};
    j["fields"] = {{"order_id", order.order_id},
                   {"customer_id", order.customer_id},
                   {"note", order.note},
                   {"amount_cents", order.amount_cents},
                   {"items", order.items},
                   {"gift", order.gift},
                   {"score", order.score},
                   {"placed_at", order.placed_at.time_since_epoch().count()},
                   {"took", order.took.count()},
                   {"channel", Order::to_string(order.channel)}};
    std::string line = j.dump();
    benchmark::DoNotOptimize(line.data());
  }
  report_allocations(state, before);
}
BENCHMARK(nlohmann_json_dump);

void fmt_format_to(benchmark::State &state) {
  const Order order = make_order();
  fmt::memory_buffer out;
  const long before = allocations.load();
  for (auto _ : state) {
    out.clear();
    fmt::format_to(std::back_inserter(out),
                   "seq=1 time={} service=bench event={} version=1.0 schema={} outcome={} "
                   "actor={} session={} source_address={} request_id={} order_id={} "
                   "customer_id={} note={} amount_cents={} items={} gift={} score={} "
                   "placed_at={} took={} channel={}\n",
                   order.placed_at, Order::event_name, Order::schema_hash, Order::outcome,
                   request.actor, request.session, request.source_address, request.request_id,
                   order.order_id, order.customer_id, order.note, order.amount_cents, order.items,
                   order.gift, order.score, order.placed_at.time_since_epoch().count(),
                   order.took.count(), Order::to_string(order.channel));
    benchmark::DoNotOptimize(out.data());
  }
  report_allocations(state, before);
}
BENCHMARK(fmt_format_to);

void spdlog_null_sink(benchmark::State &state) {
  auto logger = std::make_shared<spdlog::logger>("bench", std::make_shared<spdlog::sinks::null_sink_st>());
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%fZ %v");
  const Order order = make_order();
  const long before = allocations.load();
  for (auto _ : state)
    logger->info("event={} actor={} session={} source_address={} request_id={} order_id={} "
                 "customer_id={} note={} amount_cents={} items={} gift={} score={} placed_at={} "
                 "took={} channel={}",
                 Order::event_name, request.actor, request.session, request.source_address,
                 request.request_id, order.order_id, order.customer_id, order.note,
                 order.amount_cents, order.items, order.gift, order.score,
                 order.placed_at.time_since_epoch().count(), order.took.count(),
                 Order::to_string(order.channel));
  report_allocations(state, before);
}
BENCHMARK(spdlog_null_sink);

}  // namespace

BENCHMARK_MAIN();
