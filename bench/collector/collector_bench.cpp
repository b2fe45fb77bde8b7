// Events per second from N concurrent writers: straight into a sealed trail
// file (the baseline), then through trailguard-collector into its trail,
// measured in the same run with the same fsync policy. With --forward-wait
// it also times how long the collector's forwarders take to hand every line
// to their store (Kafka, PostgreSQL), by watching their cursor files.
//   collector-bench --collector BIN --schema YAML --dir DIR [--writers N]
//                   [--events M] [--fsync every_event|never] [--extra-config FILE]
#include <events.hpp>
#include <trailguard/audit.hpp>
#include <trailguard/sinks.hpp>
#include <trailguard/trail.hpp>

#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using Order = bench::audit::OrderPlaced;
using seconds_d = std::chrono::duration<double>;

[[noreturn]] void die(const std::string &message) {
  std::fprintf(stderr, "collector-bench: %s\n", message.c_str());
  std::exit(2);
}

Order make_order(int i) {
  return Order("ord-" + std::to_string(i), "cust-77", std::string(200, 'n'), 129900, 3, false, 0.75,
               std::chrono::system_clock::now(), std::chrono::milliseconds(12), Order::Channel::web);
}

// User + sys seconds of `who` (this process, or its waited-for children).
double cpu_seconds(int who) {
  rusage usage{};
  ::getrusage(who, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}
double process_cpu() { return cpu_seconds(RUSAGE_SELF); }

const trailguard::context request{"u-42", trailguard::actor_type::user, "s-9", "203.0.113.9", "req-1"};

// Runs one thread per auditor (the same auditor may come more than once),
// each emitting `events` events; returns events per second over all. With
// `flush`, a writer's time includes waiting for the collector to
// acknowledge its last events (the sink's in-flight window).
double run_writers(const std::vector<trailguard::auditor *> &auditors, int events,
                   bool flush = false, double *cpu = nullptr) {
  const double cpu_before = cpu ? process_cpu() : 0;
  std::atomic<long> failed{0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (trailguard::auditor *audit : auditors)
    threads.emplace_back([&failed, audit, events, flush] {
      for (int i = 0; i < events; ++i)
        if (!audit->emit(make_order(i), request).ok()) ++failed;
      if (flush && audit->flush()) ++failed;
    });
  for (auto &t : threads) t.join();
  const double elapsed = seconds_d(std::chrono::steady_clock::now() - start).count();
  if (failed) die(std::to_string(failed.load()) + " events failed");
  if (cpu) *cpu = process_cpu() - cpu_before;
  return static_cast<double>(auditors.size()) * events / elapsed;
}

std::uint64_t cursor_of(const fs::path &file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  const auto j = nlohmann::json::parse(text.str(), nullptr, false);
  return j.is_object() && j.contains("seq") ? j["seq"].get<std::uint64_t>() : 0;
}

}  // namespace

int main(int argc, char **argv) {
  std::string collector, schema, dir, fsync = "every_event", extra;
  int writers = 4, events = 2000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--collector") collector = value;
    else if (flag == "--schema") schema = value;
    else if (flag == "--dir") dir = value;
    else if (flag == "--writers") writers = std::atoi(value.c_str());
    else if (flag == "--events") events = std::atoi(value.c_str());
    else if (flag == "--fsync") fsync = value;
    else if (flag == "--extra-config") extra = value;
    else die("unknown option " + flag);
  }
  if (collector.empty() || schema.empty() || dir.empty() || writers < 1 || events < 1)
    die("usage: collector-bench --collector BIN --schema YAML --dir DIR [--writers N] [--events M] "
        "[--fsync every_event|never] [--extra-config FILE]");
  fs::remove_all(dir);
  fs::create_directories(dir + "/direct/keys");
  const auto policy = fsync == "never" ? trailguard::fsync_policy::never : trailguard::fsync_policy::every_event;

  // The baseline: one application, one sealed file sink, `writers` threads.
  double direct;
  {
    if (trailguard::create_trail_keys(dir + "/direct/keys")) die("cannot create trail keys");
    trailguard::trail_options t;
    t.state_file = dir + "/direct/keys/state.json";
    t.signing_key_file = dir + "/direct/keys/signing.pem";
    t.service = "bench";
    std::error_code ec;
    trailguard::sink_options sealed;
    sealed.seal = trailguard::open_trail_sealer(t, ec);
    trailguard::file_sink_options fo;
    fo.sync = policy;
    auto file = trailguard::open_file_sink(dir + "/direct/trail.jsonl", fo, ec);
    if (!sealed.seal || !file) die("cannot open the direct trail: " + ec.message());
    trailguard::auditor shared;
    shared.add_sink(file, sealed);
    direct = run_writers(std::vector<trailguard::auditor *>(static_cast<std::size_t>(writers), &shared), events);
  }

  // The collector: its own process and keys; each writer is an application
  // with its own connection.
  const std::string cdir = dir + "/collector";
  fs::create_directories(cdir);
  {
    std::ofstream config(cdir + "/collector.yaml");
    config << "socket: " << cdir << "/collector.sock\n"
           << "schemas: [" << schema << "]\n"
           << "service: bench-collector\n"
           << "trail:\n  path: " << cdir << "/trail.jsonl\n  keys: " << cdir << "/keys\n"
           << "  fsync: " << fsync << "\n"
           << "state_dir: " << cdir << "\n";
    if (!extra.empty()) {
      std::ifstream more(extra);
      config << more.rdbuf();
    }
  }
  const pid_t child = ::fork();
  if (child == 0) {
    ::execl(collector.c_str(), collector.c_str(), "--config", (cdir + "/collector.yaml").c_str(),
            static_cast<char *>(nullptr));
    std::perror("exec trailguard-collector");
    std::_Exit(127);
  }
  std::vector<std::unique_ptr<trailguard::auditor>> apps;
  for (int tries = 0; tries < 600 && !fs::exists(cdir + "/collector.sock"); ++tries)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::vector<trailguard::auditor *> writers_through;
  for (int w = 0; w < writers; ++w) {
    std::error_code ec;
    auto sink = trailguard::open_collector_sink(cdir + "/collector.sock", {}, ec);
    if (!sink) {
      ::kill(child, SIGTERM);
      die("cannot connect to the collector: " + ec.message());
    }
    apps.push_back(std::make_unique<trailguard::auditor>());
    apps.back()->add_sink(sink);
    writers_through.push_back(apps.back().get());
  }
  const auto started = std::chrono::steady_clock::now();
  double writers_cpu = 0;
  const double through = run_writers(writers_through, events, true, &writers_cpu);
  const double accepted_at = seconds_d(std::chrono::steady_clock::now() - started).count();

  // Forwarders: wait until every cursor file reaches the trail's last line.
  std::vector<std::pair<std::string, double>> forwarded;
  const std::uint64_t total = static_cast<std::uint64_t>(writers) * static_cast<std::uint64_t>(events);
  std::vector<fs::path> cursors;
  for (int tries = 0; tries < 50; ++tries) {
    cursors.clear();
    for (const auto &entry : fs::directory_iterator(cdir))
      if (entry.path().extension() == ".cursor") cursors.push_back(entry.path());
    if (!cursors.empty() || extra.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (const auto &cursor : cursors) {
    // The trail's own records (checkpoints) are forwarded too: at least
    // `total` lines.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(10);
    while (cursor_of(cursor) < total && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (cursor_of(cursor) < total) die(cursor.string() + " did not reach " + std::to_string(total));
    const double at = seconds_d(std::chrono::steady_clock::now() - started).count();
    forwarded.emplace_back(cursor.stem().string(), static_cast<double>(total) / at);
  }
  apps.clear();
  ::kill(child, SIGTERM);
  int status = 0;
  ::waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) die("the collector did not exit cleanly");
  // The collector's own CPU (its only waited-for child), start to stop: on
  // shared cores a steadier figure than the rates, which the load moves.
  const double collector_cpu = cpu_seconds(RUSAGE_CHILDREN);

  std::printf("%d writers x %d events, fsync %s\n", writers, events, fsync.c_str());
  std::printf("  direct file sink (baseline)     %9.0f events/s\n", direct);
  std::printf("  through the collector           %9.0f events/s  (%.2fx the baseline; all %llu sealed and acknowledged after %.2f s)\n",
              through, through / direct, static_cast<unsigned long long>(total), accepted_at);
  for (const auto &[name, rate] : forwarded)
    std::printf("  through the collector into %-8s %7.0f events/s  (%.2fx the baseline, until the store acknowledged the last line)\n",
                name.c_str(), rate, rate / direct);
  std::printf("  collector process CPU           %9.2f us/event  (user + sys, %.2f s)\n",
              collector_cpu * 1e6 / static_cast<double>(total), collector_cpu);
  // The writers' side: making, encoding and sending the events and
  // reading the replies (all writer threads, until the last was answered).
  std::printf("  writers' CPU                    %9.2f us/event  (user + sys, %.2f s)\n",
              writers_cpu * 1e6 / static_cast<double>(total), writers_cpu);
  return 0;
}
