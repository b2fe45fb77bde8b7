// Writes a sealed trail of the example shop's events (examples/events.yaml)
// through the real auditor, sealer and file sink, with a fixed clock, for
// the tests of trailguard-trail and the jq recipes (tests/runtime/trail):
// logins that fail from a few addresses, e-mail changes, orders, refunds.
// Run again on the same file, it appends and continues the chain.
#include <events.hpp>
#include <trailguard/audit.hpp>
#include <trailguard/sinks.hpp>
#include <trailguard/trail.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

using namespace trailguard;
namespace ev = shop::events;

int usage() {
  std::fprintf(stderr,
               "usage: sample-trail KEYDIR FILE ROUNDS [--first-round N] [--rotate-bytes N]\n"
               "                    [--start UNIX_SECONDS]\n"
               "Creates the keys in KEYDIR unless they exist, then appends ROUNDS rounds of\n"
               "six events each to FILE; the clock starts at --start (default\n"
               "2026-01-01T00:00:00Z plus a minute per round before --first-round) and\n"
               "advances a second at every reading.\n");
  return 2;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 4) return usage();
  const std::string keys = argv[1], out = argv[2];
  const int rounds = std::atoi(argv[3]);
  int first = 0;
  std::uint64_t rotate_bytes = 0;
  long long start = 1767225600;  // 2026-01-01T00:00:00Z
  for (int i = 4; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--first-round" && i + 1 < argc)
      first = std::atoi(argv[++i]);
    else if (arg == "--rotate-bytes" && i + 1 < argc)
      rotate_bytes = std::strtoull(argv[++i], nullptr, 10);
    else if (arg == "--start" && i + 1 < argc)
      start = std::atoll(argv[++i]);
    else
      return usage();
  }
  if (::access((keys + "/state.json").c_str(), F_OK) != 0) {
    std::string detail;
    if (const std::error_code ec = create_trail_keys(keys, &detail)) {
      std::fprintf(stderr, "sample-trail: %s: %s\n", detail.c_str(), ec.message().c_str());
      return 2;
    }
  }
  // A minute per round, a second per reading within it: the same times
  // whether the rounds are written in one run or several.
  auto tick = std::make_shared<long long>(0);
  auto round = std::make_shared<int>(first);
  auto clock = [tick, round, start] {
    return std::chrono::system_clock::time_point(
        std::chrono::seconds(start + 60LL * *round + (*tick)++ % 60));
  };
  trail_options options;
  options.state_file = keys + "/state.json";
  options.signing_key_file = keys + "/signing.pem";
  options.resume_file = out;
  options.checkpoint_every = 5;
  options.checkpoint_interval = std::chrono::hours(24);
  options.service = "shop";
  options.clock = clock;
  std::error_code ec;
  std::string detail;
  auto seal = open_trail_sealer(options, ec, &detail);
  if (!seal) {
    std::fprintf(stderr, "sample-trail: %s: %s\n", detail.c_str(), ec.message().c_str());
    return 2;
  }
  file_sink_options fo;
  fo.sync = fsync_policy::never;
  fo.rotate_bytes = rotate_bytes;
  auto file = open_file_sink(out, fo, ec);
  if (!file) {
    std::fprintf(stderr, "sample-trail: %s: %s\n", out.c_str(), ec.message().c_str());
    return 2;
  }
  auditor_options ao;
  ao.service = "shop";
  ao.clock = clock;
  auditor audit(ao);
  sink_options so;
  so.seal = seal;
  audit.add_sink(file, so);

  bool ok = true;
  auto emit = [&](const auto &event, const context &ctx) {
    const emit_result r = audit.emit(event, ctx);
    if (!r) {
      std::fprintf(stderr, "sample-trail: %s\n", r.message().c_str());
      ok = false;
    }
  };
  for (int n = first; n < first + rounds && ok; ++n) {
    *round = n;
    *tick = 0;
    const std::string r = std::to_string(n);
    // Someone guesses passwords from two addresses; alice mistypes once.
    const std::string guesser = n % 2 ? "198.51.100.23" : "198.51.100.77";
    emit(ev::AuthnLoginFailure("admin", 3 + n), {"", actor_type::user, "", guesser, "req-" + r + "-1"});
    emit(ev::AuthnLoginFailure("alice", 1), {"", actor_type::user, "", "203.0.113.7", "req-" + r + "-2"});
    emit(ev::AuthnLoginSuccess("alice", ev::AuthnLoginSuccess::Method::password),
         {"42", actor_type::user, "", "203.0.113.7", "req-" + r + "-3"});
    emit(ev::AccountEmailChanged(42, "alice" + r + "@example.com", "alice" + r + "@example.org"),
         {"42", actor_type::user, "sess-" + r, "203.0.113.7", "req-" + r + "-4"});
    emit(ev::OrderPlaced(1000 + n, 42, 1, 1999), {"42", actor_type::user, "sess-" + r, "203.0.113.7", "req-" + r + "-5"});
    ev::OrderRefunded refund(1000 + n, 1999);
    refund.reason = "damaged";
    emit(refund, {"support-7", actor_type::service, "", "10.0.0.5", "req-" + r + "-6"});
  }
  if (!ok) return 1;
  if (audit.close()) return 1;
  return 0;
}
