// Reads collector.yaml with LLVM's YAML parser, so that every mistake is
// reported with its line, column and how to fix it.
#include <trailguard/collector/config.hpp>

#include <trailguard/audit.hpp>

#include "YamlDiagnostics.h"
#include "YamlLimits.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"

#include <cerrno>
#include <cstring>
#include <functional>
#include <limits>

#include <grp.h>
#include <sys/stat.h>
#include <sys/un.h>

namespace trailguard {
namespace collector {
namespace {

namespace yaml = llvm::yaml;
using llvm::ArrayRef;
using llvm::SMLoc;
using llvm::StringRef;

const StringRef top_keys[] = {"socket",          "socket_mode",    "socket_group",
                              "allow_uids",      "allow_gids",     "schemas",
                              "service",         "trail",          "max_line_bytes",
                              "max_connections", "max_connections_per_uid",
                              "idle_timeout_s",  "kafka",          "postgres",
                              "state_dir"};
const StringRef trail_keys[] = {"path",         "keys",           "fsync",
                                "sync_every",   "sync_interval_ms", "rotate_bytes",
                                "rotate_after_s", "checkpoint_every", "checkpoint_interval_s"};
const StringRef kafka_keys[] = {"brokers", "topic", "partition", "trail_id", "properties"};
const StringRef postgres_keys[] = {"conninfo", "table", "trail_id", "batch_rows"};
const StringRef fsync_names[] = {"every_event", "every_n", "interval", "never"};

// Thrown inside the reader only: the first problem ends the reading.
struct config_error {
  std::string message;
};

struct syntax_state {
  bool seen = false;
  std::string message;
};

void record_syntax_error(const llvm::SMDiagnostic &d, void *context) {
  auto &s = *static_cast<syntax_state *>(context);
  if (s.seen) return;
  s.seen = true;
  std::string text = "invalid YAML: " + parserMessage(d.getMessage());
  if (d.getMessage().contains_insensitive("tab character")) text += "; indent with spaces";
  s.message = (d.getLineNo() > 0 ? std::to_string(d.getLineNo()) + ":" +
                                       std::to_string(d.getColumnNo() + 1) + ": "
                                 : std::string()) +
              "error: " + text;
}

class reader {
 public:
  reader(const std::string &path, llvm::SourceMgr &sm, syntax_state &syntax)
      : path_(path), sm_(sm), syntax_(syntax) {
    base_ = llvm::sys::path::parent_path(path).str();
  }

