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
    for (int i = 0; i < events && !stop; ++i) {
      ASSERT_TRUE(a.emit(Login("user-" + std::to_string(i), Login::Method::password), request));
      if (after) after(i + 1);
    }
  }
  bool stop = false;  // set by `after` to end write_file() early
  void copy_state() { fs::copy_file(dir / "state.json", dir / "crash-state.json"); }
  void copy_trail() { fs::copy_file(dir / "trail.jsonl", dir / "crash.jsonl"); }

  // Reopens from the copies with resume_file set, writes `events` more, closes.
  std::vector<std::string> messages;
  void resume_and_write(int events, std::uint64_t every, const char *trail = "crash.jsonl") {
    trail_options o = options(every);
    o.state_file = (dir / "crash-state.json").string();
    o.resume_file = (dir / trail).string();
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
  // The live file and the files its rotate records name, oldest first.
  std::vector<fs::path> rotated_files(const fs::path &live) {
    std::vector<fs::path> files{live};
    for (;;) {
      const auto first = split(read(files.front()));
      if (first.empty()) break;
      const json j = json::parse(first[0]);
      if (j["event"] != "trailguard.rotate") break;
      files.insert(files.begin(), dir / fs::path(j["fields"]["previous_file"].get<std::string>()).filename());
    }
    return files;
  }
  // The files, oldest first, are one trail: sequence numbers without a gap
  // or a repeat, and the verifier finds it intact without a warning.
  void expect_one_trail(const std::vector<fs::path> &files) {
    std::vector<std::string> texts, lines;
    for (const auto &f : files) {
      texts.push_back(read(f));
      for (auto &l : split(texts.back())) lines.push_back(l);
    }
    const auto s = seqs(lines);
    for (std::size_t i = 1; i < s.size(); ++i) EXPECT_EQ(s[i], s[i - 1] + 1) << "line " << i + 1;
    const auto r = check(texts, both);
    ASSERT_TRUE(r.intact()) << r.first_problem->what;
    EXPECT_TRUE(r.warnings.empty()) << r.warnings[0];
  }
  // Writes events into a trail rotating every 2000 bytes: the state file is
  // copied after `state_after` rotations, and writing stops right after
  // `rotations` of them, as a crash would before the last state replace.
  void crash_after_rotations(int state_after, int rotations) {
    std::uintmax_t size_before = 0;
    int seen = 0;
    if (state_after == 0) copy_state();
    write_file(
        1000, 1000,
        [&](int) {
          const std::uintmax_t size = fs::file_size(dir / "trail.jsonl");
          if (size < size_before) {
            ++seen;
            if (seen == state_after) copy_state();
            if (seen == rotations) stop = true;
          }
          size_before = size;
        },
        2000);
    ASSERT_EQ(seen, rotations);
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

// The state file is replaced after a rotation's lines are written: a crash
// in between leaves the state's last record in the file rotated away, and
// the sealer follows the rotate record back to it.
TEST_F(TrailCrash, FollowsARotationTheStateFileMissed) {
  crash_after_rotations(1, 2);
  resume_and_write(3, 1000, "trail.jsonl");
  EXPECT_TRUE(messages.empty()) << messages[0];
  const auto files = rotated_files(dir / "trail.jsonl");
  ASSERT_EQ(files.size(), 3u);
  expect_one_trail(files);
  // The state caught up: no key of an epoch the trail has closed is left.
  EXPECT_EQ(read(dir / "crash-state.json").find(detail::to_hex(k0)), std::string::npos);
}

// A state file that fell behind by several rotations (it could not be
// replaced for a while) is followed back through all of them, to the
// trail's first line.
TEST_F(TrailCrash, FollowsSeveralRotationsBackToTheFirstLine) {
  crash_after_rotations(0, 3);
  resume_and_write(1, 1000, "trail.jsonl");
  EXPECT_TRUE(messages.empty()) << messages[0];
  const auto files = rotated_files(dir / "trail.jsonl");
  ASSERT_EQ(files.size(), 4u);
  expect_one_trail(files);
}

// Without the file the rotate record names, nothing can be taken over:
// the sealer says so instead of guessing.
TEST_F(TrailCrash, AMissingRotatedFileIsReported) {
  crash_after_rotations(1, 2);
  const auto files = rotated_files(dir / "trail.jsonl");
  ASSERT_EQ(files.size(), 3u);
  fs::rename(files[1], dir / "elsewhere.jsonl");
  resume_and_write(1, 1000, "trail.jsonl");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0].find("does not hold the state's last record"), std::string::npos) << messages[0];
  EXPECT_NE(messages[0].find("nor do the files its rotate records name"), std::string::npos)
      << messages[0];
}

// A rotate record can only send recovery to a file next to the trail: the
// name is read from the trail, which is not trusted, so its directory is
// not followed.
TEST_F(TrailCrash, ARotateRecordCannotSendRecoveryElsewhere) {
  crash_after_rotations(1, 2);
  const auto files = rotated_files(dir / "trail.jsonl");
  ASSERT_EQ(files.size(), 3u);
  fs::create_directory(dir / "sub");
  const fs::path moved = dir / "sub" / files[1].filename();
  fs::rename(files[1], moved);
  auto ls = split(read(files[2]));
  const std::string key = "\"previous_file\":\"";
  const auto from = ls[0].find(key) + key.size();
  ls[0].replace(from, ls[0].find('"', from) - from, moved.string());
  write(files[2], join(ls));
  resume_and_write(1, 1000, "trail.jsonl");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0].find("nor do the files its rotate records name"), std::string::npos)
      << messages[0];
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
