// The collector's config reader: every key, relative paths, and a clear
// "file:line:col: error:" for each kind of mistake.
#include <trailguard/collector/config.hpp>

#include <gtest/gtest.h>

#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

namespace {

using trailguard::fsync_policy;
using trailguard::collector::config;
using trailguard::collector::parse_config;

std::string error_of(const std::string &text) {
  config c;
  std::string error;
  EXPECT_FALSE(parse_config(text, "/etc/tg/c.yaml", c, error)) << text;
  return error;
}

const char minimal[] =
    "socket: /run/tg.sock\n"
    "schemas: [a.yaml]\n"
    "trail: {path: trail.jsonl, keys: keys}\n";

TEST(CollectorConfig, MinimalGetsDefaultsAndRelativePaths) {
  config c;
  std::string error;
  ASSERT_TRUE(parse_config(minimal, "/etc/tg/c.yaml", c, error)) << error;
  EXPECT_EQ(c.socket, "/run/tg.sock");
  ASSERT_EQ(c.schemas.size(), 1u);
  EXPECT_EQ(c.schemas[0], "/etc/tg/a.yaml");
  EXPECT_EQ(c.trail.path, "/etc/tg/trail.jsonl");
  EXPECT_EQ(c.trail.keys, "/etc/tg/keys");
  EXPECT_EQ(c.socket_mode, 0660u);
  EXPECT_EQ(c.max_line_bytes, 1u << 20);
  EXPECT_EQ(c.trail.sync, fsync_policy::every_event);
  EXPECT_FALSE(c.kafka.enabled);
  EXPECT_FALSE(c.postgres.enabled);
  EXPECT_EQ(c.max_connections, 256u);
  EXPECT_EQ(c.max_connections_per_uid, 64u);
  EXPECT_EQ(c.idle_timeout.count(), 300);
}

TEST(CollectorConfig, EveryKey) {
  config c;
  std::string error;
  ASSERT_TRUE(parse_config("socket: s.sock\n"
                           "socket_mode: 0600\n"
                           "socket_group: writers\n"
                           "allow_uids: [1001, 1002]\n"
                           "allow_gids: [1500]\n"
                           "schemas:\n  - /s/a.yaml\n  - /s/b.yaml\n"
                           "service: audit-collector\n"
                           "trail:\n"
                           "  path: /t/trail.jsonl\n"
                           "  keys: /t/keys\n"
                           "  fsync: every_n\n"
                           "  sync_every: 7\n"
                           "  sync_interval_ms: 250\n"
                           "  rotate_bytes: 4096\n"
                           "  rotate_after_s: 60\n"
                           "  checkpoint_every: 10\n"
                           "  checkpoint_interval_s: 5\n"
                           "max_line_bytes: 65536\n"
                           "max_connections: 100\n"
                           "max_connections_per_uid: 10\n"
                           "idle_timeout_s: 30\n",
                           "/c.yaml", c, error))
      << error;
  EXPECT_EQ(c.socket, "/s.sock");
  EXPECT_EQ(c.socket_mode, 0600u);
  EXPECT_EQ(c.socket_group, "writers");
  EXPECT_EQ(c.allow_uids, (std::vector<std::uint32_t>{1001, 1002}));
  EXPECT_EQ(c.allow_gids, (std::vector<std::uint32_t>{1500}));
  EXPECT_EQ(c.schemas.size(), 2u);
  EXPECT_EQ(c.service, "audit-collector");
  EXPECT_EQ(c.trail.sync, fsync_policy::every_n);
  EXPECT_EQ(c.trail.sync_every, 7u);
  EXPECT_EQ(c.trail.sync_interval.count(), 250);
  EXPECT_EQ(c.trail.rotate_bytes, 4096u);
  EXPECT_EQ(c.trail.rotate_after.count(), 60);
  EXPECT_EQ(c.trail.checkpoint_every, 10u);
  EXPECT_EQ(c.trail.checkpoint_interval.count(), 5);
  EXPECT_EQ(c.max_line_bytes, 65536u);
  EXPECT_EQ(c.max_connections, 100u);
  EXPECT_EQ(c.max_connections_per_uid, 10u);
  EXPECT_EQ(c.idle_timeout.count(), 30);
}

TEST(CollectorConfig, UnknownKeyHasPlaceAndSuggestion) {
  EXPECT_EQ(error_of(std::string(minimal) + "max_line_byte: 5\n"),
            "/etc/tg/c.yaml:4:1: error: unknown key 'max_line_byte'; did you mean "
            "'max_line_bytes'?");
  const std::string nested = error_of(
      "socket: s\nschemas: [a]\ntrail:\n  path: p\n  keys: k\n  fsnyc: never\n");
  EXPECT_EQ(nested.rfind("/etc/tg/c.yaml:6:3: error: unknown key 'fsnyc' under 'trail'", 0), 0u)
      << nested;
  EXPECT_NE(nested.find("did you mean 'fsync'?"), std::string::npos) << nested;
}

TEST(CollectorConfig, BadValuesSayWhatIsAllowed) {
  std::string e = error_of("socket: s\nschemas: [a]\ntrail: {path: p, keys: k, fsync: evry_event}\n");
  EXPECT_NE(e.find("unknown fsync policy 'evry_event'; did you mean 'every_event'?"),
            std::string::npos) << e;
  e = error_of(std::string(minimal) + "socket_mode: 0666\n");
  EXPECT_NE(e.find("lets every local user write"), std::string::npos) << e;
  e = error_of(std::string(minimal) + "socket_mode: 9x\n");
  EXPECT_NE(e.find("4:14: error: 'socket_mode' must be an octal mode"), std::string::npos) << e;
  e = error_of(std::string(minimal) + "max_line_bytes: lots\n");
  EXPECT_NE(e.find("'max_line_bytes' must be a whole number"), std::string::npos) << e;
  e = error_of(std::string(minimal) + "allow_uids: 5\n");
  EXPECT_NE(e.find("'allow_uids' must be a list"), std::string::npos) << e;
  e = error_of(std::string(minimal) + "max_connections: 0\n");
  EXPECT_NE(e.find("4:18: error: 'max_connections' must be a whole number from 1"),
            std::string::npos) << e;
  e = error_of(std::string(minimal) + "max_connections_per_uid: many\n");
  EXPECT_NE(e.find("'max_connections_per_uid' must be a whole number"), std::string::npos) << e;
  e = error_of(std::string(minimal) + "idle_timeout_s: 0\n");
  EXPECT_NE(e.find("4:17: error: 'idle_timeout_s' must be a whole number from 1"),
            std::string::npos) << e;
}

// bind() takes at most 107 bytes of path; the rest would be cut off, or
// refused only at start, after --check-config had said ok.
TEST(CollectorConfig, SocketPathTooLong) {
  const std::string dir(100, 'd');
  std::string e = error_of("socket: " + dir + "/c.sock\nschemas: [a]\n"
                           "trail: {path: p, keys: k}\n");
  EXPECT_EQ(e.rfind("/etc/tg/c.yaml:1:9: error: the socket path /etc/tg/ddd", 0), 0u) << e;
  EXPECT_NE(e.find(" is 115 bytes; a Unix socket path has at most 107: choose a shorter one"),
            std::string::npos)
      << e;
  config c;
  ASSERT_TRUE(parse_config("socket: /" + std::string(106, 's') + "\nschemas: [a]\n"
                           "trail: {path: p, keys: k}\n",
                           "/etc/tg/c.yaml", c, e))
      << e;
}

// The service name goes into every checkpoint the collector signs: one the
// runtime would refuse (invalid UTF-8, controls, separators, bidi
// controls, a BOM) is refused here with its place, before a trail is
// written that no verifier could check; printable names of any script,
// with quotes and backslashes, are kept exactly.
TEST(CollectorConfig, ServiceNamesThatAreNotPrintableUtf8AreRefused) {
  for (const std::string bad :
       {R"("a\nb")", R"("tab\there")", R"("\0")", R"("\x7f")", R"("\x85")", R"("x\u2028")",
        R"("\u2029")", R"("\u202e")", R"("\u2066")", R"("\ufeff")"}) {
    const std::string e = error_of(std::string(minimal) + "service: " + bad + "\n");
    EXPECT_NE(e.find("/etc/tg/c.yaml:4:10: error: 'service' "), std::string::npos) << bad << ": " << e;
    EXPECT_NE(e.find("printable UTF-8"), std::string::npos) << e;
  }
  // Bytes that are not UTF-8 in the file itself: the YAML reader refuses
  // the whole file at the first such byte, before any key is read.
  for (const auto &bad : {std::make_pair("\"a\xff\"", "4:12: error: the text is not "
                                                   "UTF-8 (byte 0xff starts no UTF-8 character)"),
                          std::make_pair("\"bad\xc3\"", "4:14: error: the text is "
                                                      "not UTF-8 (byte 0xc3"),
                          std::make_pair("\"\xed\xa0\x80\"", "4:11: error: the text "
                                                           "is not UTF-8 (byte 0xed")}) {
    const std::string e = error_of(std::string(minimal) + "service: " + bad.first + "\n");
    EXPECT_EQ(e.rfind(std::string("/etc/tg/c.yaml:") + bad.second, 0), 0u) << e;
    EXPECT_NE(e.find("save the file as UTF-8"), std::string::npos) << e;
  }
  for (const auto &good : {std::make_pair("shop", "shop"), std::make_pair(R"('a"b\c')", "a\"b\\c"),
                           std::make_pair("caf\xc3\xa9", "caf\xc3\xa9"),
                           std::make_pair(R"("\ufffd")", "\xef\xbf\xbd")}) {
    config c;
    std::string error;
    EXPECT_TRUE(parse_config(std::string(minimal) + "service: " + good.first + "\n", "/etc/tg/c.yaml",
                             c, error))
        << good.first << ": " << error;
    EXPECT_EQ(c.service, good.second);
  }
}

TEST(CollectorConfig, MissingRequiredKeys) {
  EXPECT_NE(error_of("schemas: [a]\ntrail: {path: p, keys: k}\n").find("missing 'socket'"),
            std::string::npos);
  EXPECT_NE(error_of("socket: s\ntrail: {path: p, keys: k}\n").find("missing 'schemas'"),
            std::string::npos);
  EXPECT_NE(error_of("socket: s\nschemas: [a]\n").find("missing 'trail'"), std::string::npos);
  EXPECT_NE(error_of("socket: s\nschemas: [a]\ntrail: {path: p}\n").find("missing 'keys'"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(minimal) + "kafka: {brokers: b, topic: t}\n")
                .find("missing 'state_dir'"),
            std::string::npos);
}

TEST(CollectorConfig, SyntaxAndDuplicates) {
  std::string e = error_of("socket: [unclosed\n");
  EXPECT_EQ(e.rfind("/etc/tg/c.yaml:", 0), 0u) << e;
  EXPECT_NE(e.find("error: invalid YAML"), std::string::npos) << e;
  e = error_of(std::string(minimal) + "socket: again\n");
  EXPECT_EQ(e, "/etc/tg/c.yaml:4:1: error: duplicate key 'socket'; it is already set at line 1, "
               "remove one of them");
  // The key as the message shows it: escaped, like every reader's.
  e = error_of("trail:\n  path: a\n  path: b\n");
  EXPECT_EQ(e, "/etc/tg/c.yaml:3:3: error: duplicate key 'path' under 'trail'; it is already set "
               "at line 2, remove one of them");
}

TEST(CollectorConfig, StoresWhenBuiltIn) {
  config c;
  std::string error;
  const std::string text = std::string(minimal) +
                           "state_dir: state\n"
                           "kafka:\n  brokers: k1:9092\n  topic: audit\n  partition: 2\n"
                           "  properties: {acks: all}\n"
                           "postgres: {conninfo: \"dbname=audit\", batch_rows: 50}\n";
  const bool ok = parse_config(text, "/etc/tg/c.yaml", c, error);
#if defined(TRAILGUARD_COLLECTOR_HAVE_FORWARD) && defined(TRAILGUARD_COLLECTOR_HAVE_KAFKA) && \
    defined(TRAILGUARD_COLLECTOR_HAVE_POSTGRES)
  ASSERT_TRUE(ok) << error;
  EXPECT_TRUE(c.kafka.enabled);
  EXPECT_EQ(c.kafka.partition, 2);
  ASSERT_EQ(c.kafka.properties.size(), 1u);
  EXPECT_EQ(c.kafka.properties[0].second, "all");
  EXPECT_EQ(c.postgres.batch_rows, 50u);
  EXPECT_EQ(c.postgres.table, "trailguard_events");
  EXPECT_EQ(c.state_dir, "/etc/tg/state");
#else
  EXPECT_FALSE(ok);
  EXPECT_NE(error.find("built without"), std::string::npos) << error;
#endif
}

TEST(CollectorConfig, ExampleFileLoads) {
  config c;
  std::string error;
  ASSERT_TRUE(trailguard::collector::load_config(EXAMPLE_CONFIG, c, error)) << error;
  EXPECT_EQ(c.socket, "/run/trailguard-collector/collector.sock");
  EXPECT_EQ(c.trail.sync, fsync_policy::every_event);
  EXPECT_EQ(c.max_connections, 256u);
  EXPECT_EQ(c.max_connections_per_uid, 64u);
  EXPECT_EQ(c.idle_timeout.count(), 300);
}

// What the configuration names on the host is checked where --check-config
// and the start both check it, at the value's line and column.
class CollectorHost : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/tg-collector-host-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  // check_host()'s error for the configuration `text` in dir_/c.yaml, or
  // "ok".
  std::string host_error(const std::string &text) {
    config c;
    std::string error;
    if (!parse_config(text, dir_ + "/c.yaml", c, error)) return "parse: " + error;
    return trailguard::collector::check_host(c, error) ? "ok" : error;
  }
  std::string config_with(const std::string &socket, const std::string &trail,
                          const std::string &extra = "") {
    return "socket: " + socket + "\nschemas: [a.yaml]\n" + extra +
           "trail:\n  path: " + trail + "\n  keys: keys\n";
  }
  std::string dir_;
};

TEST_F(CollectorHost, GoodConfiguration) {
  EXPECT_EQ(host_error(config_with("c.sock", "trail.jsonl")), "ok");
  ASSERT_EQ(::mkdir((dir_ + "/keys").c_str(), 0700), 0);
  EXPECT_EQ(host_error(config_with("c.sock", "trail.jsonl")), "ok");
}

TEST_F(CollectorHost, SocketDirectoryMissing) {
  EXPECT_EQ(host_error(config_with("run/c.sock", "trail.jsonl")),
            dir_ + "/c.yaml:1:9: error: the socket's directory " + dir_ +
                "/run does not exist; create it (under systemd: RuntimeDirectory=) or change "
                "'socket'");
}

TEST_F(CollectorHost, SocketPathTakenByAFile) {
  std::ofstream(dir_ + "/c.sock") << "x";
  EXPECT_EQ(host_error(config_with("c.sock", "trail.jsonl")),
            dir_ + "/c.yaml:1:9: error: " + dir_ +
                "/c.sock exists and is not a socket; remove it or change 'socket'");
}

// A path from the configuration is shown escaped: a line break or a
// bidirectional control in a directory name cannot forge or hide a line of
// the message.
TEST_F(CollectorHost, PathsInMessagesAreEscaped) {
  const std::string e =
      host_error(config_with("\"r\\nerror: fake\\u202e/c.sock\"", "trail.jsonl"));
  EXPECT_EQ(e.find('\n'), std::string::npos) << e;
  EXPECT_EQ(e.find("\xe2\x80\xae"), std::string::npos) << e;
  EXPECT_NE(e.find("/r\\nerror: fake\\u202e does not exist"), std::string::npos) << e;
}

TEST_F(CollectorHost, UnknownSocketGroup) {
  EXPECT_EQ(host_error(config_with("c.sock", "trail.jsonl", "socket_group: no-such-tg-group\n")),
            dir_ + "/c.yaml:3:15: error: unknown group 'no-such-tg-group'; create it "
                   "(groupadd) or change 'socket_group'");
}

TEST_F(CollectorHost, TrailPathIsADirectory) {
  ASSERT_EQ(::mkdir((dir_ + "/trail").c_str(), 0700), 0);
  const std::string e = host_error(config_with("c.sock", "trail"));
  EXPECT_EQ(e.rfind(dir_ + "/c.yaml:4:9: error: the trail file " + dir_ + "/trail is a directory",
                    0),
            0u)
      << e;
  EXPECT_EQ(host_error(config_with("c.sock", "none/trail.jsonl")),
            dir_ + "/c.yaml:4:9: error: the trail's directory " + dir_ +
                "/none does not exist; create it or change 'path'");
}

TEST_F(CollectorHost, KeysNotADirectory) {
  std::ofstream(dir_ + "/keys") << "x";
  EXPECT_EQ(host_error(config_with("c.sock", "trail.jsonl")),
            dir_ + "/c.yaml:5:9: error: the key directory " + dir_ + "/keys is not a directory");
}

// Deep nesting is refused while parsing, at the first collection past the
// limit (the top-level mapping counts), before anything walks the tree.
TEST(CollectorConfig, HostileNestingIsAnError) {
  EXPECT_EQ(error_of("socket: " + std::string(1000000, '[') + "\n"),
            "/etc/tg/c.yaml:1:72: error: nesting deeper than 64 levels; flatten "
            "the structure");
  std::string dashes = "schemas:\n";
  for (int i = 0; i < 1000000; ++i) dashes += "- ";
  EXPECT_EQ(error_of(dashes + "x\n").rfind("/etc/tg/c.yaml:2:127: error: nesting deeper", 0),
            0u);
  EXPECT_EQ(error_of("schemas: [a" + std::string(1000000, ',') + "]\n"),
            "/etc/tg/c.yaml:1:13: error: invalid YAML: did not find expected node content (while "
            "parsing a flow node that starts at line 1); fix the YAML syntax at this place");
}

// What the YAML reader refuses or reads differently from a plain value.
TEST(CollectorConfig, DocumentsAliasesAndEmptyValues) {
  EXPECT_EQ(error_of(""), "/etc/tg/c.yaml: error: the file is empty; see "
                          "collector/collector.example.yaml");
  EXPECT_EQ(error_of("# nothing yet\n"), error_of(""));
  EXPECT_EQ(error_of("---\n"), "/etc/tg/c.yaml:2:1: error: expected keys at the top level, "
                               "starting with 'socket:'");
  EXPECT_EQ(error_of("- socket\n"), "/etc/tg/c.yaml:1:1: error: expected keys at the top level, "
                                    "starting with 'socket:'");
  EXPECT_EQ(error_of(std::string(minimal) + "---\nsocket: /run/other.sock\n"),
            "/etc/tg/c.yaml:5:1: error: a second YAML document; the configuration is one "
            "document: remove the '---' line above");
  config c;
  std::string error;
  EXPECT_TRUE(parse_config(std::string(minimal) + "---\n", "/etc/tg/c.yaml", c, error)) << error;
  EXPECT_EQ(error_of(std::string(minimal) + "service: &name shop\nstate_dir: *name\n"),
            "/etc/tg/c.yaml:5:12: error: aliases ('*...') are not supported; write "
            "the value out");
  for (const char *none : {"~", "null", "", "NULL"})
    EXPECT_EQ(error_of(std::string(minimal) + "service: " + none + "\n"),
              "/etc/tg/c.yaml:4:1: error: missing value for 'service'; write it after the colon")
        << none;
  // Quoted, they are text.
  EXPECT_TRUE(parse_config(std::string(minimal) + "service: '~'\n", "/etc/tg/c.yaml", c, error))
      << error;
  EXPECT_EQ(c.service, "~");
  EXPECT_EQ(error_of(std::string(minimal) + "[a]: b\n"),
            "/etc/tg/c.yaml:4:1: error: expected a key name, not a list; fix the YAML syntax at "
            "this place");
  EXPECT_EQ(error_of("socket: s\n\tschemas: [a]\n").rfind("/etc/tg/c.yaml:2:1: error: invalid YAML: ", 0),
            0u);
  EXPECT_NE(error_of("socket: s\n\tschemas: [a]\n").find("; indent with spaces"), std::string::npos);
}

TEST(CollectorConfig, UnreadableFile) {
  config c;
  std::string error;
  EXPECT_FALSE(trailguard::collector::load_config("/nonexistent/c.yaml", c, error));
  EXPECT_NE(error.find("/nonexistent/c.yaml: error: cannot read"), std::string::npos) << error;
  EXPECT_FALSE(trailguard::collector::load_config("/tmp", c, error));
  EXPECT_EQ(error, "/tmp: error: cannot read the configuration: is a directory");
}

// A mistaken --config that never ends is refused at the reader's bound
// instead of being read until memory runs out.
TEST(CollectorConfig, EndlessFileIsRefused) {
  config c;
  std::string error;
  EXPECT_FALSE(trailguard::collector::load_config("/dev/zero", c, error));
  EXPECT_EQ(error, "/dev/zero: error: cannot read the configuration: is larger than 67108864 bytes");
}

}  // namespace
