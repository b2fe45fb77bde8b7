// The fd sink, and the auditor when sinks fail: a failing sink among good
// ones, full disks and writes cut short, under both failure policies.
#include "SinksFixture.hpp"

namespace {

using namespace sinks_test;

TEST(FdSink, ClosedAndReadOnlyDescriptors) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[1]);
  fd_sink closed(fds[1]);
  EXPECT_EQ(closed.write("{}\n"), std::errc::bad_file_descriptor);
  ::close(fds[0]);

  temp_dir dir;
  { std::ofstream(dir / "ro") << ""; }
  const int ro = ::open((dir / "ro").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(ro, 0);
  fd_sink read_only(ro);
  EXPECT_EQ(read_only.write("{}\n"), std::errc::bad_file_descriptor);
  ::close(ro);
}


// --- the auditor with failing sinks ----------------------------------------

TEST(AuditorSinks, FailingSinkAmongSeveralFailsClosed) {
  temp_dir dir;
  std::vector<std::string> told;
  auditor_options o;
  o.error_handler = [&](const std::string &m) { told.push_back(m); };
  auditor a(o);
  auto good = std::make_shared<memory_sink>();
  auto flaky = std::make_shared<switch_sink>();
  auto file = open_ok(dir / "audit.jsonl");
  a.add_sink(good);
  a.add_sink(flaky);
  a.add_sink(file);

  ASSERT_TRUE(a.emit(login("a"), request).ok());
  flaky->broken = true;
  const emit_result r = a.emit(login("b"), request);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status(), emit_status::write_failed);
  EXPECT_EQ(r.detail(), "switch");
  EXPECT_EQ(r.error(), std::errc::no_space_on_device);
  EXPECT_FALSE(r.degraded());
  EXPECT_EQ(a.stats().failed_writes, 1u);
  EXPECT_EQ(a.stats().emitted, 1u);
  ASSERT_EQ(told.size(), 1u);
  EXPECT_NE(told[0].find("switch"), std::string::npos) << told[0];

  flaky->broken = false;  // the disk has room again
  ASSERT_TRUE(a.emit(login("c"), request).ok());
  ASSERT_FALSE(a.close());

  // The good sinks have every event, the one the caller was told failed
  // included; the recovered sink resumes without a gap in its sequence.
  for (const auto &lines : {good->lines(), split_lines(read_all(dir / "audit.jsonl"))}) {
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(seqs_of(lines), iota(1, 3));
    EXPECT_EQ(json::parse(lines[1])["fields"]["user_id"], "b");
  }
  const auto kept = flaky->kept.lines();
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(seqs_of(kept), iota(1, 2));
  EXPECT_EQ(json::parse(kept[1])["fields"]["user_id"], "c");
}

TEST(AuditorSinks, FullDiskAmongSeveralFailOpenIsDegradedNotSilent) {
  std::vector<std::string> told;
  auditor_options o;
  o.on_failure = failure_policy::fail_open;
  o.error_handler = [&](const std::string &m) { told.push_back(m); };
  auditor a(o);
  auto good = std::make_shared<memory_sink>();
  std::error_code ec;
  auto full = open_file_sink("/dev/full", {}, ec);
  ASSERT_NE(full, nullptr) << ec.message();
  a.add_sink(full);
  a.add_sink(good);

  const emit_result r = a.emit(login(), request);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.degraded());
  EXPECT_EQ(r.detail(), "file:/dev/full");
  EXPECT_EQ(r.error(), std::errc::no_space_on_device);
  EXPECT_EQ(a.stats().failed_writes, 1u);
  ASSERT_EQ(told.size(), 1u);
  EXPECT_NE(told[0].find("file:/dev/full"), std::string::npos) << told[0];
  EXPECT_EQ(good->lines().size(), 1u);
}

TEST(AuditorSinks, PartialWriteDuringEmitLeavesOnlyWholeRecords) {
  temp_dir dir;
  const std::string path = dir / "audit.jsonl";
  auditor a;
  auto file = open_ok(path);
  a.add_sink(file);
  ASSERT_TRUE(a.emit(login("a"), request).ok());
  const std::size_t before = read_all(path).size();
  {
    file_size_limit limit(before + 20);
    const emit_result r = a.emit(login("b"), request);
    EXPECT_EQ(r.status(), emit_status::write_failed);
    EXPECT_EQ(r.error(), std::errc::file_too_large);
    EXPECT_EQ(read_all(path).size(), before);
  }
  ASSERT_TRUE(a.emit(login("c"), request).ok());
  ASSERT_FALSE(a.close());
  const auto lines = split_lines(read_all(path));
  EXPECT_EQ(seqs_of(lines), iota(1, 2));  // "b" was refused and never half-written
  EXPECT_EQ(json::parse(lines[1])["fields"]["user_id"], "c");
}

// A real full filesystem: a 16 KiB tmpfs in a private mount namespace, in a
// child process so the test process's mounts stay untouched. Skipped where
// mounting is not allowed (no CAP_SYS_ADMIN).
TEST(AuditorSinks, TinyFilesystemFillsUpWholeLinesOnlyNothingAcceptedLost) {
  temp_dir dir;
  const std::string mnt = dir / "mnt";
  ASSERT_EQ(::mkdir(mnt.c_str(), 0700), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (::unshare(CLONE_NEWNS) != 0 ||
        ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        ::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=16k") != 0)
      ::_exit(77);
    auto fail = [](const char *what) {
      std::fprintf(stderr, "child: %s\n", what);
      ::_exit(1);
    };
    { std::ofstream(mnt + "/filler") << std::string(4096, 'f'); }
    auditor a;
    auto good = std::make_shared<memory_sink>();
    std::error_code ec;
    auto file = open_file_sink(mnt + "/audit.jsonl", {}, ec);
    if (!file) fail("open");
    a.add_sink(file);
    a.add_sink(good);
    int accepted = 0;
    emit_result r;
    for (int i = 0; i < 1000; ++i) {
      r = a.emit(login(std::string(50, 'a') + std::to_string(i)), request);
      if (!r.ok()) break;
      ++accepted;
    }
    if (r.status() != emit_status::write_failed || r.error() != std::errc::no_space_on_device)
      fail("expected ENOSPC");
    if (accepted < 10) fail("too few lines before the disk filled");
    auto lines = split_lines(read_all(mnt + "/audit.jsonl"));
    if (read_all(mnt + "/audit.jsonl").back() != '\n') fail("a partial line");
    if (seqs_of(lines) != iota(1, accepted)) fail("lines lost or torn");
    ::unlink((mnt + "/filler").c_str());  // room again
    if (!a.emit(login("after"), request).ok()) fail("no recovery");
    if (a.close()) fail("close");
    lines = split_lines(read_all(mnt + "/audit.jsonl"));
    if (seqs_of(lines) != iota(1, accepted + 1)) fail("after recovery");
    if (json::parse(lines.back())["fields"]["user_id"] != "after") fail("last line");
    if (good->lines().size() != std::size_t(accepted) + 2) fail("the good sink lost events");
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 77) GTEST_SKIP() << "cannot mount a tmpfs here";
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
