// Entry point of the example shop service: one login, one order, audited
// through the trailguard runtime into a tamper-evident trail (`--trail DIR`,
// default ./shop-trail) or through trailguard-collector (`--collector
// SOCKET`), with a redacted copy of each event on stdout.
#include "audit.hpp"
#include "model.hpp"

#include <trailguard/sinks.hpp>
#include <trailguard/trail.hpp>

#include <spdlog/spdlog.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace shop {
bool check_password(account& a, const login_request& req);
void log_request(const login_request& req);
void log_account(const account& a);
void change_email(account& a, const std::string& new_email);
session_token new_session(const account& a);
void end_session(const account& a, const session_token& t);
void place_order(const account& a, const order& o);

trailguard::auditor& audit_trail() {
  static trailguard::auditor auditor([] {
    trailguard::auditor_options options;
    options.service = "shop";
    options.error_handler = [](const std::string& m) { spdlog::error("audit: {}", m); };
    return options;
  }());
  return auditor;
}
}  // namespace shop

namespace {

// The full trail in DIR/audit.jsonl, sealed with the keys in DIR/keys (made
// on first use; a real deployment keeps mac.key off this host), and every
// event again on stdout with restricted and sensitive fields redacted.
bool open_trail(const std::string& dir) {
  namespace fs = std::filesystem;
  const std::string keys = dir + "/keys";
  std::error_code ec;
  fs::create_directories(keys, ec);
  std::string detail;
  if (!fs::exists(keys + "/state.json")) ec = trailguard::create_trail_keys(keys, &detail);
  trailguard::trail_options trail;
  trail.state_file = keys + "/state.json";
  trail.signing_key_file = keys + "/signing.pem";
  trail.resume_file = dir + "/audit.jsonl";  // after a crash, continue after the last line
  trail.service = "shop";
  trail.checkpoint_every = 4;  // small, so the demo's trail has checkpoints
  std::shared_ptr<trailguard::sealer> sealer;
  if (!ec) sealer = trailguard::open_trail_sealer(trail, ec, &detail);
  std::shared_ptr<trailguard::file_sink> file;
  if (!ec) file = trailguard::open_file_sink(dir + "/audit.jsonl", {}, ec);
  if (ec) {
    spdlog::error("cannot open the audit trail in {}: {} {}", dir, ec.message(), detail);
    return false;
  }
  trailguard::sink_options sealed;
  sealed.seal = sealer;
  shop::audit_trail().add_sink(file, sealed);
  shop::audit_trail().add_sink(trailguard::stdout_sink(), trailguard::tier::unrestricted);
  return true;
}

// The events go to trailguard-collector, which labels them with this
// process's identity and alone holds the trail's keys; this process cannot
// read or change the trail.
bool open_collector(const std::string& socket) {
  std::error_code ec;
  auto sink = trailguard::open_collector_sink(socket, {}, ec);
  if (!sink) {
    spdlog::error("cannot reach trailguard-collector at {}: {}", socket, ec.message());
    return false;
  }
  shop::audit_trail().add_sink(sink);
  shop::audit_trail().add_sink(trailguard::stdout_sink(), trailguard::tier::unrestricted);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc == 3 ? argv[1] : "--trail";
  if (argc != 1 && !(argc == 3 && (mode == "--trail" || mode == "--collector"))) {
    spdlog::error("usage: example-shop [--trail DIR | --collector SOCKET]");
    return 2;
  }
  // Fail closed: no trail, no service.
  if (mode == "--collector" ? !open_collector(argv[2]) : !open_trail(argc == 3 ? argv[2] : "shop-trail"))
    return 2;

  shop::account alice;
  alice.id = 42;
  alice.username = "alice";
  alice.email = "alice@example.com";
  alice.password_hash = "h:correct horse";
  shop::login_request req{"alice", "correct horse", "203.0.113.7", "req-1"};
  // What every event of this request is traced back to.
  trailguard::scoped_context request(
      {std::to_string(alice.id), trailguard::actor_type::user, "", req.source_ip, req.request_id});
  shop::log_request(req);
  if (!shop::check_password(alice, req)) return 1;
  if (!shop::audit_event(shop::events::AuthnLoginSuccess(
          alice.username, shop::events::AuthnLoginSuccess::Method::password)))
    return 1;
  shop::log_account(alice);
  shop::session_token token = shop::new_session(alice);
  // The session is known from here on: its fingerprint, never the token.
  trailguard::scoped_context in_session({std::to_string(alice.id), trailguard::actor_type::user,
                                         shop::fingerprint(token.value), req.source_ip,
                                         req.request_id});
  shop::order o{1, alice.id, {"book"}, 1999, "1 Main St"};
  shop::place_order(alice, o);
  shop::change_email(alice, "alice@example.org");
  shop::end_session(alice, token);
  if (std::error_code ec = shop::audit_trail().close()) {
    spdlog::error("closing the audit trail: {}", ec.message());
    return 1;
  }
  spdlog::info("done");
  return 0;
}
