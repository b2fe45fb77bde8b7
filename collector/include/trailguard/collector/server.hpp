// The collector daemon: a Unix socket that takes application lines, labels
// each with the peer's kernel credentials, validates it, seals it into the
// collector's own trail and hands it to the forwarders.
#ifndef TRAILGUARD_COLLECTOR_SERVER_HPP
#define TRAILGUARD_COLLECTOR_SERVER_HPP

#include <trailguard/collector/config.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <system_error>

namespace trailguard {
namespace collector {

struct server_counters {
  std::uint64_t accepted = 0;        // lines sealed into the trail
  std::uint64_t write_failures = 0;  // lines refused with "unavailable"
  std::uint64_t refused_peers = 0;   // connections outside allow_uids/allow_gids
  // Connections turned away with "error busy: ...": over max_connections
  // or out of file descriptors (refused_busy), or over
  // max_connections_per_uid (refused_per_uid).
  std::uint64_t refused_busy = 0;
  std::uint64_t refused_per_uid = 0;
  std::uint64_t idle_timeouts = 0;  // connections closed after idle_timeout_s
  std::uint64_t connections = 0;    // accepted from the socket, refused or not
  std::uint64_t open_connections = 0;  // served now
  std::map<std::string, std::uint64_t> rejected;  // by verdict::kind
};

class server {
 public:
  struct impl;
  explicit server(std::unique_ptr<impl> state);
  ~server();

  // Loads the schemas, binds the socket, locks the trail, the key
  // directory and state_dir against a second collector (for the process's
  // lifetime), creates the trail keys if the key directory has none, opens
  // the sealer, the trail file and the forwarders. Clients may queue from
  // the start; run() serves them. nullptr and `error` on failure, with the
  // socket removed again.
  static std::unique_ptr<server> open(const config &cfg, std::string &error);

  // Accepts connections until stop(); returns once every connection has
  // finished the lines it had sent.
  void run();
  // Stops accepting and ends each connection after the lines it has
  // already sent; safe from any thread.
  void stop();
  // The final checkpoint, a flush, and the forwarders' cursors; after run().
  std::error_code close();

  server_counters counters() const;
  // One line: "accepted=N rejected=N (kind=N ...) write_failures=N ...".
  std::string counters_text() const;

 private:
  std::unique_ptr<impl> impl_;
};

}  // namespace collector
}  // namespace trailguard

#endif  // TRAILGUARD_COLLECTOR_SERVER_HPP
