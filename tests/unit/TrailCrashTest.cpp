// Crash recovery (trail_options::resume_file): the sealer takes over the
// lines written since the state file's checkpoint, and leaves torn ones.
#include "TrailFixture.hpp"

namespace {

using namespace trail_test;

// A crash, simulated by copying the state file and the trail file at some
// moment and going on from the copies in a new process' place.
class TrailCrash : public Trail {
 protected:
  // Events into trail.jsonl through a file sink; `at_copy` runs after each.
  void write_file(int events, std::uint64_t every, const std::function<void(int)> &after = {},
                  std::uint64_t rotate_bytes = 0) {
    auditor_options ao;
    ao.service = "shop";
    ao.clock = [this] { return now; };
    auditor a(ao);
    std::error_code ec;
    file_sink_options fo;
    fo.rotate_bytes = rotate_bytes;
    auto file = open_file_sink((dir / "trail.jsonl").string(), fo, ec);
    ASSERT_TRUE(file) << ec.message();
    sink_options so;
    so.seal = open(every);
    a.add_sink(file, so);
    for (int i = 0; i < events; ++i) {
      ASSERT_TRUE(a.emit(Login("user-" + std::to_string(i), Login::Method::password), request));
      if (after) after(i + 1);
    }
  }
  void copy_state() { fs::copy_file(dir / "state.json", dir / "crash-state.json"); }
  void copy_trail() { fs::copy_file(dir / "trail.jsonl", dir / "crash.jsonl"); }

  // Reopens from the copies with resume_file set, writes `events` more, closes.
  std::vector<std::string> messages;
  void resume_and_write(int events, std::uint64_t every) {
    trail_options o = options(every);
    o.state_file = (dir / "crash-state.json").string();
    o.resume_file = (dir / "crash.jsonl").string();
    o.error_handler = [this](const std::string &m) { messages.push_back(m); };
    std::error_code ec;
    std::string detail;
    sink_options so;
    so.seal = open_trail_sealer(o, ec, &detail);
    ASSERT_TRUE(so.seal) << ec.message() << ": " << detail;
    auditor_options ao;
    ao.service = "shop";
    ao.clock = [this] { return now; };
    auditor a(ao);
    auto file = open_file_sink(o.resume_file, {}, ec);
    ASSERT_TRUE(file) << ec.message();
    a.add_sink(file, so);
    for (int i = 0; i < events; ++i)
      ASSERT_TRUE(a.emit(Login("late-" + std::to_string(i), Login::Method::password), request));
    ASSERT_FALSE(a.close());
  }
  std::vector<std::uint64_t> seqs(const std::vector<std::string> &lines) {
    std::vector<std::uint64_t> out;
    for (const auto &l : lines) out.push_back(json::parse(l)["seq"]);
    return out;
  }
};

TEST_F(TrailCrash, ResumesAfterTheLinesWrittenSinceTheCheckpoint) {
  write_file(5, 3, [this](int n) {
    if (n == 5) copy_state(), copy_trail();
  });  // 1 2 3 cp4 5 6, the state at cp4
  resume_and_write(2, 3);
  const auto ls = split(read(dir / "crash.jsonl"));
  EXPECT_EQ(seqs(ls), (std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_TRUE(messages.empty());
  for (const auto *k : {&keys, &public_only, &both}) {
    const auto r = check({read(dir / "crash.jsonl")}, *k);
    ASSERT_TRUE(r.intact()) << r.first_problem->what;
    EXPECT_TRUE(r.warnings.empty()) << r.warnings[0];
  }
}

TEST_F(TrailCrash, TakesOverACheckpointTheStateMissed) {
  write_file(5, 3, [this](int n) {
    if (n == 2) copy_state();  // K0, before the checkpoint at 4
    if (n == 5) copy_trail();
  });
  resume_and_write(1, 3);
  // The taken-over checkpoint ratcheted the key: K0 is gone from the state.
  EXPECT_EQ(read(dir / "crash-state.json").find(detail::to_hex(k0)), std::string::npos);
  const auto r = check({read(dir / "crash.jsonl")}, both);
  ASSERT_TRUE(r.intact()) << r.first_problem->what;
  EXPECT_TRUE(r.warnings.empty()) << r.warnings[0];
  EXPECT_EQ(seqs(split(read(dir / "crash.jsonl"))).back(), 8u);  // 1 2 3 cp4 5 6, then 7 and cp8
}

// A rotation seals a checkpoint right after its record, so the state's last
// record is in the new file and a crash before the next regular checkpoint
// is still taken over.
TEST_F(TrailCrash, ResumesInTheFileARotationStarted) {
  std::uintmax_t size_before = 0;
  write_file(
      12, 1000,
      [&](int n) {
        const std::uintmax_t size = fs::file_size(dir / "trail.jsonl");
        if (n > 1 && size < size_before && !fs::exists(dir / "crash.jsonl"))
          copy_state(), copy_trail();  // just rotated: rotate, checkpoint, one line
        size_before = size;
      },
      2000);
  ASSERT_TRUE(fs::exists(dir / "crash.jsonl")) << "no rotation happened";
  resume_and_write(1, 1000);
  EXPECT_TRUE(messages.empty()) << messages[0];
  const auto ls = split(read(dir / "crash.jsonl"));
  ASSERT_GE(ls.size(), 5u);
  EXPECT_EQ(json::parse(ls[0])["event"], "trailguard.rotate");
  EXPECT_EQ(json::parse(ls[1])["event"], "trailguard.checkpoint");
  const auto s = seqs(ls);
  for (std::size_t i = 1; i < s.size(); ++i) EXPECT_EQ(s[i], s[i - 1] + 1) << "line " << i + 1;
}

TEST_F(TrailCrash, ALineTornByTheCrashIsReportedAndLeftAlone) {
  write_file(5, 3, [this](int n) {
    if (n == 5) copy_state(), copy_trail();
  });
  std::ofstream(dir / "crash.jsonl", std::ios::app) << "{\"seq\":7,\"time\":\"2026-";
  resume_and_write(1, 3);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0].find("resuming after seq 6; 1 later line(s) do not verify"), std::string::npos)
      << messages[0];
  auto ls = split(read(dir / "crash.jsonl"));
  ASSERT_EQ(ls.size(), 9u);
  EXPECT_EQ(ls[6], "{\"seq\":7,\"time\":\"2026-");  // ended by the file sink, not rewritten
  ls.erase(ls.begin() + 6);
  const auto r = check({join(ls)}, both);
  ASSERT_TRUE(r.intact()) << r.first_problem->what;
  EXPECT_EQ(seqs(ls), (std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7, 8}));
}

}  // namespace
