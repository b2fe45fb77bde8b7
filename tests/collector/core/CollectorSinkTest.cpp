// collector_sink, the application's side of the collector protocol:
// against a scripted fake server (replies, refusals, a collector that goes
// away) and against the real collector in this process.
#include <trailguard/collector/config.hpp>
#include <trailguard/collector/server.hpp>

#include <shop.hpp>
#include <trailguard/audit.hpp>
#include <trailguard/sinks.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <thread>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace {

using namespace trailguard;
using Login = shop::audit::AuthnLoginSuccess;

std::string temp_dir() {
  char tmpl[] = "/tmp/tg-collector-sink-XXXXXX";
  const char *dir = ::mkdtemp(tmpl);
  EXPECT_NE(dir, nullptr);
  return dir ? dir : "/tmp";
}

// Accepts connections one after another and answers each line it reads
// with reply(line); an empty reply closes the connection instead.
class fake_collector {
 public:
  explicit fake_collector(std::function<std::string(const std::string &)> reply)
      : path_(temp_dir() + "/fake.sock"), reply_(std::move(reply)) {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path_.c_str());
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(fd_, 8), 0);
    thread_ = std::thread([this] { serve(); });
  }
  ~fake_collector() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    thread_.join();
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  const std::string &path() const { return path_; }
  int connections() const { return connections_; }
  std::vector<std::string> lines() {
    std::lock_guard<std::mutex> guard(lock_);
    return lines_;
  }
  // Lines answered: each reply is in the client's socket once counted.
  std::size_t replied() const { return replied_; }

 private:
  void serve() {
    while (!stop_) {
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      ++connections_;
      std::string buf;
      char chunk[4096];
      bool open = true;
      while (open) {
        const ssize_t n = ::read(c, chunk, sizeof chunk);
        if (n <= 0) break;
        buf.append(chunk, static_cast<std::size_t>(n));
        std::size_t nl;
        while (open && (nl = buf.find('\n')) != std::string::npos) {
          const std::string line = buf.substr(0, nl);
          buf.erase(0, nl + 1);
          {
            std::lock_guard<std::mutex> guard(lock_);
            lines_.push_back(line);
          }
          const std::string r = reply_(line);
          if (r.empty()) open = false;
          else (void)!::send(c, r.data(), r.size(), MSG_NOSIGNAL);
          ++replied_;
        }
      }
      ::close(c);
    }
  }

  std::string path_;
  std::function<std::string(const std::string &)> reply_;
  int fd_ = -1;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::atomic<std::size_t> replied_{0};
  std::mutex lock_;
  std::vector<std::string> lines_;
};

// The fake collector's answers in the refusal tests: "bad" is refused.
std::string refuse_bad(const std::string &line) {
  return line == "bad" ? std::string("error unknown event x\n") : std::string("ok 1\n");
}

// A window of one line: each write returns once its own lines are
// answered, which the tests of single replies rely on.
collector_sink_options acked_each() {
  collector_sink_options o;
  o.max_in_flight = 1;
  return o;
}

TEST(CollectorSink, OkRepliesAndName) {
  int seq = 40;
  fake_collector fake([&](const std::string &) { return "ok " + std::to_string(++seq) + "\n"; });
  std::error_code ec;
  auto sink = open_collector_sink(fake.path(), acked_each(), ec);
  ASSERT_TRUE(sink) << ec.message();
  EXPECT_EQ(sink->name(), "collector:" + fake.path());
  EXPECT_FALSE(sink->write("{\"a\":1}\n{\"b\":2}\n"));
  EXPECT_EQ(sink->last_seq(), 42u);
  EXPECT_EQ(fake.lines(), (std::vector<std::string>{"{\"a\":1}", "{\"b\":2}"}));
  EXPECT_TRUE(sink->last_error().empty());
}

TEST(CollectorSink, RefusalIsAnErrorAndTheConnectionStaysInStep) {
  fake_collector fake(refuse_bad);
  std::error_code ec;
  auto sink = open_collector_sink(fake.path(), acked_each(), ec);
  ASSERT_TRUE(sink) << ec.message();
  ec = sink->write("bad\ngood\n");
  EXPECT_EQ(ec, std::errc::bad_message);
  EXPECT_EQ(sink->last_error(), "unknown event x");
  EXPECT_FALSE(sink->write("good\n"));  // the second reply was consumed: in step
  EXPECT_EQ(fake.connections(), 1);
}

