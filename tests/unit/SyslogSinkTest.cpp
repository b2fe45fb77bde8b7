// The syslog sink: RFC 5424 messages, TCP and Unix datagram transports,
// reconnection and a collector that is gone.
#include "SinksFixture.hpp"

namespace {

using namespace sinks_test;

// --- syslog_sink -----------------------------------------------------------

const std::string a_line =
    "{\"seq\":7,\"time\":\"2026-11-27T03:37:37.123456Z\",\"service\":\"shop\","
    "\"event\":\"authn.login_success\",\"fields\":{}}";

TEST(SyslogMessage, Rfc5424WithStructuredData) {
  syslog_sink_options o;
  o.app_name = "shop";
  const auto now = std::chrono::system_clock::time_point{};
  EXPECT_EQ(detail::syslog_message(o, "web-1", 4242, a_line, now),
            "<86>1 2026-11-27T03:37:37.123456Z web-1 shop 4242 authn.login_success "
            "[trailguard@32473 event=\"authn.login_success\" seq=\"7\"] " + a_line);
  o.facility = 16;  // local0
  o.severity = 5;   // notice
  EXPECT_EQ(detail::syslog_message(o, "web-1", 1, a_line, now).substr(0, 7), "<133>1 ");
}

TEST(SyslogMessage, EscapesParamsAndBoundsHeaderFields) {
  syslog_sink_options o;
  o.app_name = "my app with spaces and far too long a name for the APP-NAME field";
  const std::string name = std::string(40, 'x') + "\\\"]";  // JSON text: x...x\"]
  const std::string line = "{\"seq\":1,\"event\":\"" + name + "\"}";
  const std::string m = detail::syslog_message(o, "", 9, line,
      std::chrono::system_clock::time_point(std::chrono::seconds(1795750657)));
  // No time of its own: stamped with `now`; no hostname: "-"; MSGID cut to
  // 32 characters; the SD-PARAM value escapes '\', '"' and ']'.
  EXPECT_EQ(m, "<86>1 2026-11-27T03:37:37.000000Z - myappwithspacesandfartoolonganamefortheAPP-NAMEf 9 " +
                   std::string(32, 'x') + " [trailguard@32473 event=\"" + std::string(40, 'x') +
                   "\\\\\\\"\\]\" seq=\"1\"] " + line);
  // A line that is not an event (a checkpoint, say) still goes out whole.
  EXPECT_EQ(detail::syslog_message(o, "h", 9, "{\"x\":1}", {}).substr(0, 6), "<86>1 ");
  EXPECT_NE(detail::syslog_message(o, "h", 9, "{\"x\":1}", {}).find(" - - {\"x\":1}"),
            std::string::npos);
}

// A collector: accepts TCP connections on 127.0.0.1 and splits each stream
// into RFC 6587 octet-counted frames.
class tcp_collector {
 public:
  tcp_collector() {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(listener_, reinterpret_cast<sockaddr *>(&addr), len) != 0 ||
        ::listen(listener_, 4) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr *>(&addr), &len) != 0)
      std::abort();
    port_ = std::to_string(ntohs(addr.sin_port));
  }
  ~tcp_collector() {
    stop();
    if (thread_.joinable()) thread_.join();
  }
  const std::string &port() const { return port_; }
  void stop() {
    if (listener_ >= 0) ::shutdown(listener_, SHUT_RDWR), ::close(listener_);
    listener_ = -1;
  }

  // Serves `connections` connections one after the other; the first closes
  // after `close_after` frames (0: keeps reading to end-of-stream).
  void serve(int connections, std::size_t close_after = 0) {
    const int listener = listener_;
    thread_ = std::thread([=] {
      for (int c = 0; c < connections; ++c) {
        const int conn = ::accept(listener, nullptr, nullptr);
        if (conn < 0) return;
        std::string stream;
        std::size_t taken = 0;
        char buf[4096];
        for (;;) {
          const ssize_t n = ::recv(conn, buf, sizeof buf, 0);
          if (n <= 0) break;
          stream.append(buf, static_cast<std::size_t>(n));
          // LEN SP MSG, repeated.
          for (;;) {
            const std::size_t sp = stream.find(' ', taken);
            if (sp == std::string::npos) break;
            const std::size_t len = std::stoul(stream.substr(taken, sp - taken));
            if (stream.size() < sp + 1 + len) break;
            std::lock_guard<std::mutex> lock(lock_);
            frames_.push_back(stream.substr(sp + 1, len));
            taken = sp + 1 + len;
            changed_.notify_all();
          }
          if (c == 0 && close_after && frames().size() >= close_after) break;
        }
        EXPECT_EQ(taken, stream.size()) << "a partial frame";
        ::close(conn);
        std::lock_guard<std::mutex> lock(lock_);
        ++closed_;
        changed_.notify_all();
      }
    });
  }
  std::vector<std::string> frames() const {
    std::lock_guard<std::mutex> lock(lock_);
    return frames_;
  }
  void wait_for(std::size_t frames, int closed = 0) {
    std::unique_lock<std::mutex> lock(lock_);
    ASSERT_TRUE(changed_.wait_for(lock, std::chrono::seconds(20), [&] {
      return frames_.size() >= frames && closed_ >= closed;
    }));
  }

 private:
  int listener_ = -1;
  std::string port_;
  std::thread thread_;
  mutable std::mutex lock_;
  std::condition_variable changed_;
  std::vector<std::string> frames_;
  int closed_ = 0;
};

