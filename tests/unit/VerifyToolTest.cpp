// Command-line behaviour of trailguard-verify, through the library it is built on.
#include "verify_tool.hpp"

#include <trailguard/trail.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace {

struct result {
  int code;
  std::string out, err;
};

result run(std::vector<const char*> args) {
  args.insert(args.begin(), "trailguard-verify");
  std::ostringstream out, err;
  int code = trailguard::verify::run_verify_tool(static_cast<int>(args.size()), args.data(), out, err);
  return {code, out.str(), err.str()};
}

TEST(VerifyTool, HelpAndVersionSucceed) {
  auto help = run({"--help"});
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("USAGE"), std::string::npos);
  auto version = run({"--version"});
  EXPECT_EQ(version.code, 0);
  EXPECT_NE(version.out.find("trailguard-verify 0."), std::string::npos);
}

TEST(VerifyTool, UsageErrorsExitTwoWithAMessage) {
  auto none = run({});
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("no trail files given"), std::string::npos);

  auto unknown = run({"--frobnicate", "trail.jsonl"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.err.find("unknown option '--frobnicate'"), std::string::npos);

  auto missing = run({"trail.jsonl", "--key"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("'--key' needs a FILE"), std::string::npos);
}

TEST(VerifyTool, AKeyIsRequired) {
  auto none = run({"trail.jsonl"});
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("give --key (the MAC key) or --pubkey"), std::string::npos);
}

// A trail sealed record by record, without an auditor: the tool's exit
// codes and messages on the real thing.
class VerifyToolTrail : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/trailguard-verify-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir = tmpl;
    ASSERT_FALSE(trailguard::create_trail_keys(dir));
    trailguard::trail_options o;
    o.state_file = dir + "/state.json";
    o.signing_key_file = dir + "/signing.pem";
    o.checkpoint_every = 2;
    o.service = "svc";
    std::error_code ec;
    auto seal = trailguard::open_trail_sealer(o, ec);
    ASSERT_TRUE(seal) << ec.message();
    for (int i = 0; i < 3; ++i) {
      const std::uint64_t seq = seal->next_seq();
      seal->seal(text, "{\"seq\":" + std::to_string(seq) + ",\"event\":\"e\",\"n\":" + std::to_string(i), seq);
      seal->commit();
    }
    seal->close(text, seal->next_seq());
    seal->commit();
    trail = dir + "/t.jsonl";
    std::ofstream(trail) << text;
    key = dir + "/mac.key";
    pub = dir + "/signing.pub.pem";
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::string dir, text, trail, key, pub;
};

TEST_F(VerifyToolTrail, IntactExitsZeroWithASummary) {
  auto r = run({"--key", key.c_str(), "--pubkey", pub.c_str(), trail.c_str()});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "intact: 5 records in 1 file, 2 epochs, 2 checkpoints verified (MACs and signatures)\n");
  auto quiet = run({"--quiet", "--key", key.c_str(), trail.c_str()});
  EXPECT_EQ(quiet.code, 0);
  EXPECT_EQ(quiet.out, "");
}

// A verdict that cannot be written is no verdict: exit 2, whatever the
// trail, with what was lost on the error stream.
TEST_F(VerifyToolTrail, AReportThatCannotBeWrittenExitsTwo) {
  const char *args[] = {"trailguard-verify", "--key", key.c_str(), trail.c_str()};
  std::ostringstream out, err;
  out.setstate(std::ios::badbit);
  EXPECT_EQ(trailguard::verify::run_verify_tool(4, args, out, err), 2);
  EXPECT_NE(err.str().find("cannot write to standard output"), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("the trail verified, but its report is lost"), std::string::npos);
}

// Nothing to verify is no verdict either: a directory, an empty file.
TEST_F(VerifyToolTrail, ADirectoryOrAnEmptyTrailExitsTwo) {
  auto r = run({"--key", key.c_str(), dir.c_str()});
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.err.find("is a directory"), std::string::npos) << r.err;
  const std::string empty = dir + "/empty.jsonl";
  std::ofstream(empty).close();
  r = run({"--key", key.c_str(), empty.c_str()});
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.err.find("an empty trail proves nothing"), std::string::npos) << r.err;
}

// Without --key the MACs are not checked, and the output says so.
TEST_F(VerifyToolTrail, WhatWasNotCheckedIsSaid) {
  auto r = run({"--pubkey", pub.c_str(), trail.c_str()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\nnot checked: MACs (no --key)"), std::string::npos) << r.out;
  r = run({"--key", key.c_str(), trail.c_str()});
  EXPECT_NE(r.out.find("\nnot checked: checkpoint signatures (no --pubkey)"), std::string::npos) << r.out;
}

TEST_F(VerifyToolTrail, TamperingExitsOneNamingTheLine) {
  std::string changed = text;
  changed.replace(changed.find("\"n\":1"), 5, "\"n\":7");
  std::ofstream(trail) << changed;
  auto r = run({"--key", key.c_str(), trail.c_str()});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, trail + ":2: modified: record 2 does not match its chain value\n");
}

// --format json: the same verdicts and exit codes, as one object whose
// offset points at the start of the bad line.
TEST_F(VerifyToolTrail, JsonNamesTheKindLineAndOffset) {
  auto r = run({"--format", "json", "--key", key.c_str(), trail.c_str()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\"result\":\"intact\""), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << "one line: " << r.out;

  std::string changed = text;
  changed.replace(changed.find("\"n\":1"), 5, "\"n\":7");
  std::ofstream(trail) << changed;
  r = run({"--format", "json", "--key", key.c_str(), trail.c_str()});
  EXPECT_EQ(r.code, 1);
  const std::size_t line2 = changed.find('\n') + 1;
  EXPECT_NE(r.out.find("\"problem\":{\"file\":\"" + trail +
                       "\",\"kind\":\"modified\",\"line\":2,\"message\":\"record 2 does not match its "
                       "chain value\",\"offset\":" + std::to_string(line2) + "}"),
            std::string::npos)
      << r.out;

  r = run({"--format", "json", "--key", key.c_str(), (dir + "/missing").c_str()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("\"kind\":\"unreadable\""), std::string::npos) << r.out;
}

TEST_F(VerifyToolTrail, UnreadableFilesAndBadKeysExitTwo) {
  const std::string missing = dir + "/missing.jsonl";
  auto r = run({"--key", key.c_str(), missing.c_str()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("cannot read '" + missing + "'"), std::string::npos);
  r = run({"--key", pub.c_str(), trail.c_str()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("not a trail MAC key"), std::string::npos);
  r = run({"--pubkey", key.c_str(), trail.c_str()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("not a PEM Ed25519 public key"), std::string::npos);
}

}  // namespace