TEST(CollectorSink, UnavailableAndLostConnectionThenReconnect) {
  std::atomic<int> calls{0};
  fake_collector fake([&](const std::string &) -> std::string {
    const int n = ++calls;
    if (n == 1) return "error unavailable\n";
    if (n == 2) return "";  // the collector dies mid-line
    return "ok 9\n";
  });
  std::error_code ec;
  auto sink = open_collector_sink(fake.path(), acked_each(), ec);
  ASSERT_TRUE(sink) << ec.message();
  EXPECT_EQ(sink->write("a\n"), std::errc::io_error);
  EXPECT_TRUE(sink->write("b\n"));  // no reply: an error, never success
  EXPECT_FALSE(sink->write("c\n"));  // reconnected
  EXPECT_EQ(fake.connections(), 2);
}

TEST(CollectorSink, NoCollector) {
  std::error_code ec;
  EXPECT_EQ(open_collector_sink(temp_dir() + "/none.sock", {}, ec), nullptr);
  EXPECT_TRUE(ec);
  EXPECT_EQ(open_collector_sink(std::string(200, 'x'), {}, ec), nullptr);
  EXPECT_TRUE(ec);
}

TEST(CollectorSink, ReplyTimeout) {
  fake_collector fake([](const std::string &) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    return std::string("ok 1\n");
  });
  collector_sink_options o = acked_each();
  o.reply_timeout = std::chrono::milliseconds(100);
  std::error_code ec;
  auto sink = open_collector_sink(fake.path(), o, ec);
  ASSERT_TRUE(sink) << ec.message();
  EXPECT_EQ(sink->write("slow\n"), std::errc::timed_out);
}

TEST(CollectorSink, AuditorFailsClosed) {
  fake_collector fake([](const std::string &) { return std::string("error invalid field x\n"); });
  std::error_code ec;
  auto sink = open_collector_sink(fake.path(), acked_each(), ec);
  ASSERT_TRUE(sink) << ec.message();
  auditor audit;
  audit.add_sink(sink);
  const context ctx{"u-1", actor_type::user, "s-1", "192.0.2.1", "r-1"};
  const emit_result r = audit.emit(Login("alice", Login::Method::password), ctx);
  EXPECT_EQ(r.status(), emit_status::write_failed);
  ASSERT_EQ(fake.lines().size(), 1u);
  EXPECT_EQ(fake.lines()[0].rfind("{\"seq\":1,", 0), 0u);
}

// A window of `n` lines that records what on_lost is told.
struct windowed {
  collector_sink_options options;
  std::vector<std::pair<std::string, std::string>> lost;  // line, reason
  explicit windowed(std::size_t n) {
    options.max_in_flight = n;
    options.on_lost = [this](const std::string &line, const std::string &reason) {
      lost.emplace_back(line, reason);
    };
  }
};

TEST(CollectorSinkWindow, WritesReturnWithinTheWindowAndFlushWaitsForEveryReply) {
  int seq = 0;
  fake_collector fake([&](const std::string &) { return "ok " + std::to_string(++seq) + "\n"; });
  windowed w(4);
  std::error_code ec;
  auto sink = open_collector_sink(fake.path(), w.options, ec);
  ASSERT_TRUE(sink) << ec.message();
  for (int i = 0; i < 20; ++i) {
    EXPECT_FALSE(sink->write("{\"n\":" + std::to_string(i) + "}\n"));
    EXPECT_LT(sink->in_flight(), 4u);
  }
  EXPECT_FALSE(sink->flush());
  EXPECT_EQ(sink->in_flight(), 0u);
  EXPECT_EQ(sink->last_seq(), 20u);
  EXPECT_EQ(fake.lines().size(), 20u);
  EXPECT_TRUE(w.lost.empty());
}

