// An application for the end-to-end test: emits shop events through
// collector_sink, retrying each until the collector accepts it, and logs
// which were accepted ("ok <request id> <seq>") and each failure ("fail
// ..."). It emits at least COUNT events and goes on until STOP_FILE exists,
// so the test decides when it ends, not the machine's speed.
#include <shop.hpp>
#include <trailguard/audit.hpp>
#include <trailguard/sinks.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include <unistd.h>

int main(int argc, char **argv) {
  using namespace trailguard;
  using Login = shop::audit::AuthnLoginSuccess;
  if (argc != 6) {
    std::fprintf(stderr, "usage: collector-test-writer SOCKET ID COUNT LOG STOP_FILE\n");
    return 2;
  }
  const std::string socket = argv[1], id = argv[2];
  const long count = std::atol(argv[3]);
  std::FILE *log = std::fopen(argv[4], "w");
  if (!log) return 2;
  std::fprintf(log, "pid %ld\n", static_cast<long>(::getpid()));
  std::fflush(log);

  auditor audit;
  std::shared_ptr<collector_sink> sink;
  long failures = 0;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  const std::string stop_file = argv[5];
  long i = 0;
  for (; i < count || ::access(stop_file.c_str(), F_OK) != 0; ++i) {
    const std::string request = "w" + id + "-" + std::to_string(i);
    const context ctx{"user-" + id, actor_type::user, "s-" + id, "192.0.2.7", request};
    for (;;) {
      std::error_code ec;
      if (!sink) {
        // The collector may be down at startup too.
        sink = open_collector_sink(socket, {}, ec);
        if (sink) audit.add_sink(sink);
      }
      if (sink) {
        const emit_result r = audit.emit(Login("alice", Login::Method::password), ctx);
        if (r.ok()) break;
        std::fprintf(log, "fail %s %s\n", request.c_str(), r.message().c_str());
      } else {
        std::fprintf(log, "fail %s connect: %s\n", request.c_str(), ec.message().c_str());
      }
      std::fflush(log);
      ++failures;
      if (std::chrono::steady_clock::now() > give_up) return 1;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::fprintf(log, "ok %s %llu\n", request.c_str(),
                 static_cast<unsigned long long>(sink->last_seq()));
    std::fflush(log);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  std::fprintf(log, "done %ld %ld\n", i, failures);
  std::fclose(log);
  return 0;
}
