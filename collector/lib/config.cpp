// Reads collector.yaml with the toolchain's one YAML reader, so that every
// mistake is reported with its line, column and how to fix it.
#include <trailguard/collector/config.hpp>

#include <trailguard/audit.hpp>

#include "Yaml.h"
#include "YamlDiagnostics.h"

#include <cerrno>
#include <cstring>
#include <string_view>

#include <grp.h>
#include <sys/stat.h>
#include <sys/un.h>

namespace trailguard {
namespace collector {
namespace {

using node = yaml::Node;
using key_list = std::vector<std::string_view>;

const key_list top_keys = {"socket",          "socket_mode",    "socket_group",
                           "allow_uids",      "allow_gids",     "schemas",
                           "service",         "trail",          "max_line_bytes",
                           "max_connections", "max_connections_per_uid",
                           "idle_timeout_s",  "kafka",          "postgres",
                           "state_dir"};
const key_list trail_keys = {"path",           "keys",            "fsync",
                             "sync_every",     "sync_interval_ms", "rotate_bytes",
                             "rotate_after_s", "checkpoint_every", "checkpoint_interval_s"};
const key_list kafka_keys = {"brokers", "topic", "partition", "trail_id", "properties"};
const key_list postgres_keys = {"conninfo", "table", "trail_id", "batch_rows"};
const key_list fsync_names = {"every_event", "every_n", "interval", "never"};

// Thrown inside the reader only: the first problem ends the reading.
struct config_error {
  std::string message;
};

// Digits of `base` only (no sign, blank or prefix), within 64 bits.
bool to_unsigned(std::string_view t, unsigned base, std::uint64_t &out) {
  if (t.empty()) return false;
  std::uint64_t v = 0;
  for (char ch : t) {
    if (ch < '0' || ch >= static_cast<char>('0' + base)) return false;
    const unsigned d = static_cast<unsigned>(ch - '0');
    if (v > (UINT64_MAX - d) / base) return false;
    v = v * base + d;
  }
  out = v;
  return true;
}

// The directory part of a path as written ("" for a bare file name, "/"
// for a file in the root), without trailing slashes.
std::string parent_path(const std::string &path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return "";
  std::size_t end = slash;
  while (end > 0 && path[end - 1] == '/') --end;
  return end == 0 ? "/" : path.substr(0, end);
}

class reader {
 public:
  explicit reader(const std::string &path) : path_(path), base_(parent_path(path)) {}

  void read(const yaml::Stream &stream, config &c) {
    const std::vector<const node *> &docs = stream.documents();
    if (docs.empty()) fail(nullptr, "the file is empty; see collector/collector.example.yaml");
    const node *top = docs[0];
    if (!top->isMapping()) fail(top, "expected keys at the top level, starting with 'socket:'");
    bool has_trail = false, has_socket = false, has_schemas = false, has_state = false;
    for_each_key(*top, top_keys, "", [&](std::string_view key, const yaml::KeyValue &kv) {
      const node *v = value(kv, key);
      if (key == "socket") has_socket = true, c.socket = socket_path(v), place(c, key, v);
      else if (key == "socket_mode") c.socket_mode = mode(v);
      else if (key == "socket_group") c.socket_group = text(v, "a group name"), place(c, key, v);
      else if (key == "allow_uids") c.allow_uids = ids(v, key);
      else if (key == "allow_gids") c.allow_gids = ids(v, key);
      else if (key == "schemas") has_schemas = true, c.schemas = paths(v, key);
      else if (key == "service") c.service = service_name(v, key);
      else if (key == "trail") has_trail = true, read_trail(v, c);
      else if (key == "max_line_bytes")
        c.max_line_bytes = number(v, key, 64, std::uint64_t(1) << 30);
      else if (key == "max_connections") c.max_connections = number(v, key, 1, 1000000);
      else if (key == "max_connections_per_uid")
        c.max_connections_per_uid = number(v, key, 1, 1000000);
      else if (key == "idle_timeout_s")
        c.idle_timeout = std::chrono::seconds(number(v, key, 1, 7u * 86400));
      else if (key == "kafka") read_kafka(v, c.kafka);
      else if (key == "postgres") read_postgres(v, c.postgres);
      else if (key == "state_dir")
        has_state = true, c.state_dir = path_value(v, key), place(c, key, v);
    });
    if (!has_socket) fail(top, "missing 'socket'; add 'socket: /run/trailguard/collector.sock'");
    if (!has_schemas) fail(top, "missing 'schemas'; list the event schema files the applications use");
    if (!has_trail) fail(top, "missing 'trail'; add 'trail: {path: ..., keys: ...}'");
    if ((c.kafka.enabled || c.postgres.enabled) && !has_state)
      fail(top, "missing 'state_dir', where the forwarders keep their cursors; add "
                "'state_dir: /var/lib/trailguard-collector'");
#ifndef TRAILGUARD_COLLECTOR_HAVE_KAFKA
    if (c.kafka.enabled)
      fail(kafka_node_, "'kafka' is configured but this trailguard-collector was built without "
                        "Kafka support (librdkafka); rebuild with librdkafka-dev or remove it");
#endif
#ifndef TRAILGUARD_COLLECTOR_HAVE_POSTGRES
    if (c.postgres.enabled)
      fail(postgres_node_, "'postgres' is configured but this trailguard-collector was built "
                           "without PostgreSQL support (libpq); rebuild with libpq-dev or "
                           "remove it");
#endif
#if !defined(TRAILGUARD_COLLECTOR_HAVE_FORWARD)
    if (c.kafka.enabled || c.postgres.enabled)
      fail(c.kafka.enabled ? kafka_node_ : postgres_node_,
           "forwarding is not built into this trailguard-collector; remove 'kafka' and "
           "'postgres'");
#endif
    for (std::size_t i = 1; i < docs.size(); ++i)
      if (!docs[i]->isNull())
        fail(docs[i], "a second YAML document; the configuration is one document: remove the "
                      "'---' line above");
  }