// A line refused after its write returned: on_lost hears of it once, and
// the next call (here flush) returns the error once.
TEST(CollectorSinkWindow, EarlierRefusalIsReportedOnce) {
  fake_collector fake(refuse_bad);
  windowed w(8);
  std::error_code ec;
  auto sink = open_collector_sink(fake.path(), w.options, ec);
  ASSERT_TRUE(sink) << ec.message();
  EXPECT_FALSE(sink->write("bad\n"));  // returns before the reply
  EXPECT_EQ(sink->flush(), std::errc::bad_message);
  ASSERT_EQ(w.lost.size(), 1u);
  EXPECT_EQ(w.lost[0], std::make_pair(std::string("bad"), std::string("unknown event x")));
  EXPECT_NE(sink->last_error().find("1 earlier line was not acknowledged"), std::string::npos)
      << sink->last_error();
  EXPECT_FALSE(sink->write("good\n"));  // in step, on the same connection
  EXPECT_FALSE(sink->flush());
  EXPECT_EQ(w.lost.size(), 1u);
  EXPECT_EQ(fake.connections(), 1);
}

// The replies that arrived are read once half the window is in flight, not
// at every write (a receive per event would double the writer's system
// calls): a refusal fails the write that reads it, without sending.
TEST(CollectorSinkWindow, RepliesAreReadOnceHalfTheWindowIsInFlight) {
  fake_collector fake(refuse_bad);
  windowed w(8);
  std::error_code ec;
  auto sink = open_collector_sink(fake.path(), w.options, ec);
  ASSERT_TRUE(sink) << ec.message();
  const auto answered = [&](std::size_t n) {
    for (int tries = 0; tries < 20000 && fake.replied() < n; ++tries)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return fake.replied() == n;
  };
  EXPECT_FALSE(sink->write("bad\n"));
  ASSERT_TRUE(answered(1));
  for (std::size_t i = 2; i <= 4; ++i) {
    ASSERT_FALSE(sink->write("good\n")) << i;  // the refusal is there, not read yet
    ASSERT_TRUE(answered(i));
    EXPECT_EQ(sink->in_flight(), i);
  }
  EXPECT_EQ(sink->write("good\n"), std::errc::bad_message);  // four in flight: read
  EXPECT_EQ(fake.lines().size(), 4u);                         // and not sent
  EXPECT_EQ(sink->in_flight(), 0u);
  ASSERT_EQ(w.lost.size(), 1u);
  EXPECT_EQ(w.lost[0].first, "bad");
  EXPECT_FALSE(sink->write("good\n"));
  EXPECT_FALSE(sink->flush());
}

// Refused while later lines are on their way: the next write fails without
// sending its line, or, when the reply comes later, flush() fails; either
// way exactly once, and the refused line goes to on_lost.
TEST(CollectorSinkWindow, EarlierRefusalFailsOneLaterCall) {
  fake_collector fake(refuse_bad);
  windowed w(8);
  std::error_code ec;
  auto sink = open_collector_sink(fake.path(), w.options, ec);
  ASSERT_TRUE(sink) << ec.message();
  int errors = 0;
  errors += !!sink->write("bad\n");
  for (int i = 0; i < 5; ++i) errors += !!sink->write("good\n");
  errors += !!sink->flush();
  EXPECT_EQ(errors, 1);
  ASSERT_EQ(w.lost.size(), 1u);
  EXPECT_EQ(w.lost[0].first, "bad");
}

// The collector goes away with lines unanswered: each is reported lost (it
// may be in the trail), none is sent again, and the next write reconnects.
TEST(CollectorSinkWindow, LostConnectionReportsEachUnansweredLine) {
  std::atomic<int> calls{0};
  fake_collector fake([&](const std::string &) -> std::string {
    const int n = ++calls;
    if (n == 2) return "";  // dies after reading the second line
    return "ok " + std::to_string(n) + "\n";
  });
  windowed w(8);
  std::error_code ec;
  auto sink = open_collector_sink(fake.path(), w.options, ec);
  ASSERT_TRUE(sink) << ec.message();
  EXPECT_FALSE(sink->write("a\n"));
  EXPECT_FALSE(sink->write("b\n"));
  EXPECT_EQ(sink->flush(), std::errc::connection_reset);
  ASSERT_EQ(w.lost.size(), 1u);
  EXPECT_EQ(w.lost[0].first, "b");
  EXPECT_FALSE(sink->write("c\n"));  // a new connection
  EXPECT_FALSE(sink->flush());
  EXPECT_EQ(fake.connections(), 2);
  EXPECT_EQ(fake.lines(), (std::vector<std::string>{"a", "b", "c"}));
}

