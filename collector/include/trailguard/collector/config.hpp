// The collector's configuration file (collector.yaml): where it listens, who
// may write, which schemas it checks lines against, its trail and the
// downstream stores it forwards to (docs/collector.md, "Configuration").
#ifndef TRAILGUARD_COLLECTOR_CONFIG_HPP
#define TRAILGUARD_COLLECTOR_CONFIG_HPP

#include <trailguard/sinks.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace trailguard {
namespace collector {

struct trail_config {
  std::string path;  // the trail file
  std::string keys;  // directory of mac.key, state.json, signing.pem
  fsync_policy sync = fsync_policy::every_event;
  std::uint64_t sync_every = 100;
  std::chrono::milliseconds sync_interval{1000};
  std::uint64_t rotate_bytes = 0;
  std::chrono::seconds rotate_after{0};
  std::uint64_t checkpoint_every = 1000;
  std::chrono::seconds checkpoint_interval{60};
};

struct kafka_config {
  bool enabled = false;
  std::string brokers;
  std::string topic;
  std::int32_t partition = 0;
  std::string trail_id;
  std::vector<std::pair<std::string, std::string>> properties;
};

struct postgres_config {
  bool enabled = false;
  std::string conninfo;
  std::string table = "trailguard_events";
  std::string trail_id;
  std::size_t batch_rows = 5000;
};

struct config {
  std::string file;  // the configuration file itself, for messages
  std::string socket;
  unsigned socket_mode = 0660;
  std::string socket_group;  // empty: the collector's own group
  std::vector<std::uint32_t> allow_uids, allow_gids;  // both empty: anyone who can connect
  std::vector<std::string> schemas;
  std::string service = "trailguard-collector";
  trail_config trail;
  std::size_t max_line_bytes = 1 << 20;
  // Connections served at once, and from one uid; more are refused with
  // "error busy: ...". The open-file limit may lower the first at start.
  std::size_t max_connections = 256;
  std::size_t max_connections_per_uid = 64;
  // A connection that sends nothing for this long is closed (a thread each).
  std::chrono::seconds idle_timeout{300};
  kafka_config kafka;
  postgres_config postgres;
  std::string state_dir;  // forwarders' cursor files
  // Where some values were written ("socket" -> "FILE:LINE:COL"), for
  // check_host()'s messages; keys: socket, socket_group, trail.path,
  // trail.keys, state_dir.
  std::map<std::string, std::string> places;
};

// Reads and checks a configuration file. Relative paths in it are taken
// relative to the file's directory. On failure, `error` is one line:
// "FILE:LINE:COL: error: what is wrong; what to do".
bool load_config(const std::string &path, config &out, std::string &error);

// The same from text in memory; `path` names it in messages.
bool parse_config(const std::string &text, const std::string &path, config &out,
                  std::string &error);

// Checks what a parsed configuration names on this host, so that
// --check-config and the start refuse the same configurations: the
// socket's directory exists and the socket path is free or a socket,
// socket_group exists, the trail file is not a directory and its directory
// exists, the key directory is one (or can be created), state_dir exists.
// On failure, `error` is "FILE:LINE:COL: error: ..." at the offending value.
bool check_host(const config &c, std::string &error);

}  // namespace collector
}  // namespace trailguard

#endif  // TRAILGUARD_COLLECTOR_CONFIG_HPP