 private:
  // "FILE:LINE:COL", or "FILE" when there is no node.
  std::string where(const node *n) const {
    if (!n) return path_;
    return path_ + ":" + std::to_string(n->Start.Line) + ":" + std::to_string(n->Start.Column);
  }

  void place(config &c, std::string_view key, const node *n) {
    c.places[std::string(key)] = where(n);
  }

  [[noreturn]] void fail(const node *n, const std::string &message) const {
    throw config_error{where(n) + ": error: " + message};
  }

  template <typename F>
  void for_each_key(const node &m, const key_list &keys, std::string_view under, F f) {
    yaml::KeyChecker checker(keys, {'_', 5, 0});
    const std::string in = under.empty() ? "" : " under '" + std::string(under) + "'";
    for (const yaml::KeyValue &kv : m.Entries) {
      if (std::optional<std::string> why = checker.check(*kv.Key, in)) fail(kv.Key, *why);
      f(std::string_view(kv.Key->Value), kv);
    }
  }

  const node *value(const yaml::KeyValue &kv, std::string_view key) {
    if (kv.Value->isNull())
      fail(kv.Key, "missing value for '" + std::string(key) + "'; write it after the colon");
    return kv.Value;
  }

  std::string text(const node *n, const std::string &expected) {
    if (!n->isScalar()) fail(n, "expected " + expected);
    return n->Value;
  }

  std::string nonempty(const node *n, std::string_view key) {
    std::string t = text(n, "a text value for '" + std::string(key) + "'");
    if (t.empty()) fail(n, "'" + std::string(key) + "' is empty");
    return t;
  }

  // Every checkpoint of the trail signs it, and a verifier must read back
  // the name that was signed: printable UTF-8 only, as the runtime requires.
  std::string service_name(const node *n, std::string_view key) {
    std::string t = nonempty(n, key);
    if (const char *why = ::trailguard::invalid_service_name(t))
      fail(n, "'" + std::string(key) + "' " + why +
                  "; give a printable UTF-8 name such as 'shop'");
    return t;
  }

  std::string path_value(const node *n, std::string_view key) {
    std::string t = nonempty(n, key);
    if (t[0] == '/' || base_.empty()) return t;
    return base_.back() == '/' ? base_ + t : base_ + "/" + t;
  }

  // The kernel takes at most sizeof(sun_path) - 1 bytes: a longer path
  // would be cut, so it is refused here rather than at bind().
  std::string socket_path(const node *n) {
    std::string p = path_value(n, "socket");
    if (p.size() >= sizeof(sockaddr_un::sun_path))
      fail(n, "the socket path " + shownText(p) + " is " + std::to_string(p.size()) +
                  " bytes; a Unix socket path has at most " +
                  std::to_string(sizeof(sockaddr_un::sun_path) - 1) + ": choose a shorter one");
    return p;
  }

  std::uint64_t number(const node *n, std::string_view key, std::uint64_t min,
                       std::uint64_t max) {
    const std::string k(key);
    const std::string t = text(n, "a number for '" + k + "'");
    std::uint64_t v = 0;
    if (!to_unsigned(t, 10, v) || v < min || v > max)
      fail(n, "'" + k + "' must be a whole number from " + std::to_string(min) + " to " +
                  std::to_string(max) + ", not '" + shownText(t) + "'");
    return v;
  }

  unsigned mode(const node *n) {
    const std::string t = text(n, "an octal mode such as 0660");
    std::uint64_t v = 0;
    if (!to_unsigned(t, 8, v) || v > 0777)
      fail(n, "'socket_mode' must be an octal mode such as 0660, not '" + shownText(t) + "'");
    if (v & 0002)
      fail(n, "'socket_mode' " + t + " lets every local user write to the socket; use 0660 and "
              "'socket_group'");
    return static_cast<unsigned>(v);
  }

