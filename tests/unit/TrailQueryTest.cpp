// trailguard-trail's library: times, filters, escaping, and the verifier
// line by line agreeing with the whole-trail verifier.
#include "trail_query.hpp"
#include "trail_tool.hpp"
#include "trail_verifier.hpp"

#include <trailguard/trail.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

using namespace trailguard;

TEST(TrailQuery, ParsesRfc3339AndDates) {
  EXPECT_EQ(query::parse_time("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(query::parse_time("1970-01-01"), 0);
  EXPECT_EQ(query::parse_time("1970-01-01T00:00:01.5Z"), 1500000);
  EXPECT_EQ(query::parse_time("1970-01-01t00:00:01.0000019z"), 1000001);  // cut to microseconds
  EXPECT_EQ(query::parse_time("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(query::parse_time("1969-12-31 23:00:00-01:00"), 0);
  EXPECT_EQ(query::parse_time("2026-01-01T00:00:00Z"), 1767225600LL * 1000000);
  EXPECT_EQ(query::parse_time("2024-02-29"), 1709164800LL * 1000000);
  for (const char *bad : {"", "2026", "2026-13-01", "2025-02-29", "2026-01-01T24:00:00Z",
                          "2026-01-01T00:00:00", "2026-01-01T00:00:00.Z", "2026-01-01T00:00Z",
                          "2026-01-01T00:00:00+0100", "2026-01-01T00:00:00Zjunk", "+2026-01-01",
                          "2026-01-01T00:00:00+24:00"})
    EXPECT_FALSE(query::parse_time(bad)) << bad;
}

TEST(TrailQuery, FiltersMatchAnyEntryAndAllFilters) {
  query::record r = query::parse_record(
      R"({"seq":3,"time":"2026-01-01T00:01:00Z","event":"authn.login_failure","outcome":"failure",)"
      R"("context":{"source_address":"198.51.100.23","request_id":"r-1"}})");
  ASSERT_TRUE(r.object);
  EXPECT_EQ(r.seq, 3u);
  query::filter f;
  EXPECT_TRUE(f.matches(r));
  f.events = {"order.*", "authn.*"};
  EXPECT_TRUE(f.matches(r));
  f.events = {"authn.login"};
  EXPECT_FALSE(f.matches(r));
  f.events = {"authn.login_failure"};
  f.sources = {"198.51.100.23"};
  f.outcomes = {"failure"};
  EXPECT_TRUE(f.matches(r));
  f.actors = {"42"};
  EXPECT_FALSE(f.matches(r));  // no actor
  f.actors.clear();
  f.since = query::parse_time("2026-01-01T00:01:00Z");
  f.until = query::parse_time("2026-01-01T00:02:00Z");
  EXPECT_TRUE(f.matches(r));
  f.until = f.since;
  EXPECT_FALSE(f.matches(r));  // until is exclusive

  // The trail's own records only when asked for.
  const query::record checkpoint = query::parse_record(R"({"seq":4,"event":"trailguard.checkpoint"})");
  EXPECT_FALSE(query::filter().matches(checkpoint));
  query::filter own;
  own.trail_records = true;
  EXPECT_TRUE(own.matches(checkpoint));
  own = {};
  own.events = {"trailguard.*"};
  EXPECT_TRUE(own.matches(checkpoint));
  // Not a record at all.
  EXPECT_FALSE(query::parse_record("[1,2]").object);
  EXPECT_FALSE(query::parse_record("{\"seq\":1").object);
}

TEST(TrailQuery, TableCellsEscapeWhatATerminalActsOn) {
  EXPECT_EQ(query::table_cell("plain caf\xc3\xa9"), "plain caf\xc3\xa9");
  EXPECT_EQ(query::table_cell("\x1b[2J\a\x7f"), "\\x1b[2J\\x07\\x7f");
  EXPECT_EQ(query::table_cell("a\\x1b"), "a\\\\x1b");  // a forged escape stays visible as one
  EXPECT_EQ(query::table_cell("\xc2\x9b" "31m"), "\\x9b31m");  // C1 CSI
  EXPECT_EQ(query::table_cell("\xe2\x80\xae" "evil"), "\\u{202e}evil");  // bidi override
  EXPECT_EQ(query::table_cell("\xff\xc0\x80\xed\xa0\x80"), "\\xff\\xc0\\x80\\xed\\xa0\\x80");
  EXPECT_EQ(query::table_cell("\xe2\x82"), "\\xe2\\x82");  // cut short
  EXPECT_EQ(query::cell_width("caf\xc3\xa9"), 4u);
}

TEST(TrailQuery, RowsAlignAndCutAtCodePoints) {
  const std::vector<std::size_t> widths = {3, 4, 0};
  EXPECT_EQ(query::format_row({"a", "b", "rest"}, widths), "a    b     rest\n");
  EXPECT_EQ(query::format_row({"abcdef", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", "x"}, widths),
            "ab~  \xc3\xa9\xc3\xa9\xc3\xa9~  x\n");
  EXPECT_EQ(query::format_row({"", "", ""}, widths), "\n");
  const auto w = query::column_widths({{"!", "12345"}}, 3);
  EXPECT_EQ(w[0], 1u);
  EXPECT_EQ(w[1], 3u);  // "SEQ", the cap
  // No rows yet (a followed trail with no match): a time still fits.
  EXPECT_EQ(query::column_widths({})[2], 27u);
}

TEST(TrailQuery, TamperedLinesAreMarkedAndStayJson) {
  const std::string line = R"({"seq":1,"event":"e"})";
  EXPECT_EQ(query::jsonl_line(line, false, "f", 1, false), line + "\n");
  EXPECT_EQ(query::jsonl_line(line, true, "f", 1, false), R"({"seq":1,"event":"e","tampered":true})" "\n");
  // A forged marker is overwritten, not followed by a second key.
  EXPECT_EQ(query::jsonl_line(R"({"tampered":false,"seq":1})", true, "f", 1, false),
            R"({"tampered":true,"seq":1})" "\n");
  EXPECT_EQ(query::jsonl_line("\x1b junk", true, "f", 7, false),
            R"({"tampered":true,"file":"f","line":7,"raw":"\u001b junk"})" "\n");
  // On a terminal, only printable ASCII.
  EXPECT_EQ(query::jsonl_line("{\"a\":\"\xc2\x9b\"}", false, "f", 1, true), "{\"a\":\"\\u009b\"}\n");
}

// The verifier line by line names the same first bad line as the whole
// trail's, for each kind of tampering.
class LineVerifier : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/trailguard-trail-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir = tmpl;
    ASSERT_FALSE(create_trail_keys(dir));
    trail_options o;
    o.state_file = dir + "/state.json";
    o.signing_key_file = dir + "/signing.pem";
    o.checkpoint_every = 3;
    o.service = "svc";
    std::error_code ec;
    auto seal = open_trail_sealer(o, ec);
    ASSERT_TRUE(seal) << ec.message();
    for (int i = 0; i < 8; ++i) {
      const std::uint64_t seq = seal->next_seq();
      std::string line;
      seal->seal(line, "{\"seq\":" + std::to_string(seq) + ",\"event\":\"e\",\"n\":" + std::to_string(i), seq);
      seal->commit();
      text += line;
    }
    seal->close(text, seal->next_seq());
    seal->commit();
    std::string key, error;
    std::ifstream in(dir + "/mac.key");
    std::getline(in, key);
    ASSERT_TRUE(keys.set_mac_key(key + "\n", error)) << error;
  }
  void TearDown() override { std::filesystem::remove_all(dir); }

  std::vector<std::string> lines(const std::string &t) {
    std::vector<std::string> out;
    std::istringstream in(t);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
  }
  std::string join(const std::vector<std::string> &ls) {
    std::string t;
    for (const auto &l : ls) t += l + "\n";
    return t;
  }
  void expect_same(const std::string &t, const char *what, std::size_t forget_after = 10000) {
    const verify::verify_report whole = verify::verify_trail({{"t", t}}, keys);
    verify::line_verifier one(keys);
    one.forget_after(forget_after);
    one.begin_file("t");
    std::uint64_t offset = 0;
    std::istringstream in(t);
    for (std::string l; std::getline(in, l);) {
      const bool complete = !in.eof();
      one.add(l, offset, complete);
      offset += l.size() + 1;
    }
    ASSERT_EQ(whole.intact(), !one.first_problem()) << what;
    if (forget_after < 10000 && whole.intact()) EXPECT_LT(one.lines_kept(), 4u) << what;
    if (whole.intact()) return;
    EXPECT_EQ(one.first_problem()->line, whole.first_problem->line) << what;
    EXPECT_EQ(one.first_problem()->offset, whole.first_problem->offset) << what;
  }

  std::string dir, text;
  verify::verify_keys keys;
};

TEST_F(LineVerifier, AgreesWithTheWholeTrailVerifier) {
  expect_same(text, "intact");
  auto ls = lines(text);
  auto modified = ls;
  modified[4].replace(modified[4].find("\"n\":"), 5, "\"n\":9");
  expect_same(join(modified), "modified");
  auto deleted = ls;
  deleted.erase(deleted.begin() + 4);
  expect_same(join(deleted), "deleted");
  auto repeated = ls;
  repeated.insert(repeated.begin() + 5, ls[4]);
  expect_same(join(repeated), "repeated");
  auto reordered = ls;
  std::swap(reordered[4], reordered[5]);
  expect_same(join(reordered), "reordered");
  expect_same(text.substr(0, text.size() - 10), "truncated");
  expect_same(join({ls[0], "garbage", ls[1]}), "malformed");

  // Forgetting the lines before each checkpoint changes no verdict and no
  // place (line 4 is the first checkpoint).
  for (std::size_t keep : {1, 2, 5}) {
    expect_same(text, "intact, forgetting", keep);
    expect_same(join(modified), "modified, forgetting", keep);
    expect_same(join(deleted), "deleted, forgetting", keep);
    expect_same(join(repeated), "repeated, forgetting", keep);
    expect_same(join(reordered), "reordered, forgetting", keep);
    auto late = ls;  // a repeat of a line from before a checkpoint
    late.insert(late.begin() + 9, ls[1]);
    expect_same(join(late), "old repeat, forgetting", keep);
  }
}

// The tool end to end through its library: the first tampered line stops
// the output and exits 1.
TEST_F(LineVerifier, TheToolStopsAtTheFirstTamperedLine) {
  auto ls = lines(text);
  ls[5].replace(ls[5].find("\"n\":"), 5, "\"n\":9");
  const std::string trail = dir + "/t.jsonl";
  std::ofstream(trail) << join(ls);
  const std::string key = dir + "/mac.key";
  const char *args[] = {"trailguard-trail", "--key", key.c_str(), "--trail-records", trail.c_str()};
  std::ostringstream out, err;
  EXPECT_EQ(query::run_trail_tool(5, args, out, err, false), 1);
  EXPECT_EQ(out.str(), join({ls[0], ls[1], ls[2], ls[3], ls[4]}));
  EXPECT_NE(err.str().find(trail + ":6: modified:"), std::string::npos) << err.str();
}

}  // namespace
