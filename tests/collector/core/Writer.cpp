// An application for the end-to-end tests: emits shop events through
// collector_sink and logs what became of each. It emits at least COUNT
// events and goes on until STOP_FILE exists, so the test decides when it
// ends, not the machine's speed.
//  - WINDOW 1 (the default): each event is retried until the collector
//    accepts it; logs "ok <request id> <seq>" per accepted event and
//    "fail ..." per failed attempt.
//  - WINDOW N > 1: up to N events in flight; each request id is emitted
//    once. Logs "sent <id>" when emit() succeeded, "fail <id> ..." when it
//    failed and "lost <id> ..." when the sink reports an event it had sent
//    as never acknowledged. Acknowledged: sent and not lost, once the last
//    line ("done ...") is there. PAUSE_US: microseconds between events
//    (0: as fast as the window lets it; the load test paces its writers).
#include <shop.hpp>
#include <trailguard/audit.hpp>
#include <trailguard/sinks.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include <unistd.h>

namespace {

// The request id in an unsealed line, which the writer made unique.
std::string request_of(const std::string &line) {
  const std::string key = "\"request_id\":\"";
  const std::size_t at = line.find(key);
  if (at == std::string::npos) return "?";
  const std::size_t from = at + key.size();
  return line.substr(from, line.find('"', from) - from);
}

}  // namespace

int main(int argc, char **argv) {
  using namespace trailguard;
  using Login = shop::audit::AuthnLoginSuccess;
  if (argc < 6 || argc > 8) {
    std::fprintf(stderr,
                 "usage: collector-test-writer SOCKET ID COUNT LOG STOP_FILE [WINDOW [PAUSE_US]]\n");
    return 2;
  }
  const std::string socket = argv[1], id = argv[2];
  const long count = std::atol(argv[3]);
  const long window = argc >= 7 ? std::atol(argv[6]) : 1;
  const long pause_us = argc == 8 ? std::atol(argv[7]) : 0;
  std::FILE *log = std::fopen(argv[4], "w");
  if (!log || window < 1) return 2;
  std::fprintf(log, "pid %ld\n", static_cast<long>(::getpid()));
  std::fflush(log);

  collector_sink_options options;
  options.max_in_flight = static_cast<std::size_t>(window);
  options.on_lost = [log](const std::string &line, const std::string &reason) {
    std::fprintf(log, "lost %s %s\n", request_of(line).c_str(), reason.c_str());
    std::fflush(log);
  };
  auditor audit;
  std::shared_ptr<collector_sink> sink;
  long failures = 0;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  const std::string stop_file = argv[5];
  long i = 0;
  for (; i < count || ::access(stop_file.c_str(), F_OK) != 0; ++i) {
    const std::string request = "w" + id + "-" + std::to_string(i);
    const context ctx{"user-" + id, actor_type::user, "s-" + id, "192.0.2.7", request};
    bool sent = false;
    for (;;) {
      std::error_code ec;
      if (!sink) {
        // The collector may be down at startup too.
        sink = open_collector_sink(socket, options, ec);
        if (sink) audit.add_sink(sink);
      }
      if (sink) {
        const emit_result r = audit.emit(Login("alice", Login::Method::password), ctx);
        if ((sent = r.ok())) break;
        std::fprintf(log, "fail %s %s\n", request.c_str(), r.message().c_str());
      } else {
        std::fprintf(log, "fail %s connect: %s\n", request.c_str(), ec.message().c_str());
      }
      std::fflush(log);
      ++failures;
      if (std::chrono::steady_clock::now() > give_up) return 1;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (window > 1) break;  // a new request id: a failed one may be in the trail
    }
    if (window > 1) {
      if (sent) std::fprintf(log, "sent %s\n", request.c_str());
      if (pause_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(pause_us));
      continue;
    }
    std::fprintf(log, "ok %s %llu\n", request.c_str(),
                 static_cast<unsigned long long>(sink->last_seq()));
    std::fflush(log);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  // The events still in flight: acknowledged, or logged as lost.
  if (sink && audit.flush()) ++failures;
  std::fprintf(log, "done %ld %ld\n", i, failures);
  std::fclose(log);
  return 0;
}
