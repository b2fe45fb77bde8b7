// The application side of trailguard-collector: lines go over a Unix
// socket and count as written only once the collector has sealed them and
// said "ok".
#include <trailguard/sinks.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace trailguard {

struct collector_sink::impl {
  std::string path;
  collector_sink_options options;
  int fd = -1;
  std::string pending;  // reply bytes read past the last '\n'
  std::string last_error;
  std::uint64_t last_seq = 0;

  ~impl() { disconnect(); }

  void disconnect() {
    if (fd >= 0) ::close(fd);
    fd = -1;
    pending.clear();
  }

  static int remaining_ms(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return left.count() <= 0 ? 0 : static_cast<int>(std::min<long long>(left.count(), 1 << 30));
  }

  std::error_code fail(std::error_code ec, std::string what) {
    last_error = std::move(what);
    disconnect();
    return ec;
  }

  std::error_code connect() {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof addr.sun_path)
      return fail(std::make_error_code(std::errc::filename_too_long),
                  "the socket path is empty or too long");
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return fail(std::error_code(errno, std::system_category()), "socket()");
    if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
      // A full listen queue: wait for the collector to accept, up to the
      // connect timeout.
      if (errno != EINPROGRESS && errno != EAGAIN)
        return fail(std::error_code(errno, std::system_category()), "cannot connect to " + path);
      pollfd p{fd, POLLOUT, 0};
      const auto deadline = std::chrono::steady_clock::now() + options.connect_timeout;
      int ready;
      do ready = ::poll(&p, 1, remaining_ms(deadline));
      while (ready < 0 && errno == EINTR);
      if (ready == 0)
        return fail(std::make_error_code(std::errc::timed_out), "connecting to " + path);
      int so_error = 0;
      socklen_t len = sizeof so_error;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
      if (ready < 0 || so_error != 0)
        return fail(std::error_code(ready < 0 ? errno : so_error, std::system_category()),
                    "cannot connect to " + path);
    }
    return {};
  }

  // What the collector did on an open connection since the last write,
  // unasked: nothing; closed it (it closes idle ones, idle_timeout_s); or
  // sent a line (it refuses a connection before any line is sent, with
  // "error busy: ..." or "error not allowed", and closes it).
  enum class unasked { nothing, closed, spoke };
  unasked since_last_write() const {
    if (!pending.empty()) return unasked::spoke;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) return unasked::nothing;
    char byte;
    const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n > 0) return unasked::spoke;
    return n == 0 || (errno != EAGAIN && errno != EINTR) ? unasked::closed : unasked::nothing;
  }

  // A reply other than "ok": the error code and last_error.
  std::error_code refusal(const std::string &reply) {
    // "unavailable": the collector could not write its trail; "busy": it
    // serves as many connections as it may; anything else: it refused the
    // line (or the peer) itself.
    const bool unavailable =
        reply == "error unavailable" || reply.compare(0, 11, "error busy:") == 0;
    last_error = reply.compare(0, 6, "error ") == 0 ? reply.substr(6) : reply;
    return std::make_error_code(unavailable ? std::errc::io_error : std::errc::bad_message);
  }

  std::error_code send_all(std::string_view bytes, std::chrono::steady_clock::time_point deadline) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n >= 0) {
        bytes.remove_prefix(static_cast<std::size_t>(n));
        continue;
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN)
        return fail(std::error_code(errno, std::system_category()), "sending to " + path);
      pollfd p{fd, POLLOUT, 0};
      if (::poll(&p, 1, remaining_ms(deadline)) == 0)
        return fail(std::make_error_code(std::errc::timed_out), "sending to " + path);
    }
    return {};
  }

  // One reply line, without its '\n'.
  std::error_code read_reply(std::string &reply, std::chrono::steady_clock::time_point deadline) {
    for (;;) {
      const std::size_t nl = pending.find('\n');
      if (nl != std::string::npos) {
        reply.assign(pending, 0, nl);
        pending.erase(0, nl + 1);
        return {};
      }
      if (pending.size() > 4096)
        return fail(std::make_error_code(std::errc::bad_message), "an overlong reply from " + path);
      char chunk[1024];
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n > 0) {
        pending.append(chunk, static_cast<std::size_t>(n));
        continue;
      }
      if (n == 0)
        return fail(std::make_error_code(std::errc::connection_reset),
                    "the collector closed the connection");
      if (errno == EINTR) continue;
      if (errno != EAGAIN)
        return fail(std::error_code(errno, std::system_category()), "reading from " + path);
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, remaining_ms(deadline)) == 0)
        return fail(std::make_error_code(std::errc::timed_out),
                    "no reply from the collector at " + path);
    }
  }
};

collector_sink::collector_sink(std::unique_ptr<impl> state) : impl_(std::move(state)) {}
collector_sink::~collector_sink() = default;

std::string collector_sink::name() const { return "collector:" + impl_->path; }
std::string collector_sink::last_error() const { return impl_->last_error; }
std::uint64_t collector_sink::last_seq() const { return impl_->last_seq; }

std::error_code collector_sink::write(std::string_view lines) {
  impl &st = *impl_;
  const auto deadline = std::chrono::steady_clock::now() + st.options.reply_timeout;
  if (st.fd >= 0) {
    switch (st.since_last_write()) {
      case impl::unasked::nothing:
        break;
      case impl::unasked::closed:
        // Nothing was sent on it: a new connection takes these lines at
        // no risk of one stored twice.
        st.disconnect();
        break;
      case impl::unasked::spoke: {
        // The collector turned the connection away: that is the answer,
        // and the next write tries a new one.
        std::string reply;
        if (std::error_code ec = st.read_reply(reply, deadline)) return ec;
        const std::error_code ec = st.refusal(reply);
        st.disconnect();
        return ec;
      }
    }
  }
  if (st.fd < 0)
    if (std::error_code ec = st.connect()) return ec;
  if (std::error_code ec = st.send_all(lines, deadline)) return ec;
  std::size_t expected = 0;
  for (char c : lines) expected += c == '\n';
  // Every reply is read, even after a refusal, so the next write's replies
  // are its own.
  std::error_code first;
  std::string reply;
  for (std::size_t i = 0; i < expected; ++i) {
    if (std::error_code ec = st.read_reply(reply, deadline)) return ec;
    if (reply.compare(0, 3, "ok ") == 0) {
      std::uint64_t seq = 0;
      for (std::size_t k = 3; k < reply.size() && reply[k] >= '0' && reply[k] <= '9'; ++k)
        seq = seq * 10 + static_cast<std::uint64_t>(reply[k] - '0');
      st.last_seq = seq;
      continue;
    }
    if (!first) first = st.refusal(reply);
  }
  if (!first) st.last_error.clear();
  return first;
}

std::shared_ptr<collector_sink> open_collector_sink(const std::string &socket_path,
                                                    collector_sink_options options,
                                                    std::error_code &error) {
  auto st = std::make_unique<collector_sink::impl>();
  st->path = socket_path;
  st->options = options;
  error = st->connect();
  if (error) return nullptr;
  return std::make_shared<collector_sink>(std::move(st));
}

}  // namespace trailguard