// Unanswered lines when the sink goes away are handed to on_lost too.
TEST(CollectorSinkWindow, DestructorReportsWhatIsUnanswered) {
  fake_collector fake([](const std::string &) { return std::string("error unavailable\n"); });
  windowed w(8);
  {
    std::error_code ec;
    auto sink = open_collector_sink(fake.path(), w.options, ec);
    ASSERT_TRUE(sink) << ec.message();
    EXPECT_FALSE(sink->write("x\n"));
  }
  ASSERT_EQ(w.lost.size(), 1u);
  EXPECT_EQ(w.lost[0], std::make_pair(std::string("x"), std::string("unavailable")));
}

// Without on_lost, what the destructor finds unanswered is said on stderr.
TEST(CollectorSinkWindow, DestructorWithoutOnLostSaysSoOnStderr) {
  fake_collector fake([](const std::string &) { return std::string("error unavailable\n"); });
  collector_sink_options o;
  o.max_in_flight = 8;
  testing::internal::CaptureStderr();
  {
    std::error_code ec;
    auto sink = open_collector_sink(fake.path(), o, ec);
    ASSERT_TRUE(sink) << ec.message();
    EXPECT_FALSE(sink->write("secret-free line\n"));
  }
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("1 audit event(s) sent but never acknowledged (unavailable)"),
            std::string::npos)
      << err;
  EXPECT_EQ(err.find("secret-free line"), std::string::npos) << err;
}

// The real collector in this process, run on a thread: its configuration
// is `extra` lines plus a socket (dir/c.sock unless `socket` is given), the
// shop schema and a trail in dir.
struct live_collector {
  std::string dir;
  std::unique_ptr<collector::server> server;
  std::string error;  // why open() failed
  std::thread run;

  explicit live_collector(const std::string &extra, std::string in = temp_dir(),
                          const std::string &socket = "c.sock")
      : dir(std::move(in)) {
    collector::config cfg;
    EXPECT_TRUE(collector::parse_config("socket: " + socket + "\n"
                                        "schemas: [" SHOP_SCHEMA "]\n" +
                                            extra + "trail: {path: trail.jsonl, keys: keys}\n",
                                        dir + "/c.yaml", cfg, error))
        << error;
    server = collector::server::open(cfg, error);
    if (server) run = std::thread([this] { server->run(); });
  }
  ~live_collector() {
    if (run.joinable()) finish();
  }
  std::string socket() const { return dir + "/c.sock"; }
  // Stops it: the final checkpoint, and the counters are final.
  void finish() {
    server->stop();
    run.join();
    EXPECT_FALSE(server->close());
  }
};