  void read(yaml::Stream &stream, config &c) {
    yaml::document_iterator doc = stream.begin();
    if (doc == stream.end()) fail(nullptr, "the file is empty; see collector/collector.example.yaml");
    yaml::Node *root = doc->getRoot();
    check_syntax();
    auto *top = llvm::dyn_cast_or_null<yaml::MappingNode>(root);
    if (!top) fail(root, "expected keys at the top level, starting with 'socket:'");
    bool has_trail = false, has_socket = false, has_schemas = false, has_state = false;
    for_each_key(*top, top_keys, "", [&](StringRef key, yaml::KeyValueNode &kv) {
      yaml::Node *v = value(kv, key);
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
    ++doc;
    if (doc != stream.end()) {
      yaml::Node *next = doc->getRoot();
      check_syntax();
      if (next && !llvm::isa<yaml::NullNode>(next))
        fail(next, "a second YAML document; the configuration is one document: remove the "
                   "'---' line above");
    }
    check_syntax();
  }

 private:
  // "FILE:LINE:COL", or "FILE" when the node has no place.
  std::string where(const yaml::Node *n) {
    SMLoc loc = n ? n->getSourceRange().Start : SMLoc();
    if (loc.isValid() && sm_.FindBufferContainingLoc(loc)) {
      auto lc = sm_.getLineAndColumn(loc);
      return path_ + ":" + std::to_string(lc.first) + ":" + std::to_string(lc.second);
    }
    return path_;
  }

  void place(config &c, StringRef key, const yaml::Node *n) { c.places[key.str()] = where(n); }

  [[noreturn]] void fail(const yaml::Node *n, const std::string &message) {
    check_syntax();
    throw config_error{where(n) + ": error: " + message};
  }

  void check_syntax() {
    if (syntax_.seen) throw config_error{path_ + ":" + syntax_.message};
  }

  template <typename F>
  void for_each_key(yaml::MappingNode &m, ArrayRef<StringRef> keys, StringRef under, F f) {
    llvm::StringMap<bool> seen;
    const std::string where = under.empty() ? "" : " under '" + under.str() + "'";
    for (yaml::KeyValueNode &kv : m) {
      check_syntax();
      yaml::Node *k = kv.getKey();
      auto *s = llvm::dyn_cast_or_null<yaml::ScalarNode>(k);
      if (!s) fail(k ? k : &m, "expected a key name" + where);
      llvm::SmallString<32> storage;
      const std::string key = s->getValue(storage).str();
      if (!llvm::is_contained(keys, StringRef(key))) {
        std::string message = "unknown key '" + shownText(key) + "'" + where;
        if (auto near = closestWord(key, {keys.begin(), keys.end()}, {'_', 5, 0}))
          message += "; did you mean '" + std::string(*near) + "'?";
        else
          message += "; valid keys" + std::string(under.empty() ? "" : " here") + ": " +
                     llvm::join(keys, ", ");
        fail(k, message);
      }
      if (!seen.try_emplace(key, true).second)
        fail(k, "duplicate key '" + key + "'" + where + "; remove one of them");
      f(StringRef(key), kv);
    }
    check_syntax();
  }

  yaml::Node *value(yaml::KeyValueNode &kv, StringRef key) {
    yaml::Node *v = kv.getValue();
    check_syntax();
    if (!v || llvm::isa<yaml::NullNode>(v))
      fail(kv.getKey(), "missing value for '" + key.str() + "'; write it after the colon");
    if (llvm::isa<yaml::AliasNode>(v))
      fail(kv.getKey(), "the value of '" + key.str() + "' is an alias, which is not supported");
    return v;
  }

  std::string text(yaml::Node *n, const std::string &expected) {
    auto *s = llvm::dyn_cast_or_null<yaml::ScalarNode>(n);
    if (!s) fail(n, "expected " + expected);
    llvm::SmallString<64> storage;
    return s->getValue(storage).str();
  }

  std::string nonempty(yaml::Node *n, StringRef key) {
    std::string t = text(n, "a text value for '" + key.str() + "'");
    if (t.empty()) fail(n, "'" + key.str() + "' is empty");
    return t;
  }

  // Every checkpoint of the trail signs it, and a verifier must read back
  // the name that was signed: printable UTF-8 only, as the runtime requires.
  std::string service_name(yaml::Node *n, StringRef key) {
    std::string t = nonempty(n, key);
    if (const char *why = ::trailguard::invalid_service_name(t))
      fail(n, "'" + key.str() + "' " + why + "; give a printable UTF-8 name such as 'shop'");
    return t;
  }

  std::string path_value(yaml::Node *n, StringRef key) {
    std::string t = nonempty(n, key);
    if (llvm::sys::path::is_absolute(t) || base_.empty()) return t;
    llvm::SmallString<256> full(base_);
    llvm::sys::path::append(full, t);
    return full.str().str();
  }

  // The kernel takes at most sizeof(sun_path) - 1 bytes: a longer path
  // would be cut, so it is refused here rather than at bind().
  std::string socket_path(yaml::Node *n) {
    std::string p = path_value(n, "socket");
    if (p.size() >= sizeof(sockaddr_un::sun_path))
      fail(n, "the socket path " + shownText(p) + " is " + std::to_string(p.size()) +
                  " bytes; a Unix socket path has at most " +
                  std::to_string(sizeof(sockaddr_un::sun_path) - 1) + ": choose a shorter one");
    return p;
  }

  std::uint64_t number(yaml::Node *n, StringRef key, std::uint64_t min, std::uint64_t max) {
    const std::string t = text(n, "a number for '" + key.str() + "'");
    std::uint64_t v = 0;
    if (StringRef(t).getAsInteger(10, v) || v < min || v > max)
      fail(n, "'" + key.str() + "' must be a whole number from " + std::to_string(min) +
                  " to " + std::to_string(max) + ", not '" + shownText(t) + "'");
    return v;
  }

  unsigned mode(yaml::Node *n) {
    const std::string t = text(n, "an octal mode such as 0660");
    unsigned v = 0;
    if (t.empty() || StringRef(t).getAsInteger(8, v) || v > 0777)
      fail(n, "'socket_mode' must be an octal mode such as 0660, not '" + shownText(t) + "'");
    if (v & 0002)
      fail(n, "'socket_mode' " + t + " lets every local user write to the socket; use 0660 and "
              "'socket_group'");
    return v;
  }

  yaml::SequenceNode *sequence(yaml::Node *n, StringRef key) {
    auto *s = llvm::dyn_cast<yaml::SequenceNode>(n);
    if (!s) fail(n, "'" + key.str() + "' must be a list, as in '" + key.str() + ": [a, b]'");
    return s;
  }

  std::vector<std::uint32_t> ids(yaml::Node *n, StringRef key) {
    std::vector<std::uint32_t> out;
    for (yaml::Node &item : *sequence(n, key))
      out.push_back(static_cast<std::uint32_t>(number(&item, key, 0, 0xfffffffe)));
    check_syntax();
    return out;
  }

  std::vector<std::string> paths(yaml::Node *n, StringRef key) {
    std::vector<std::string> out;
    for (yaml::Node &item : *sequence(n, key)) out.push_back(path_value(&item, key));
    check_syntax();
    if (out.empty()) fail(n, "'" + key.str() + "' is empty; list at least one schema file");
    return out;
  }

  yaml::MappingNode *mapping(yaml::Node *n, StringRef key) {
    auto *m = llvm::dyn_cast<yaml::MappingNode>(n);
    if (!m) fail(n, "'" + key.str() + "' must hold keys, as in '" + key.str() + ": {...}'");
    return m;
  }

  void read_trail(yaml::Node *n, config &c) {
    trail_config &t = c.trail;
    yaml::MappingNode *m = mapping(n, "trail");
    bool has_path = false, has_keys = false;
    for_each_key(*m, trail_keys, "trail", [&](StringRef key, yaml::KeyValueNode &kv) {
      yaml::Node *v = value(kv, key);
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
          if (auto near = closestWord(s, {std::begin(fsync_names), std::end(fsync_names)}, {'_', 5, 0}))
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

  void read_kafka(yaml::Node *n, kafka_config &k) {
    kafka_node_ = n;
    yaml::MappingNode *m = mapping(n, "kafka");
    k.enabled = true;
    bool brokers = false, topic = false;
    for_each_key(*m, kafka_keys, "kafka", [&](StringRef key, yaml::KeyValueNode &kv) {
      yaml::Node *v = value(kv, key);
      if (key == "brokers") brokers = true, k.brokers = nonempty(v, key);
      else if (key == "topic") topic = true, k.topic = nonempty(v, key);
      else if (key == "partition") k.partition = static_cast<std::int32_t>(number(v, key, 0, INT32_MAX));
      else if (key == "trail_id") k.trail_id = nonempty(v, key);
      else if (key == "properties") {
        yaml::MappingNode *props = mapping(v, key);
        for (yaml::KeyValueNode &p : *props) {
          check_syntax();
          const std::string name = text(p.getKey(), "a librdkafka property name");
          k.properties.emplace_back(name, text(value(p, name), "a property value"));
        }
        check_syntax();
      }
    });
    if (!brokers) fail(n, "missing 'brokers' under 'kafka', as in 'brokers: kafka1:9092'");
    if (!topic) fail(n, "missing 'topic' under 'kafka'");
  }

  void read_postgres(yaml::Node *n, postgres_config &p) {
    postgres_node_ = n;
    yaml::MappingNode *m = mapping(n, "postgres");
    p.enabled = true;
    bool conninfo = false;
    for_each_key(*m, postgres_keys, "postgres", [&](StringRef key, yaml::KeyValueNode &kv) {
      yaml::Node *v = value(kv, key);
      if (key == "conninfo") conninfo = true, p.conninfo = nonempty(v, key);
      else if (key == "table") p.table = nonempty(v, key);
      else if (key == "trail_id") p.trail_id = nonempty(v, key);
      else if (key == "batch_rows") p.batch_rows = number(v, key, 1, 100000);
    });
    if (!conninfo)
      fail(n, "missing 'conninfo' under 'postgres', as in 'conninfo: \"dbname=audit\"'");
  }

  std::string path_, base_;
  llvm::SourceMgr &sm_;
  syntax_state &syntax_;
  yaml::Node *kafka_node_ = nullptr, *postgres_node_ = nullptr;
};

}  // namespace

bool parse_config(const std::string &text, const std::string &path, config &out,
                  std::string &error) {
  std::unique_ptr<llvm::MemoryBuffer> buffer =
      llvm::MemoryBuffer::getMemBufferCopy(text, path);
  // Syntax and depth first, over the whole file, so that a syntax error is
  // reported rather than what the parser made of the text around it, and
  // hostile nesting before anything recurses into it.
  {
    llvm::SourceMgr sm;
    syntax_state syntax;
    sm.setDiagHandler(record_syntax_error, &syntax);
    if (auto limit = checkYamlLimits(buffer->getMemBufferRef(), sm, "a configuration")) {
      error = path + ":" + std::to_string(limit->Line) + ":" + std::to_string(limit->Column) +
              ": error: " + limit->Message;
      return false;
    }
    if (syntax.seen) {
      error = path + ":" + syntax.message;
      return false;
    }
  }
  llvm::SourceMgr sm;
  syntax_state syntax;
  sm.setDiagHandler(record_syntax_error, &syntax);
  yaml::Stream s(buffer->getMemBufferRef(), sm, /*ShowColors=*/false);
  config c;
  c.file = path;
  try {
    reader(path, sm, syntax).read(s, c);
  } catch (const config_error &e) {
    error = e.message;
    return false;
  }
  out = std::move(c);
  return true;
}

namespace {

std::string parent_of(const std::string &path) {
  const StringRef dir = llvm::sys::path::parent_path(path);
  return dir.empty() ? "." : dir.str();
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
  auto fail = [&](const char *key, const std::string &message) {
    const auto it = c.places.find(key);
    error = (it != c.places.end() ? it->second : c.file) + ": error: " + message;
    return false;
  };
  struct stat st;

  const std::string socket_dir = parent_of(c.socket);
  if (const std::string why = not_a_directory(socket_dir); !why.empty())
    return fail("socket", "the socket's directory " + socket_dir + " " + why +
                              "; create it (under systemd: RuntimeDirectory=) or change 'socket'");
  if (::lstat(c.socket.c_str(), &st) == 0 && !S_ISSOCK(st.st_mode))
    return fail("socket", c.socket + " exists and is not a socket; remove it or change 'socket'");
  if (!c.socket_group.empty() && !::getgrnam(c.socket_group.c_str()))
    return fail("socket_group", "unknown group '" + shownText(c.socket_group) +
                                    "'; create it (groupadd) or change 'socket_group'");

  if (::stat(c.trail.path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode))
      return fail("trail.path", "the trail file " + c.trail.path +
                                    " is a directory; 'path' names the file to write, as in " +
                                    c.trail.path + "/trail.jsonl");
    if (!S_ISREG(st.st_mode))
      return fail("trail.path", "the trail file " + c.trail.path + " is not a regular file");
  } else if (const std::string why = not_a_directory(parent_of(c.trail.path)); !why.empty()) {
    return fail("trail.path", "the trail's directory " + parent_of(c.trail.path) + " " + why +
                                  "; create it or change 'path'");
  }

  if (::stat(c.trail.keys.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode))
      return fail("trail.keys", "the key directory " + c.trail.keys + " is not a directory");
  } else if (const std::string why = not_a_directory(parent_of(c.trail.keys)); !why.empty()) {
    return fail("trail.keys", "the key directory's parent " + parent_of(c.trail.keys) + " " +
                                  why + " (the collector creates only " + c.trail.keys +
                                  " itself); create it or change 'keys'");
  }

  if ((c.kafka.enabled || c.postgres.enabled) && !c.state_dir.empty())
    if (const std::string why = not_a_directory(c.state_dir); !why.empty())
      return fail("state_dir", "the state directory " + c.state_dir + " " + why +
                                   "; create it (under systemd: StateDirectory=) or change "
                                   "'state_dir'");
  return true;
}

bool load_config(const std::string &path, config &out, std::string &error) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer) {
    error = path + ": error: cannot read the configuration: " + buffer.getError().message();
    return false;
  }
  return parse_config((*buffer)->getBuffer().str(), path, out, error);
}

}  // namespace collector
}  // namespace trailguard