  const node *sequence(const node *n, std::string_view key) {
    const std::string k(key);
    if (!n->isSequence()) fail(n, "'" + k + "' must be a list, as in '" + k + ": [a, b]'");
    return n;
  }

  std::vector<std::uint32_t> ids(const node *n, std::string_view key) {
    std::vector<std::uint32_t> out;
    for (const node *item : sequence(n, key)->Items)
      out.push_back(static_cast<std::uint32_t>(number(item, key, 0, 0xfffffffe)));
    return out;
  }

  std::vector<std::string> paths(const node *n, std::string_view key) {
    std::vector<std::string> out;
    for (const node *item : sequence(n, key)->Items) out.push_back(path_value(item, key));
    if (out.empty())
      fail(n, "'" + std::string(key) + "' is empty; list at least one schema file");
    return out;
  }

  const node *mapping(const node *n, std::string_view key) {
    const std::string k(key);
    if (!n->isMapping()) fail(n, "'" + k + "' must hold keys, as in '" + k + ": {...}'");
    return n;
  }

  void read_trail(const node *n, config &c) {
    trail_config &t = c.trail;
    const node *m = mapping(n, "trail");
    bool has_path = false, has_keys = false;
    for_each_key(*m, trail_keys, "trail", [&](std::string_view key, const yaml::KeyValue &kv) {
      const node *v = value(kv, key);
      if (key == "path") has_path = true, t.path = path_value(v, key), place(c, "trail.path", v);
      else if (key == "keys")
        has_keys = true, t.keys = path_value(v, key), place(c, "trail.keys", v);
      else if (key == "fsync") {
        const std::string s = text(v, "one of every_event, every_n, interval, never");
        if (s == "every_event") t.sync = fsync_policy::every_event;
        else if (s == "every_n") t.sync = fsync_policy::every_n;
        else if (s == "interval") t.sync = fsync_policy::interval;
        else if (s == "never") t.sync = fsync_policy::never;
        else {
          std::string message = "unknown fsync policy '" + shownText(s) + "'";
          if (auto near = closestWord(s, fsync_names, {'_', 5, 0}))
            message += "; did you mean '" + std::string(*near) + "'?";
          else
            message += "; use every_event, every_n, interval or never";
          fail(v, message);
        }
      } else if (key == "sync_every") t.sync_every = number(v, key, 1, 1u << 30);
      else if (key == "sync_interval_ms")
        t.sync_interval = std::chrono::milliseconds(number(v, key, 1, 86400000));
      else if (key == "rotate_bytes") t.rotate_bytes = number(v, key, 0, UINT64_MAX >> 1);
      else if (key == "rotate_after_s")
        t.rotate_after = std::chrono::seconds(number(v, key, 0, 100u * 365 * 86400));
      else if (key == "checkpoint_every") t.checkpoint_every = number(v, key, 1, 1u << 30);
      else if (key == "checkpoint_interval_s")
        t.checkpoint_interval = std::chrono::seconds(number(v, key, 1, 365u * 86400));
    });
    if (!has_path) fail(n, "missing 'path' under 'trail': the trail file to write");
    if (!has_keys)
      fail(n, "missing 'keys' under 'trail': the directory of the trail's keys (created on "
              "first start)");
  }

  void read_kafka(const node *n, kafka_config &k) {
    kafka_node_ = n;
    const node *m = mapping(n, "kafka");
    k.enabled = true;
    bool brokers = false, topic = false;
    for_each_key(*m, kafka_keys, "kafka", [&](std::string_view key, const yaml::KeyValue &kv) {
      const node *v = value(kv, key);
      if (key == "brokers") brokers = true, k.brokers = nonempty(v, key);
      else if (key == "topic") topic = true, k.topic = nonempty(v, key);
      else if (key == "partition")
        k.partition = static_cast<std::int32_t>(number(v, key, 0, INT32_MAX));
      else if (key == "trail_id") k.trail_id = nonempty(v, key);
      else if (key == "properties") {
        for (const yaml::KeyValue &p : mapping(v, key)->Entries) {
          const std::string name = text(p.Key, "a librdkafka property name");
          k.properties.emplace_back(name, text(value(p, name), "a property value"));
        }
      }
    });
    if (!brokers) fail(n, "missing 'brokers' under 'kafka', as in 'brokers: kafka1:9092'");
    if (!topic) fail(n, "missing 'topic' under 'kafka'");
  }