// Waits, generously, for what another thread does.
template <typename F>
bool eventually(F done) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (!done()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// The real collector, in this process: the event comes out sealed with
// this process's credentials.
TEST(CollectorSink, RealCollector) {
  live_collector c("");
  ASSERT_TRUE(c.server) << c.error;

  std::error_code ec;
  auto sink = open_collector_sink(c.socket(), acked_each(), ec);
  ASSERT_TRUE(sink) << ec.message();
  auditor audit;
  audit.add_sink(sink);
  const context ctx{"u-1", actor_type::user, "s-1", "192.0.2.1", "r-1"};
  EXPECT_TRUE(audit.emit(Login("alice", Login::Method::password), ctx));
  EXPECT_EQ(sink->last_seq(), 1u);
  Login too_long(std::string(100, 'a'), Login::Method::password);  // refused by the app itself
  EXPECT_EQ(audit.emit(too_long, ctx).status(), emit_status::invalid_event);
  EXPECT_TRUE(audit.emit(Login("bob", Login::Method::totp), ctx));
  EXPECT_EQ(sink->last_seq(), 2u);

  c.finish();
  EXPECT_EQ(c.server->counters().accepted, 2u);

  std::ifstream in(c.dir + "/trail.jsonl");
  std::string line;
  std::vector<nlohmann::json> records;
  while (std::getline(in, line)) records.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(records.size(), 3u);  // two events and the final checkpoint
  EXPECT_EQ(records[0]["fields"]["user_id"], "alice");
  EXPECT_EQ(records[0]["origin"]["pid"], ::getpid());
  EXPECT_EQ(records[0]["origin"]["uid"], ::getuid());
  EXPECT_EQ(records[0]["origin"]["gid"], ::getgid());
  char exe[4096] = {};
  ASSERT_GT(::readlink("/proc/self/exe", exe, sizeof exe - 1), 0);
  EXPECT_EQ(records[0]["origin"]["exe"], exe);
  EXPECT_EQ(records[1]["seq"], 2);
  EXPECT_EQ(records[2]["event"], "trailguard.checkpoint");

  // The collector is gone: the application is told.
  EXPECT_EQ(audit.emit(Login("carol", Login::Method::password), ctx).status(),
            emit_status::write_failed);
}

// A peer outside allow_uids is refused at accept, and the application is
// told so at its first write.
// The real collector with a window larger than the socket buffers hold:
// replies the sink has not asked for yet would fill its socket and stall
// the collector; the sink reads them as it sends, so every event is
// acknowledged and nothing times out.
TEST(CollectorSinkWindow, WindowLargerThanTheSocketBuffers) {
  live_collector c("");
  ASSERT_TRUE(c.server) << c.error;
  collector_sink_options o;
  o.max_in_flight = 1000000;
  o.reply_timeout = std::chrono::milliseconds(20000);
  std::error_code ec;
  auto sink = open_collector_sink(c.socket(), o, ec);
  ASSERT_TRUE(sink) << ec.message();
  auditor audit;
  audit.add_sink(sink);
  const context ctx{"u-1", actor_type::user, "s-1", "192.0.2.1", "r-1"};
  const int events = 40000;
  int failed = 0;
  for (int i = 0; i < events; ++i)
    failed += !audit.emit(Login("alice", Login::Method::password), ctx).ok();
  EXPECT_EQ(failed, 0) << sink->last_error();
  EXPECT_FALSE(audit.flush()) << sink->last_error();
  EXPECT_EQ(sink->in_flight(), 0u);
  c.finish();
  EXPECT_EQ(c.server->counters().accepted, static_cast<std::uint64_t>(events));
}

// Lines sent together reach the real collector as one batch: valid and
// refused ones mixed, each answered in order, the valid ones sealed in
// order, one line of the batch refusing no other.
TEST(CollectorSinkWindow, OneBatchWithRefusedLinesInIt) {
  live_collector c("");
  ASSERT_TRUE(c.server) << c.error;
  auto line = [](const std::string &user) {
    return R"({"seq":1,"time":"2026-11-27T03:37:37.123456Z","service":"shop",)"
           R"("event":"authn.login_success","version":"1.0","schema":"e8edb1bb1902b5ac",)"
           R"("outcome":"success","context":{"actor":"u-42","actor_type":"user","session":"s-9",)"
           R"("source_address":"203.0.113.9","request_id":"r-1"},"fields":{"user_id":")" +
           user + R"(","method":"password"}})" + "\n";
  };
  windowed w(1);
  std::error_code ec;
  auto sink = open_collector_sink(c.socket(), w.options, ec);
  ASSERT_TRUE(sink) << ec.message();
  EXPECT_EQ(sink->write(line("alice") + "garbage\n" + line("bob") +
                        line("carol").replace(0, 1, " ") + line("dave")),
            std::errc::bad_message);
  EXPECT_EQ(sink->last_error(), "malformed (not one JSON object in UTF-8)");
  EXPECT_EQ(sink->last_seq(), 3u);  // dave's
  EXPECT_TRUE(w.lost.empty());
  c.finish();
  EXPECT_EQ(c.server->counters().accepted, 3u);
  std::ifstream in(c.dir + "/trail.jsonl");
  std::string text;
  std::vector<std::string> users;
  while (std::getline(in, text)) {
    const auto j = nlohmann::json::parse(text);
    if (j["event"] == "authn.login_success") users.push_back(j["fields"]["user_id"]);
  }
  EXPECT_EQ(users, (std::vector<std::string>{"alice", "bob", "dave"}));
}

TEST(CollectorSink, PeerNotAllowed) {
  live_collector c("allow_uids: [" + std::to_string(::getuid() + 1) + "]\n");
  ASSERT_TRUE(c.server) << c.error;
  std::error_code ec;
  auto sink = open_collector_sink(c.socket(), acked_each(), ec);
  ASSERT_TRUE(sink) << ec.message();
  auditor audit;
  audit.add_sink(sink);
  const context ctx{"u-1", actor_type::user, "s-1", "192.0.2.1", "r-1"};
  EXPECT_EQ(audit.emit(Login("alice", Login::Method::password), ctx).status(),
            emit_status::write_failed);
  EXPECT_EQ(sink->last_error(), "not allowed");
  c.finish();
  EXPECT_EQ(c.server->counters().refused_peers, 1u);
  EXPECT_EQ(c.server->counters().accepted, 0u);
}

