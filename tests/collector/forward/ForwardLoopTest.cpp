// The forward loop on real rotating trails (file sink + trail sealer, shop.yaml
// events) against a fake store that can be down, fail part-way or already
// hold a prefix: every line arrives once, in order, and bad lines stop it.
#include <shop.hpp>
#include <trailguard/audit.hpp>
#include <trailguard/collector/forward.hpp>
#include <trailguard/sinks.hpp>
#include <trailguard/trail.hpp>

#include "test_trail.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <sstream>
#include <sys/inotify.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace trailguard;
using namespace trailguard::collector;
using namespace std::chrono_literals;
using Login = shop::audit::AuthnLoginSuccess;
namespace fs = std::filesystem;

const context request{"u-42", actor_type::user, "s-9", "203.0.113.9", "r-1"};
// Generous: the machine is shared and loaded; a passing test never waits this long.
constexpr auto patience = 60s;

std::string read(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void append(const fs::path &p, const std::string &text) {
  std::ofstream(p, std::ios::binary | std::ios::app) << text;
}

std::vector<std::string> split(const std::string &text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

std::vector<std::uint64_t> range(std::uint64_t from, std::uint64_t to) {
  std::vector<std::uint64_t> r;
  for (std::uint64_t s = from; s <= to; ++s) r.push_back(s);
  return r;
}

template <typename Pred> bool eventually(Pred pred) {
  const auto until = std::chrono::steady_clock::now() + patience;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

// What the fake store holds, shared with the test after the loop took the
// forwarder. Idempotent on seq, as the contract demands; `sent` records
// every seq it was handed, so a resend shows even though it stores nothing.
struct fake_store {
  std::mutex lock;
  std::map<std::uint64_t, std::string> stored;
  std::vector<std::uint64_t> sent;
  std::uint64_t held_before = 0;  // it already holds 1..held_before (another collector run)
  bool down = false;
  bool tells_nothing = false;  // stored_through() says 0, as a store that cannot look it up
  std::uint64_t fail_after = 0;  // when set: stores through this seq, then fails the batch
  bool contract_broken = false;  // a batch with a gap or out of order
  int sends = 0;
  // Called at the start of each send(), on the loop's thread.
  std::function<void()> on_send;

  std::uint64_t through() const {
    std::uint64_t s = held_before;
    while (stored.count(s + 1)) ++s;
    return s;
  }
  std::vector<std::uint64_t> sent_seqs() {
    std::lock_guard<std::mutex> g(lock);
    return sent;
  }
  void set_down(bool d) {
    std::lock_guard<std::mutex> g(lock);
    down = d;
  }
};

class fake_forwarder final : public forwarder {
 public:
  explicit fake_forwarder(std::shared_ptr<fake_store> store) : store_(std::move(store)) {}
  std::string name() const override { return "fake:store"; }
  std::error_code stored_through(std::uint64_t &seq) override {
    std::lock_guard<std::mutex> g(store_->lock);
    if (store_->down) return std::make_error_code(std::errc::connection_refused);
    seq = store_->tells_nothing ? 0 : store_->through();
    return {};
  }
  std::error_code send(const std::vector<sealed_line> &batch, std::uint64_t &acked) override {
    std::lock_guard<std::mutex> g(store_->lock);
    ++store_->sends;
    if (store_->on_send) store_->on_send();
    if (store_->down) return std::make_error_code(std::errc::connection_refused);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const sealed_line &l = batch[i];
      if (i > 0 && l.seq != batch[i - 1].seq + 1) store_->contract_broken = true;
      if (store_->fail_after && l.seq > store_->fail_after) {
        acked = store_->through();
        return std::make_error_code(std::errc::timed_out);
      }
      store_->sent.push_back(l.seq);
      if (l.seq > store_->held_before) store_->stored.emplace(l.seq, std::string(l.line));
    }
    acked = store_->through();
    return {};
  }

 private:
  std::shared_ptr<fake_store> store_;
};

// An application's trail as the collector writes it: auditor, trail sealer,
// file sink rotating after `rotate_bytes`. Reopening resumes the same trail.
class trail_writer {
 public:
  trail_writer(const fs::path &keys, const fs::path &path, std::uint64_t rotate_bytes) {
    file_sink_options fo;
    fo.sync = fsync_policy::never;
    fo.rotate_bytes = rotate_bytes;
    std::error_code ec;
    file_ = open_file_sink(path.string(), fo, ec);
    EXPECT_TRUE(file_) << ec.message();
    // Checkpoints are lines to forward too.
    const trail_options t = test_trail_options(keys.string(), 7);
    std::string detail;
    auto seal = open_trail_sealer(t, ec, &detail);
    EXPECT_TRUE(seal) << ec.message() << ": " << detail;
    auditor_options ao;
    ao.service = "shop";
    audit_ = std::make_unique<auditor>(ao);
    sink_options so;
    so.seal = seal;
    audit_->add_sink(file_, so);
  }
  ~trail_writer() { EXPECT_FALSE(audit_->close()); }

  void emit(int events) {
    for (int i = 0; i < events; ++i) {
      Login e("user-" + std::to_string(count_++), Login::Method::password);
      ASSERT_TRUE(audit_->emit(e, request).ok());
    }
  }

 private:
  std::shared_ptr<file_sink> file_;
  std::unique_ptr<auditor> audit_;
  int count_ = 0;
};

class ForwardLoop : public ::testing::Test {
 protected:
  void SetUp() override {
    const char *base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/tg-forward-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir = pattern;
    fs::create_directory(dir / "keys");
    fs::create_directory(dir / "logs");
    std::string detail;
    ASSERT_FALSE(create_trail_keys((dir / "keys").string(), &detail)) << detail;
    trail = dir / "logs" / "audit.jsonl";
    cursor = dir / "forward.cursor";
  }
  void TearDown() override { fs::remove_all(dir); }

  // Every line of the trail, in trail order (files by their first seq).
  std::vector<std::string> trail_lines(const fs::path &logs) const {
    std::vector<std::pair<std::uint64_t, std::string>> files;
    for (const auto &entry : fs::directory_iterator(logs)) {
      const std::string text = read(entry.path());
      sealed_line first;
      EXPECT_TRUE(parse_sealed_line(text.substr(0, text.find('\n')), first)) << entry.path();
      files.emplace_back(first.seq, text);
    }
    std::sort(files.begin(), files.end());
    std::vector<std::string> lines;
    for (const auto &f : files)
      for (auto &l : split(f.second)) lines.push_back(std::move(l));
    return lines;
  }
  std::size_t files_in(const fs::path &logs) const {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(logs), fs::directory_iterator()));
  }

  // A trail of `events` written elsewhere (no rotation), as lines, for
  // tests that put lines into the watched file by hand.
  std::vector<std::string> staged_lines(int events) {
    const fs::path logs = dir / "staging";
    fs::create_directories(logs);
    {
      trail_writer w(dir / "keys", logs / "audit.jsonl", 0);
      w.emit(events);
    }
    return trail_lines(logs);
  }

  forward_options options() {
    forward_options o;
    o.trail_path = trail.string();
    o.cursor_file = cursor.string();
    o.batch_lines = 7;
    o.retry_min = 1ms;
    o.retry_max = 20ms;
    o.poll_interval = 20ms;
    o.on_error = [this](const std::string &m) {
      std::lock_guard<std::mutex> g(errors_lock);
      errors.push_back(m);
    };
    return o;
  }
  std::unique_ptr<forward_loop> make_loop(std::shared_ptr<fake_store> store,
                                          forward_options o) {
    return std::make_unique<forward_loop>(std::make_unique<fake_forwarder>(std::move(store)),
                                          std::move(o));
  }
  std::size_t error_count() {
    std::lock_guard<std::mutex> g(errors_lock);
    return errors.size();
  }
  std::string last_error() {
    std::lock_guard<std::mutex> g(errors_lock);
    return errors.empty() ? std::string() : errors.back();
  }
  static std::uint64_t seq_of(const std::string &line) {
    sealed_line s;
    EXPECT_TRUE(parse_sealed_line(line, s)) << line;
    return s.seq;
  }
  // The trail's files, by the seq of their first line.
  std::vector<std::pair<std::uint64_t, fs::path>> trail_files() const {
    std::vector<std::pair<std::uint64_t, fs::path>> files;
    for (const auto &entry : fs::directory_iterator(dir / "logs")) {
      const std::string text = read(entry.path());
      files.emplace_back(seq_of(text.substr(0, text.find('\n'))), entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
  }

  fs::path dir, trail, cursor;
  std::mutex errors_lock;
  std::vector<std::string> errors;
};

TEST_F(ForwardLoop, ForwardsEveryLineInOrderExactlyOnceAcrossRotations) {
  {
    trail_writer w(dir / "keys", trail, 1500);
    w.emit(60);
  }
  ASSERT_GE(files_in(dir / "logs"), 4u) << "the trail should have rotated several times";
  const auto lines = trail_lines(dir / "logs");
  const std::uint64_t n = lines.size();
  ASSERT_EQ(seq_of(lines.back()), n);

  auto store = std::make_shared<fake_store>();
  auto loop = make_loop(store, options());
  ASSERT_FALSE(loop->start());
  ASSERT_TRUE(loop->wait_for(n, patience)) << "cursor " << loop->stats().cursor;
  loop->stop();

  EXPECT_EQ(store->sent_seqs(), range(1, n));
  EXPECT_FALSE(store->contract_broken);
  for (const auto &line : lines) EXPECT_EQ(store->stored[seq_of(line)], line);
  const auto st = loop->stats();
  EXPECT_EQ(st.cursor, n);
  EXPECT_EQ(st.forwarded, n);
  EXPECT_EQ(st.failures, 0u) << st.last_error;
  EXPECT_TRUE(st.connected);
  EXPECT_EQ(read(cursor), "{\"seq\":" + std::to_string(n) + "}\n");
  EXPECT_FALSE(fs::exists(cursor.string() + ".tmp"));
  EXPECT_EQ(error_count(), 0u) << last_error();
}

// While a backlog drains in full batches the cursor file is not rewritten
// after each one (two fsyncs a batch); once the loop has caught up (a batch
// that was not full) it is, and stop() writes the last value.
TEST_F(ForwardLoop, TheCursorFileIsWrittenWhenCaughtUpNotAfterEveryFullBatch) {
  {
    trail_writer w(dir / "keys", trail, 0);
    w.emit(30);
  }
  const std::uint64_t n = trail_lines(dir / "logs").size();
  ASSERT_GT(n, 21u);
  auto store = std::make_shared<fake_store>();
  std::vector<std::string> seen;  // the cursor file at each send()
  store->on_send = [&] { seen.push_back(fs::exists(cursor) ? read(cursor) : "none"); };
  auto o = options();
  o.cursor_interval = std::chrono::hours(1);
  auto loop = make_loop(store, o);
  ASSERT_FALSE(loop->start());
  ASSERT_TRUE(loop->wait_for(n, patience)) << loop->stats().last_error;
  EXPECT_TRUE(eventually([&] { return fs::exists(cursor) && read(cursor) == "{\"seq\":" + std::to_string(n) + "}\n"; }))
      << (fs::exists(cursor) ? read(cursor) : "no cursor file");
  loop->stop();
  ASSERT_GE(seen.size(), 3u);
  for (const auto &text : seen) EXPECT_EQ(text, "none");
  EXPECT_EQ(read(cursor), "{\"seq\":" + std::to_string(n) + "}\n");
  EXPECT_EQ(store->sent_seqs(), range(1, n));
}

TEST_F(ForwardLoop, StoreDownThenBackLosesAndDuplicatesNothing) {
  {
    trail_writer w(dir / "keys", trail, 2000);
    w.emit(40);
  }
  const std::uint64_t n = trail_lines(dir / "logs").size();
  auto store = std::make_shared<fake_store>();
  store->down = true;
  auto loop = make_loop(store, options());
  ASSERT_FALSE(loop->start());
  ASSERT_TRUE(eventually([&] { return loop->stats().failures >= 3; }));
  {
    const auto st = loop->stats();
    EXPECT_FALSE(st.connected);
    EXPECT_EQ(st.cursor, 0u);
    EXPECT_NE(st.last_error.find("fake:store"), std::string::npos) << st.last_error;
    EXPECT_NE(last_error().find("fake:store"), std::string::npos) << last_error();
  }
  store->set_down(false);
  ASSERT_TRUE(loop->wait_for(n, patience)) << loop->stats().last_error;
  loop->stop();
  EXPECT_EQ(store->sent_seqs(), range(1, n));
  const auto st = loop->stats();
  EXPECT_TRUE(st.connected);
  EXPECT_GE(st.failures, 3u);
  EXPECT_EQ(st.forwarded, n);
}

// The store takes part of a batch, then fails: only the rest is sent again.
TEST_F(ForwardLoop, StoreFailingPartWayGetsOnlyTheRestAgain) {
  {
    trail_writer w(dir / "keys", trail, 2000);
    w.emit(40);
  }
  const std::uint64_t n = trail_lines(dir / "logs").size();
  auto store = std::make_shared<fake_store>();
  store->fail_after = 10;  // inside the second batch of 7
  auto loop = make_loop(store, options());
  ASSERT_FALSE(loop->start());
  ASSERT_TRUE(loop->wait_for(10, patience));
  ASSERT_TRUE(eventually([&] { return loop->stats().failures >= 2; }));
  EXPECT_EQ(loop->stats().cursor, 10u);
  EXPECT_NE(last_error().find("record 11"), std::string::npos) << last_error();
  {
    std::lock_guard<std::mutex> g(store->lock);
    store->fail_after = 0;
  }
  ASSERT_TRUE(loop->wait_for(n, patience)) << loop->stats().last_error;
  loop->stop();
  EXPECT_EQ(store->sent_seqs(), range(1, n));
}

TEST_F(ForwardLoop, RestartContinuesFromTheCursor) {
  {
    trail_writer w(dir / "keys", trail, 1500);
    w.emit(30);
  }
  auto first = std::make_shared<fake_store>();
  first->fail_after = 12;
  {
    auto loop = make_loop(first, options());
    ASSERT_FALSE(loop->start());
    ASSERT_TRUE(loop->wait_for(12, patience));
    ASSERT_TRUE(eventually([&] { return loop->stats().failures >= 1; }));
  }  // the destructor stops and persists
  EXPECT_EQ(read(cursor), "{\"seq\":12}\n");
  EXPECT_EQ(first->sent_seqs(), range(1, 12));

  {
    trail_writer w(dir / "keys", trail, 1500);  // the collector restarted too
    w.emit(25);
  }
  const std::uint64_t n = trail_lines(dir / "logs").size();
  // The same store, but one that cannot say how far it holds the trail:
  // the cursor alone decides where to go on.
  auto second = std::make_shared<fake_store>();
  second->held_before = 12;
  second->tells_nothing = true;
  auto loop = make_loop(second, options());
  ASSERT_FALSE(loop->start());
  EXPECT_EQ(loop->stats().cursor, 12u);
  ASSERT_TRUE(loop->wait_for(n, patience)) << loop->stats().last_error;
  loop->stop();
  EXPECT_EQ(second->sent_seqs(), range(13, n));
  EXPECT_EQ(read(cursor), "{\"seq\":" + std::to_string(n) + "}\n");
}

// Counts the opens of each file in a directory (inotify), to see which
// files the loop's reader opened and when.
class opens_watch {
 public:
  explicit opens_watch(const fs::path &dir) {
    fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    EXPECT_GE(fd_, 0);
    EXPECT_GE(::inotify_add_watch(fd_, dir.c_str(), IN_OPEN), 0);
  }
  ~opens_watch() { ::close(fd_); }
  std::size_t of(const std::string &name) {
    alignas(inotify_event) char buf[8192];
    for (;;) {
      const ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) break;
      for (ssize_t at = 0; at < n;) {
        const auto *e = reinterpret_cast<const inotify_event *>(buf + at);
        if (e->len > 0) ++counts_[e->name];
        at += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
      }
    }
    return counts_[name];
  }

 private:
  int fd_ = -1;
  std::map<std::string, std::size_t> counts_;
};

// While the store takes a batch, the next one is read: here the first
// batch stops one line short of the first file's end, so only reading
// ahead opens the second file before that batch is acknowledged.
TEST_F(ForwardLoop, TheNextBatchIsReadWhileTheStoreTakesOne) {
  {
    trail_writer w(dir / "keys", trail, 1500);
    w.emit(30);
  }
  const auto files = trail_files();
  ASSERT_GE(files.size(), 3u);
  const std::size_t first_file_lines = split(read(files[0].second)).size();
  ASSERT_GE(first_file_lines, 3u);
  const std::string second = files[1].second.filename().string();
  const std::uint64_t n = trail_lines(dir / "logs").size();

  opens_watch opens(dir / "logs");
  auto store = std::make_shared<fake_store>();
  bool read_during_first_send = false;
  // The reader opens every file once to learn where the trail starts.
  store->on_send = [&] {
    if (store->sends == 1)
      read_during_first_send = eventually([&] { return opens.of(second) >= 2; });
  };
  auto o = options();
  o.batch_lines = first_file_lines - 1;
  auto loop = make_loop(store, o);
  ASSERT_FALSE(loop->start());
  ASSERT_TRUE(loop->wait_for(n, patience)) << loop->stats().last_error;
  loop->stop();
  EXPECT_TRUE(read_during_first_send);
  EXPECT_EQ(store->sent_seqs(), range(1, n));
  EXPECT_FALSE(store->contract_broken);
  EXPECT_EQ(error_count(), 0u) << last_error();
}

// stop() while a batch is in the store's hands and the next one was read
// ahead: what was read ahead is dropped, not counted, and a new loop on
// the same store sends exactly the lines after the cursor, each once.
TEST_F(ForwardLoop, StopMidPipelineThenRestartSendsEachLineOnce) {
  {
    trail_writer w(dir / "keys", trail, 1500);
    w.emit(200);
  }
  const std::uint64_t n = trail_lines(dir / "logs").size();
  auto store = std::make_shared<fake_store>();
  std::unique_ptr<forward_loop> loop;
  std::thread stopper;
  store->on_send = [&] {
    // In the second send: stop() waits for it, then the loop ends.
    if (store->sends == 2) stopper = std::thread([&] { loop->stop(); });
  };
  loop = make_loop(store, options());
  ASSERT_FALSE(loop->start());
  ASSERT_TRUE(eventually([&] { return stopper.joinable(); }));
  stopper.join();
  {
    std::lock_guard<std::mutex> g(store->lock);
    store->on_send = nullptr;
    store->tells_nothing = true;  // the cursor file alone says where to go on
  }
  // The loop may have sent a batch or two more before stop() got in.
  const std::uint64_t stopped_at = loop->stats().cursor;
  EXPECT_GE(stopped_at, 14u);
  EXPECT_EQ(read(cursor), "{\"seq\":" + std::to_string(stopped_at) + "}\n");
  EXPECT_EQ(loop->stats().forwarded, stopped_at);
  EXPECT_EQ(store->sent_seqs(), range(1, stopped_at));

  auto again = make_loop(store, options());
  ASSERT_FALSE(again->start());
  ASSERT_TRUE(again->wait_for(n, patience)) << again->stats().last_error;
  again->stop();
  EXPECT_EQ(store->sent_seqs(), range(1, n));
  EXPECT_EQ(again->stats().forwarded, n - stopped_at);
  EXPECT_EQ(read(cursor), "{\"seq\":" + std::to_string(n) + "}\n");
  EXPECT_FALSE(store->contract_broken);
}

// stop() does not wait out a backoff (it would hang here for an hour), and
// the same loop starts again from its cursor.
TEST_F(ForwardLoop, StopsDuringBackoffAndStartsAgain) {
  {
    trail_writer w(dir / "keys", trail, 1500);
    w.emit(10);
  }
  auto store = std::make_shared<fake_store>();
  store->fail_after = 5;
  auto o = options();
  o.retry_min = o.retry_max = std::chrono::hours(1);
  auto loop = make_loop(store, o);
  ASSERT_FALSE(loop->start());
  ASSERT_TRUE(eventually([&] { return loop->stats().failures >= 1; }));
  loop->stop();
  EXPECT_EQ(read(cursor), "{\"seq\":5}\n");
  {
    std::lock_guard<std::mutex> g(store->lock);
    store->fail_after = 0;
  }
  const std::uint64_t n = trail_lines(dir / "logs").size();
  ASSERT_FALSE(loop->start());
  ASSERT_TRUE(loop->wait_for(n, patience)) << loop->stats().last_error;
  loop->stop();
  EXPECT_EQ(store->sent_seqs(), range(1, n));
}

TEST_F(ForwardLoop, StoredThroughAheadOfTheCursorSkipsWhatTheStoreHas) {
  {
    trail_writer w(dir / "keys", trail, 1500);
    w.emit(40);
  }
  const std::uint64_t n = trail_lines(dir / "logs").size();
  ASSERT_GT(n, 30u);
  auto store = std::make_shared<fake_store>();
  store->held_before = 30;  // in a rotated file, not the first
  append(cursor, "{\"seq\":4}\n");
  auto loop = make_loop(store, options());
  ASSERT_FALSE(loop->start());
  ASSERT_TRUE(loop->wait_for(n, patience)) << loop->stats().last_error;
  loop->stop();
  EXPECT_EQ(store->sent_seqs(), range(31, n));
  EXPECT_EQ(loop->stats().forwarded, n - 30);
  EXPECT_EQ(error_count(), 0u) << last_error();
}

// A cursor at the very end of the trail is the normal restart; one past
// it means the trail lost lines or was replaced, which is reported.
TEST_F(ForwardLoop, CursorAtTheEndWaitsAndCursorPastTheEndIsReported) {
  auto w = std::make_unique<trail_writer>(dir / "keys", trail, 1500);
  w->emit(20);
  const std::uint64_t n = trail_lines(dir / "logs").size();
  append(cursor, "{\"seq\":" + std::to_string(n) + "}\n");
  auto store = std::make_shared<fake_store>();
  store->held_before = n;
  store->tells_nothing = true;
  auto loop = make_loop(store, options());
  ASSERT_FALSE(loop->start());
  loop->notify();
  w->emit(10);
  const std::uint64_t more = trail_lines(dir / "logs").size();
  ASSERT_TRUE(loop->wait_for(more, patience)) << loop->stats().last_error;
  loop->stop();
  EXPECT_EQ(store->sent_seqs(), range(n + 1, more));
  EXPECT_EQ(error_count(), 0u) << last_error();

  fs::remove(cursor);
  append(cursor, "{\"seq\":" + std::to_string(more + 5) + "}\n");
  auto lost = std::make_shared<fake_store>();
  auto again = make_loop(lost, options());
  ASSERT_FALSE(again->start());
  ASSERT_TRUE(eventually([&] { return error_count() >= 2; }));
  EXPECT_NE(last_error().find("the trail ends at record " + std::to_string(more) +
                              ", but forwarding goes on after record " +
                              std::to_string(more + 5)),
            std::string::npos)
      << last_error();
  again->stop();
  EXPECT_TRUE(lost->sent_seqs().empty());
}

// The trail file does not exist when the loop starts; notify() alone wakes
// it (the poll interval is longer than the test).
TEST_F(ForwardLoop, NotifyPicksUpLinesAppendedWhileRunning) {
  auto store = std::make_shared<fake_store>();
  auto o = options();
  o.poll_interval = std::chrono::hours(1);
  auto loop = make_loop(store, o);
  ASSERT_FALSE(loop->start());
  trail_writer w(dir / "keys", trail, 1200);
  // Emitting while the loop reads: rotations happen under it.
  for (int round = 0; round < 30; ++round) {
    w.emit(3);
    loop->notify();
  }
  const std::uint64_t n = trail_lines(dir / "logs").size();
  ASSERT_GE(files_in(dir / "logs"), 4u);
  ASSERT_TRUE(loop->wait_for(n, patience)) << loop->stats().last_error;
  EXPECT_EQ(store->sent_seqs(), range(1, n));
  EXPECT_FALSE(store->contract_broken);
  EXPECT_EQ(error_count(), 0u) << last_error();
}

// A writer rotating every few lines while the loop reads in small batches:
// rotations land at every point of a read.
TEST_F(ForwardLoop, RotationsUnderTheReaderLoseNothing) {
  auto store = std::make_shared<fake_store>();
  auto o = options();
  o.batch_lines = 3;
  o.poll_interval = 1ms;
  auto loop = make_loop(store, o);
  ASSERT_FALSE(loop->start());
  {
    trail_writer w(dir / "keys", trail, 900);
    std::thread writer([&] {
      for (int i = 0; i < 100; ++i) {
        w.emit(3);
        if (i % 2) loop->notify();
      }
    });
    writer.join();
  }
  ASSERT_GE(files_in(dir / "logs"), 40u);
  const std::uint64_t n = trail_lines(dir / "logs").size();
  ASSERT_TRUE(loop->wait_for(n, patience)) << loop->stats().last_error;
  loop->stop();
  EXPECT_EQ(store->sent_seqs(), range(1, n));
  EXPECT_FALSE(store->contract_broken);
  EXPECT_EQ(error_count(), 0u) << last_error();
}

TEST_F(ForwardLoop, PollingPicksUpLinesAppendedWhileRunning) {
  auto store = std::make_shared<fake_store>();
  auto loop = make_loop(store, options());
  ASSERT_FALSE(loop->start());
  trail_writer w(dir / "keys", trail, 1500);
  w.emit(5);
  ASSERT_TRUE(loop->wait_for(trail_lines(dir / "logs").size(), patience));
  w.emit(40);
  const std::uint64_t n = trail_lines(dir / "logs").size();
  ASSERT_TRUE(loop->wait_for(n, patience)) << loop->stats().last_error;
  EXPECT_EQ(store->sent_seqs(), range(1, n));
}

TEST_F(ForwardLoop, TornLastLineWaitsUntilComplete) {
  const auto lines = staged_lines(10);
  ASSERT_GE(lines.size(), 6u);
  append(trail, lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n");
  const std::string &torn = lines[3];
  append(trail, torn.substr(0, torn.size() / 2));
  auto store = std::make_shared<fake_store>();
  auto loop = make_loop(store, options());
  ASSERT_FALSE(loop->start());
  ASSERT_TRUE(loop->wait_for(3, patience));
  // Only an absence can be shown here: a line forwarded early would show.
  loop->notify();
  EXPECT_FALSE(loop->wait_for(4, 300ms));
  append(trail, torn.substr(torn.size() / 2));  // whole, but no newline yet
  loop->notify();
  EXPECT_FALSE(loop->wait_for(4, 300ms));
  append(trail, "\n");
  loop->notify();
  ASSERT_TRUE(loop->wait_for(4, patience));
  loop->stop();
  EXPECT_EQ(store->sent_seqs(), range(1, 4));
  EXPECT_EQ(store->stored[4], torn);
  EXPECT_EQ(error_count(), 0u) << last_error();
}

TEST_F(ForwardLoop, CorruptCursorFileIsAStartError) {
  append(cursor, "{\"seq\":12");  // cut short
  auto loop = make_loop(std::make_shared<fake_store>(), options());
  std::string detail;
  const std::error_code ec = loop->start(&detail);
  EXPECT_EQ(ec, std::errc::bad_message);
  EXPECT_NE(detail.find(cursor.string()), std::string::npos) << detail;
  EXPECT_NE(detail.find("not a forward cursor"), std::string::npos) << detail;
  EXPECT_EQ(loop->stats().last_error, detail);

  for (const char *bad : {"", "12\n", "{\"seq\":-1}\n", "{\"seq\":007}\n",
                          "{\"seq\":99999999999999999999}\n"}) {
    std::ofstream(cursor, std::ios::trunc) << bad;
    auto l = make_loop(std::make_shared<fake_store>(), options());
    EXPECT_EQ(l->start(), std::errc::bad_message) << bad;
  }
}

TEST_F(ForwardLoop, GapInTheTrailIsReportedNotSkipped) {
  const auto lines = staged_lines(20);
  ASSERT_GE(lines.size(), 15u);
  std::string text;
  for (std::size_t i = 0; i < 15; ++i)
    if (i != 9) text += lines[i] + "\n";  // record 10 is gone
  append(trail, text);
  auto store = std::make_shared<fake_store>();
  auto loop = make_loop(store, options());
  ASSERT_FALSE(loop->start());
  ASSERT_TRUE(loop->wait_for(9, patience));
  // It keeps reporting, and never moves past the gap.
  ASSERT_TRUE(eventually([&] { return error_count() >= 3; }));
  const std::string e = last_error();
  EXPECT_NE(e.find(trail.string() + ":10:"), std::string::npos) << e;
  EXPECT_NE(e.find("record 11 where record 10 should be"), std::string::npos) << e;
  loop->stop();
  EXPECT_EQ(store->sent_seqs(), range(1, 9));
  EXPECT_EQ(loop->stats().cursor, 9u);
  EXPECT_GE(loop->stats().failures, 3u);
}

TEST_F(ForwardLoop, RepeatedRecordIsReportedNotSkipped) {
  const auto lines = staged_lines(12);
  std::string text;
  for (std::size_t i = 0; i < 8; ++i) text += lines[i] + "\n";
  text += lines[5] + "\n";  // record 6 again
  for (std::size_t i = 8; i < lines.size(); ++i) text += lines[i] + "\n";
  append(trail, text);
  auto store = std::make_shared<fake_store>();
  auto loop = make_loop(store, options());
  ASSERT_FALSE(loop->start());
  ASSERT_TRUE(loop->wait_for(8, patience));
  ASSERT_TRUE(eventually([&] { return error_count() >= 2; }));
  const std::string e = last_error();
  EXPECT_NE(e.find(trail.string() + ":9: record 6 where record 9 should be"), std::string::npos)
      << e;
  loop->stop();
  EXPECT_EQ(store->sent_seqs(), range(1, 8));
}

TEST_F(ForwardLoop, UnparsableLineIsReportedNotSkipped) {
  const auto lines = staged_lines(12);
  std::string text;
  for (std::size_t i = 0; i < 5; ++i) text += lines[i] + "\n";
  text += "{\"seq\":6,\"event\":\"forged\"}\n";
  for (std::size_t i = 5; i < lines.size(); ++i) text += lines[i] + "\n";
  append(trail, text);
  auto store = std::make_shared<fake_store>();
  auto loop = make_loop(store, options());
  ASSERT_FALSE(loop->start());
  ASSERT_TRUE(loop->wait_for(5, patience));
  ASSERT_TRUE(eventually([&] { return error_count() >= 3; }));
  const std::string e = last_error();
  EXPECT_NE(e.find(trail.string() + ":6: not a sealed line"), std::string::npos) << e;
  loop->stop();
  EXPECT_EQ(store->sent_seqs(), range(1, 5));
  EXPECT_EQ(loop->stats().cursor, 5u);
}

// Rotated files pruned before they were forwarded: the lines are gone, and
// the loop says which, instead of starting after them.
TEST_F(ForwardLoop, MissingStartOfTheTrailIsReported) {
  {
    trail_writer w(dir / "keys", trail, 1500);
    w.emit(40);
  }
  const auto files = trail_files();
  ASSERT_GE(files.size(), 3u);
  fs::remove(files[0].second);
  auto store = std::make_shared<fake_store>();
  auto loop = make_loop(store, options());
  ASSERT_FALSE(loop->start());
  ASSERT_TRUE(eventually([&] { return error_count() >= 2; }));
  const std::string e = last_error();
  EXPECT_NE(e.find("records 1.." + std::to_string(files[1].first - 1) + " are missing"),
            std::string::npos)
      << e;
  loop->stop();
  EXPECT_TRUE(store->sent_seqs().empty());
}

TEST_F(ForwardLoop, BadOptionsAreStartErrors) {
  auto o = options();
  o.trail_path.clear();
  std::string detail;
  EXPECT_EQ(make_loop(std::make_shared<fake_store>(), o)->start(&detail),
            std::errc::invalid_argument);
  EXPECT_NE(detail.find("trail_path"), std::string::npos) << detail;
  o = options();
  o.batch_lines = 0;
  EXPECT_EQ(make_loop(std::make_shared<fake_store>(), o)->start(), std::errc::invalid_argument);
}

}  // namespace