  void read_postgres(const node *n, postgres_config &p) {
    postgres_node_ = n;
    const node *m = mapping(n, "postgres");
    p.enabled = true;
    bool conninfo = false;
    for_each_key(*m, postgres_keys, "postgres",
                 [&](std::string_view key, const yaml::KeyValue &kv) {
                   const node *v = value(kv, key);
                   if (key == "conninfo") conninfo = true, p.conninfo = nonempty(v, key);
                   else if (key == "table") p.table = nonempty(v, key);
                   else if (key == "trail_id") p.trail_id = nonempty(v, key);
                   else if (key == "batch_rows") p.batch_rows = number(v, key, 1, 100000);
                 });
    if (!conninfo)
      fail(n, "missing 'conninfo' under 'postgres', as in 'conninfo: \"dbname=audit\"'");
  }

  std::string path_, base_;
  const node *kafka_node_ = nullptr, *postgres_node_ = nullptr;
};

}  // namespace

bool parse_config(const std::string &text, const std::string &path, config &out,
                  std::string &error) {
  yaml::Error why;
  std::optional<yaml::Stream> stream = yaml::parse(text, yaml::Limits(), why);
  if (!stream) {
    error = yaml::formatError(path, why.At, "error: " + why.Message);
    return false;
  }
  config c;
  c.file = path;
  try {
    reader(path).read(*stream, c);
  } catch (const config_error &e) {
    error = e.message;
    return false;
  }
  out = std::move(c);
  return true;
}

namespace {

std::string parent_of(const std::string &path) {
  const std::string dir = parent_path(path);
  return dir.empty() ? "." : dir;
}

// Empty when `path` is a directory; otherwise why not, as the end of a
// sentence naming it.
std::string not_a_directory(const std::string &path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0)
    return errno == ENOENT ? "does not exist"
                           : "cannot be used: " + std::string(std::strerror(errno));
  return S_ISDIR(st.st_mode) ? "" : "is not a directory";
}

}  // namespace

bool check_host(const config &c, std::string &error) {
  // Paths are shown escaped: a name from the config must not break the
  // message's line or hide text with control characters.
  auto fail = [&](const char *key, const std::string &message) {
    const auto it = c.places.find(key);
    error = (it != c.places.end() ? it->second : c.file) + ": error: " + message;
    return false;
  };
  struct stat st;

  const std::string socket_dir = parent_of(c.socket);
  if (const std::string why = not_a_directory(socket_dir); !why.empty())
    return fail("socket", "the socket's directory " + escapedText(socket_dir) + " " + why +
                              "; create it (under systemd: RuntimeDirectory=) or change 'socket'");
  if (::lstat(c.socket.c_str(), &st) == 0 && !S_ISSOCK(st.st_mode))
    return fail("socket", escapedText(c.socket) +
                              " exists and is not a socket; remove it or change 'socket'");
  if (!c.socket_group.empty() && !::getgrnam(c.socket_group.c_str()))
    return fail("socket_group", "unknown group '" + shownText(c.socket_group) +
                                    "'; create it (groupadd) or change 'socket_group'");

  if (::stat(c.trail.path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode))
      return fail("trail.path", "the trail file " + escapedText(c.trail.path) +
                                    " is a directory; 'path' names the file to write, as in " +
                                    escapedText(c.trail.path) + "/trail.jsonl");
    if (!S_ISREG(st.st_mode))
      return fail("trail.path", "the trail file " + escapedText(c.trail.path) + " is not a regular file");
  } else if (const std::string why = not_a_directory(parent_of(c.trail.path)); !why.empty()) {
    return fail("trail.path", "the trail's directory " + escapedText(parent_of(c.trail.path)) + " " + why +
                                  "; create it or change 'path'");
  }

  if (::stat(c.trail.keys.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode))
      return fail("trail.keys", "the key directory " + escapedText(c.trail.keys) + " is not a directory");
  } else if (const std::string why = not_a_directory(parent_of(c.trail.keys)); !why.empty()) {
    return fail("trail.keys", "the key directory's parent " + escapedText(parent_of(c.trail.keys)) + " " +
                                  why + " (the collector creates only " + escapedText(c.trail.keys) +
                                  " itself); create it or change 'keys'");
  }

  if ((c.kafka.enabled || c.postgres.enabled) && !c.state_dir.empty())
    if (const std::string why = not_a_directory(c.state_dir); !why.empty())
      return fail("state_dir", "the state directory " + escapedText(c.state_dir) + " " + why +
                                   "; create it (under systemd: StateDirectory=) or change "
                                   "'state_dir'");
  return true;
}

bool load_config(const std::string &path, config &out, std::string &error) {
  // The reader's own bound: a mistaken --config (a log, /dev/zero) is
  // refused before it is held whole.
  std::string text, why;
  if (!yaml::readTextFile(path, yaml::Limits().MaxBytes, text, why)) {
    error = path + ": error: cannot read the configuration: " + why;
    return false;
  }
  return parse_config(text, path, out, error);
}

}  // namespace collector
}  // namespace trailguard
