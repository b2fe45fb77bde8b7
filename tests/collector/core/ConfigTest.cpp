// The collector's config reader: every key, relative paths, and a clear
// "file:line:col: error:" for each kind of mistake.
#include <trailguard/collector/config.hpp>

#include <gtest/gtest.h>

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
                           "max_line_bytes: 65536\n",
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
  EXPECT_NE(e.find("4:1: error: duplicate key 'socket'"), std::string::npos) << e;
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
}

// The parser would recurse once per level until the stack overflows.
TEST(CollectorConfig, HostileNestingIsAnError) {
  EXPECT_EQ(error_of("socket: " + std::string(1000000, '[') + "\n"),
            "/etc/tg/c.yaml:1:73: error: nesting deeper than 64 levels; a configuration needs "
            "far less, flatten the structure");
  std::string dashes = "schemas:\n";
  for (int i = 0; i < 1000000; ++i) dashes += "- ";
  EXPECT_EQ(error_of(dashes + "x\n").rfind("/etc/tg/c.yaml:2:127: error: nesting deeper", 0), 0u);
  EXPECT_EQ(error_of("schemas: [a" + std::string(1000000, ',') + "]\n"),
            "/etc/tg/c.yaml:1:12: error: more than 1000 commas in a row with nothing between "
            "them; write one ',' between two entries");
}

TEST(CollectorConfig, UnreadableFile) {
  config c;
  std::string error;
  EXPECT_FALSE(trailguard::collector::load_config("/nonexistent/c.yaml", c, error));
  EXPECT_NE(error.find("/nonexistent/c.yaml: error: cannot read"), std::string::npos) << error;
}

}  // namespace