syslog_sink_options tcp_to(const std::string &port) {
  syslog_sink_options o;
  o.transport = syslog_transport::tcp;
  o.host = "127.0.0.1";
  o.port = port;
  o.hostname = "web-1";
  o.app_name = "shop";
  return o;
}

TEST(SyslogSink, TcpOctetCountedFramesThroughTheAuditor) {
  tcp_collector collector;
  collector.serve(1);
  std::error_code ec;
  auto sink = open_syslog_sink(tcp_to(collector.port()), ec);
  ASSERT_NE(sink, nullptr) << ec.message();
  EXPECT_EQ(sink->name(), "syslog:tcp:127.0.0.1:" + collector.port());
  {
    auditor a;
    a.add_sink(sink);
    for (const char *user : {"a", "b", "c"}) ASSERT_TRUE(a.emit(login(user), request).ok());
    ASSERT_FALSE(a.close());
  }
  sink.reset();  // end of stream
  collector.wait_for(3, 1);
  const auto frames = collector.frames();
  ASSERT_EQ(frames.size(), 3u);
  const std::regex shape(
      "<86>1 \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z web-1 shop \\d+ "
      "authn\\.login_success \\[trailguard@32473 event=\"authn\\.login_success\" "
      "seq=\"(\\d+)\"\\] (\\{.*\\})");
  for (std::size_t i = 0; i < frames.size(); ++i) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(frames[i], m, shape)) << frames[i];
    EXPECT_EQ(m[1], std::to_string(i + 1));
    const json j = json::parse(m[2].str());
    EXPECT_EQ(j["seq"], i + 1);
    EXPECT_EQ(j["fields"]["user_id"], std::string(1, char('a' + i)));
  }
}

TEST(SyslogSink, TcpReconnectsOnceWhenTheCollectorClosed) {
  tcp_collector collector;
  collector.serve(2, 1);  // the first connection closes after one frame
  std::error_code ec;
  auto sink = open_syslog_sink(tcp_to(collector.port()), ec);
  ASSERT_NE(sink, nullptr) << ec.message();
  ASSERT_FALSE(sink->write(a_line + "\n"));
  collector.wait_for(1, 1);
  // The old connection is gone: this line must reach the new one, not
  // vanish into the dead socket.
  ASSERT_FALSE(sink->write(a_line + "\n"));
  sink.reset();
  collector.wait_for(2, 2);
  EXPECT_EQ(collector.frames().size(), 2u);
}

TEST(SyslogSink, TcpCollectorGoneIsAnError) {
  std::string port;
  std::shared_ptr<syslog_sink> sink;
  {
    tcp_collector collector;
    collector.serve(1, 1);
    port = collector.port();
    std::error_code ec;
    sink = open_syslog_sink(tcp_to(port), ec);
    ASSERT_NE(sink, nullptr) << ec.message();
    ASSERT_FALSE(sink->write(a_line + "\n"));
    collector.wait_for(1, 1);
    collector.stop();
  }
  EXPECT_EQ(sink->write(a_line + "\n"), std::errc::connection_refused);
  std::error_code ec;
  EXPECT_EQ(open_syslog_sink(tcp_to(port), ec), nullptr);
  EXPECT_EQ(ec, std::errc::connection_refused) << ec.message();

  // Through the auditor, fail closed: the caller hears of it.
  auditor a;
  auto good = std::make_shared<memory_sink>();
  a.add_sink(sink);
  a.add_sink(good);
  const emit_result r = a.emit(login(), request);
  EXPECT_EQ(r.status(), emit_status::write_failed);
  EXPECT_EQ(r.detail(), "syslog:tcp:127.0.0.1:" + port);
  EXPECT_EQ(good->lines().size(), 1u);
}

// A local daemon's datagram socket, bound at a temporary path.
int bind_datagram(const std::string &path) {
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) std::abort();
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

std::string receive(int fd) {
  char buf[65536];
  const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
  return n < 0 ? std::string() : std::string(buf, static_cast<std::size_t>(n));
}

TEST(SyslogSink, UnixDatagramOneMessagePerLineAndDaemonRestart) {
  temp_dir dir;
  const std::string path = dir / "log";
  int daemon = bind_datagram(path);
  syslog_sink_options o;
  o.path = path;
  o.hostname = "web-1";
  std::error_code ec;
  auto sink = open_syslog_sink(o, ec);
  ASSERT_NE(sink, nullptr) << ec.message();
  EXPECT_EQ(sink->name(), "syslog:unix:" + path);
  ASSERT_FALSE(sink->write(a_line + "\n" + a_line + "\n"));
  for (int i = 0; i < 2; ++i) {
    const std::string m = receive(daemon);
    EXPECT_EQ(m.substr(0, 40), "<86>1 2026-11-27T03:37:37.123456Z web-1 ");
    EXPECT_EQ(m.substr(m.size() - a_line.size()), a_line);
  }

  // The daemon goes away: an error, not a silent drop.
  ::close(daemon);
  ::unlink(path.c_str());
  EXPECT_TRUE(sink->write(a_line + "\n"));
  // It comes back at the same path: the next write reconnects.
  daemon = bind_datagram(path);
  ASSERT_FALSE(sink->write(a_line + "\n"));
  EXPECT_NE(receive(daemon).find(a_line), std::string::npos);
  ::close(daemon);
}

}  // namespace