// The collector closes a connection that stays idle past idle_timeout_s
// (a thread each would otherwise be held for ever); the application's next
// event goes through on a new connection, not into an error.
TEST(CollectorSink, IdleConnectionClosedThenReconnected) {
  live_collector c("idle_timeout_s: 1\n");
  ASSERT_TRUE(c.server) << c.error;
  std::error_code ec;
  auto sink = open_collector_sink(c.socket(), acked_each(), ec);
  ASSERT_TRUE(sink) << ec.message();
  auditor audit;
  audit.add_sink(sink);
  const context ctx{"u-1", actor_type::user, "s-1", "192.0.2.1", "r-1"};
  EXPECT_TRUE(audit.emit(Login("alice", Login::Method::password), ctx));
  EXPECT_TRUE(eventually([&] { return c.server->counters().idle_timeouts == 1; }));
  EXPECT_TRUE(audit.emit(Login("bob", Login::Method::password), ctx)) << sink->last_error();
  EXPECT_EQ(sink->last_seq(), 2u);
  c.finish();
  EXPECT_EQ(c.server->counters().accepted, 2u);
  EXPECT_EQ(c.server->counters().connections, 2u);
}

// Over max_connections the collector turns a connection away with "error
// busy: ..." before any line: the application is told that (as
// "unavailable"), not a broken pipe, and its next write connects again.
TEST(CollectorSink, BusyCollectorTurnsTheConnectionAway) {
  live_collector c("max_connections: 1\n");
  ASSERT_TRUE(c.server) << c.error;
  const context ctx{"u-1", actor_type::user, "s-1", "192.0.2.1", "r-1"};
  std::error_code ec;
  auto first = open_collector_sink(c.socket(), acked_each(), ec);
  ASSERT_TRUE(first) << ec.message();
  auto one = std::make_unique<auditor>();
  one->add_sink(first);
  EXPECT_TRUE(one->emit(Login("alice", Login::Method::password), ctx));

  auto second = open_collector_sink(c.socket(), acked_each(), ec);
  ASSERT_TRUE(second) << ec.message();  // connected; the collector answers at once
  EXPECT_TRUE(eventually([&] { return c.server->counters().refused_busy == 1; }));
  auditor two;
  two.add_sink(second);
  EXPECT_EQ(two.emit(Login("bob", Login::Method::password), ctx).status(),
            emit_status::write_failed);
  EXPECT_EQ(second->last_error(), "busy: too many connections (the limit is 1)");

  one.reset();
  first.reset();  // its connection closes; the collector reaps it
  EXPECT_TRUE(eventually(
      [&] { return static_cast<bool>(two.emit(Login("bob", Login::Method::password), ctx)); }))
      << second->last_error();
  c.finish();
  EXPECT_EQ(c.server->counters().accepted, 2u);
}

// A second collector on the same trail and keys (another socket) refuses
// to start, names the holder, and leaves nothing behind; the first one
// goes on sealing.
TEST(CollectorSink, SecondCollectorOnOneTrailRefused) {
  auto first = std::make_unique<live_collector>("");
  ASSERT_TRUE(first->server) << first->error;
  const std::string dir = first->dir;

  live_collector second("", dir, "two.sock");
  EXPECT_EQ(second.server, nullptr);
  EXPECT_EQ(second.error.rfind("the trail " + dir + "/trail.jsonl is in use by another "
                               "trailguard-collector (pid " + std::to_string(::getpid()) +
                               ", lock file " + dir + "/.trail.jsonl.lock)",
                               0),
            0u)
      << second.error;
  EXPECT_NE(::access((dir + "/two.sock").c_str(), F_OK), 0);

  std::error_code ec;
  auto sink = open_collector_sink(first->socket(), acked_each(), ec);
  ASSERT_TRUE(sink) << ec.message();
  auditor audit;
  audit.add_sink(sink);
  const context ctx{"u-1", actor_type::user, "s-1", "192.0.2.1", "r-1"};
  EXPECT_TRUE(audit.emit(Login("alice", Login::Method::password), ctx));
  first.reset();

  // The lock goes with the process (here: the server); the next start takes it.
  live_collector again("", dir, "two.sock");
  EXPECT_TRUE(again.server) << again.error;
}

}  // namespace
