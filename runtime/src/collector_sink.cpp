// The application side of trailguard-collector: lines go over a Unix
// socket and count as written only once the collector has sealed them and
// said "ok"; up to max_in_flight of them may be on their way at once.
#include <trailguard/sinks.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
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
  // Lines sent and not yet answered, oldest first (each without its '\n'):
  // the collector answers in order, so the next reply is the front's.
  std::deque<std::string> in_flight;
  std::size_t own = 0;        // how many of in_flight's newest the current write sent
  std::error_code own_error;  // the first failure among them
  // Lines of earlier writes refused or lost since a call last returned an
  // error: the next write() or flush() returns it.
  std::error_code earlier_error;
  std::string earlier_reason;
  std::uint64_t earlier_lost = 0;

  ~impl() {
    // Whatever is still on its way is answered or handed to on_lost, not
    // dropped with the connection.
    if (fd >= 0 && !in_flight.empty()) {
      own = 0;
      (void)read_replies(std::chrono::steady_clock::now() + options.reply_timeout, 0, true);
    }
    disconnect();
    // No call is left to return the error: without on_lost, the loss is
    // said on stderr rather than not at all (the lines themselves are not
    // printed; they are audit data).
    if (earlier_lost > 0 && !options.on_lost)
      std::fprintf(stderr,
                   "trailguard: collector_sink %s: %llu audit event(s) sent but never "
                   "acknowledged (%s); they may be missing from the trail\n",
                   path.c_str(), static_cast<unsigned long long>(earlier_lost),
                   earlier_reason.c_str());
  }

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
    lose_all(ec);
    return ec;
  }

  // A line of an earlier write will never be acknowledged: the caller
  // hears of it through on_lost now, and through the next error returned.
  void report_earlier(const std::string &line, const std::string &why, std::error_code ec) {
    ++earlier_lost;
    if (!earlier_error) {
      earlier_error = ec;
      earlier_reason = why;
    }
    if (options.on_lost) options.on_lost(line, why);
  }

  // The connection is gone with lines unanswered: the collector may or may
  // not have sealed them, and sending them again could store them twice.
  void lose_all(std::error_code ec) {
    drain();
    while (!in_flight.empty()) {
      if (in_flight.size() <= own) {
        if (!own_error) own_error = ec;
      } else {
        report_earlier(in_flight.front(), last_error, ec);
      }
      in_flight.pop_front();
    }
    own = 0;
    disconnect();
  }

  // The replies already received, taken before a failed connection is
  // given up: a line the collector answered "ok" is not lost.
  void drain() {
    char chunk[16384];
    while (fd >= 0 && !in_flight.empty()) {
      const std::size_t nl = pending.find('\n');
      if (nl != std::string::npos) {
        const std::string reply(pending, 0, nl);
        pending.erase(0, nl + 1);
        answer(reply);
        continue;
      }
      if (pending.size() > 4096) return;
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;
      pending.append(chunk, static_cast<std::size_t>(n));
    }
  }

  // Takes `ec`, the error a call returns, and folds the earlier losses
  // into last_error: that return reports them, once.
  std::error_code report(std::error_code ec) {
    if (earlier_lost > 0) {
      const std::string earlier = std::to_string(earlier_lost) + " earlier line" +
                                  (earlier_lost == 1 ? " was" : "s were") +
                                  " not acknowledged (" + earlier_reason + ")";
      if (!ec || last_error.empty())
        last_error = earlier;
      else
        last_error += "; " + earlier;
      if (!ec) ec = earlier_error;
    }
    earlier_error = {};
    earlier_reason.clear();
    earlier_lost = 0;
    return ec;
  }

  // The collector's answer to in_flight.front().
  void answer(const std::string &reply) {
    const bool mine = in_flight.size() <= own;
    if (reply.compare(0, 3, "ok ") == 0) {
      std::uint64_t seq = 0;
      for (std::size_t k = 3; k < reply.size() && reply[k] >= '0' && reply[k] <= '9'; ++k)
        seq = seq * 10 + static_cast<std::uint64_t>(reply[k] - '0');
      last_seq = seq;
    } else if (mine) {
      if (!own_error) own_error = refusal(reply);
    } else {
      const std::error_code ec = refusal(reply);
      report_earlier(in_flight.front(), last_error, ec);
    }
    in_flight.pop_front();
    if (own > in_flight.size()) own = in_flight.size();
  }

  enum class got { line, nothing_yet, failed };
  // The next reply line, without its '\n', taken from `pending` or
  // received: waits for it up to `deadline`, or, without `block`, returns
  // nothing_yet when it has not arrived. A lost connection, an overlong
  // reply or the deadline is `failed`, with `ec` as fail() returned it.
  got next_reply(std::string &reply, std::chrono::steady_clock::time_point deadline, bool block,
                 std::error_code &ec) {
    for (;;) {
      const std::size_t nl = pending.find('\n');
      if (nl != std::string::npos) {
        reply.assign(pending, 0, nl);
        pending.erase(0, nl + 1);
        return got::line;
      }
      if (pending.size() > 4096) {
        ec = fail(std::make_error_code(std::errc::bad_message), "an overlong reply from " + path);
        return got::failed;
      }
      char chunk[16384];
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n > 0) {
        pending.append(chunk, static_cast<std::size_t>(n));
        continue;
      }
      if (n == 0) {
        ec = fail(std::make_error_code(std::errc::connection_reset),
                  "the collector closed the connection");
        return got::failed;
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN) {
        ec = fail(std::error_code(errno, std::system_category()), "reading from " + path);
        return got::failed;
      }
      if (!block) return got::nothing_yet;
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, remaining_ms(deadline)) == 0) {
        ec = fail(std::make_error_code(std::errc::timed_out),
                  "no reply from the collector at " + path);
        return got::failed;
      }
    }
  }

  // Reads replies until at most `keep` lines are in flight; without
  // `block`, only those already there. A lost connection or the deadline
  // loses the rest (lose_all).
  std::error_code read_replies(std::chrono::steady_clock::time_point deadline, std::size_t keep,
                               bool block) {
    std::string reply;
    std::error_code ec;
    while (in_flight.size() > keep) {
      switch (next_reply(reply, deadline, block, ec)) {
        case got::line:
          answer(reply);
          break;
        case got::nothing_yet:
          return {};
        case got::failed:
          return ec;
      }
    }
    return {};
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
      // The collector may be waiting to send replies this sink has not
      // read (a large window): read them, or neither side moves.
      pollfd p{fd, static_cast<short>(POLLOUT | (in_flight.empty() ? 0 : POLLIN)), 0};
      if (::poll(&p, 1, remaining_ms(deadline)) == 0)
        return fail(std::make_error_code(std::errc::timed_out), "sending to " + path);
      if (p.revents & POLLIN)
        if (std::error_code ec = read_replies(deadline, 0, false)) return ec;
    }
    return {};
  }

  // One reply line, without its '\n'.
  std::error_code read_reply(std::string &reply, std::chrono::steady_clock::time_point deadline) {
    std::error_code ec;
    (void)next_reply(reply, deadline, true, ec);
    return ec;
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
  st.own = 0;
  st.own_error = {};
  const std::size_t window = std::max<std::size_t>(st.options.max_in_flight, 1);
  // Replies already here, without waiting, once half the window is in
  // flight: an earlier line refused or lost fails this write before it
  // sends anything. Not at every write: a receive per event would cost
  // the writer as much as the send (two system calls an event instead of
  // one), and a window of 64 then reads some 32 replies in one receive.
  if (st.fd >= 0 && st.in_flight.size() >= (window + 1) / 2)
    (void)st.read_replies(deadline, 0, false);
  if (st.earlier_error) return st.report({});
  if (st.fd >= 0 && st.in_flight.empty()) {
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
        if (std::error_code ec = st.read_reply(reply, deadline)) return st.report(ec);
        const std::error_code ec = st.refusal(reply);
        st.disconnect();
        return st.report(ec);
      }
    }
  }
  if (st.fd < 0)
    if (std::error_code ec = st.connect()) return st.report(ec);
  // In flight before the send: a send that fails part-way loses these
  // lines with the connection (lose_all), reported as this write's.
  std::size_t start = 0;
  while (start < lines.size()) {
    std::size_t nl = lines.find('\n', start);
    if (nl == std::string_view::npos) nl = lines.size();
    st.in_flight.emplace_back(lines.substr(start, nl - start));
    ++st.own;
    start = nl + 1;
  }
  if (std::error_code ec = st.send_all(lines, deadline)) return st.report(st.own_error ? st.own_error : ec);
  // Every reply is read in order, even after a refusal, so the connection
  // stays in step; this write returns once fewer than max_in_flight lines
  // are unanswered (with a window of 1: once its own are answered).
  (void)st.read_replies(deadline, window - 1, true);
  if (st.own_error) return st.report(st.own_error);
  if (!st.earlier_error) st.last_error.clear();
  return {};
}

std::error_code collector_sink::flush() {
  impl &st = *impl_;
  st.own = 0;
  st.own_error = {};
  if (st.fd >= 0 && !st.in_flight.empty())
    (void)st.read_replies(std::chrono::steady_clock::now() + st.options.reply_timeout, 0, true);
  if (st.earlier_error) return st.report({});
  return {};
}

std::size_t collector_sink::in_flight() const { return impl_->in_flight.size(); }

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
