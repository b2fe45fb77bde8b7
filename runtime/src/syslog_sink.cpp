// The syslog sink: each line as an RFC 5424 message with structured data,
// over a local datagram socket or TCP with RFC 6587 octet counting.
#include <trailguard/detail/json.hpp>
#include <trailguard/detail/record.hpp>
#include <trailguard/sinks.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace trailguard {
namespace {

std::error_code last_error() { return {errno, std::generic_category()}; }

// The top-level string value of `key` in an encoder line, still escaped.
// The encoder writes '"' in values as \u0022, so the text `"key":"` is
// always a key; the top-level keys come before "fields", so the first
// match is the top-level one.
std::string_view string_value(std::string_view line, std::string_view key) {
  std::string pattern = "\"";
  pattern += key;
  pattern += "\":\"";
  const std::size_t at = line.find(pattern);
  if (at == std::string_view::npos) return {};
  const std::size_t start = at + pattern.size();
  for (std::size_t i = start; i < line.size(); ++i) {
    if (line[i] == '\\')
      ++i;
    else if (line[i] == '"')
      return line.substr(start, i - start);
  }
  return {};
}

std::string_view seq_value(std::string_view line) {
  constexpr std::string_view pattern = detail::seq_key;
  if (line.substr(0, pattern.size()) != pattern) return {};
  std::size_t end = pattern.size();
  while (end < line.size() && line[end] >= '0' && line[end] <= '9') ++end;
  return line.substr(pattern.size(), end - pattern.size());
}

// PRINTUSASCII (33-126), at most `max` characters, "-" when empty: the
// header fields cannot hold anything else.
void append_header_field(std::string &out, std::string_view value, std::size_t max) {
  const std::size_t start = out.size();
  for (char c : value) {
    if (out.size() - start == max) break;
    if (c >= 33 && c <= 126) out.push_back(c);
  }
  if (out.size() == start) out.push_back('-');
}

// SD-PARAM values escape '"', '\' and ']' (RFC 5424, 6.3.3).
void append_param_value(std::string &out, std::string_view value) {
  for (char c : value) {
    if (c == '"' || c == '\\' || c == ']') out.push_back('\\');
    out.push_back(c);
  }
}

// The encoder's "2026-11-27T03:37:37.123456Z" is already an RFC 5424
// TIMESTAMP; anything else is not trusted as one.
bool is_timestamp(std::string_view t) {
  constexpr std::string_view shape = "dddd-dd-ddTdd:dd:dd.ddddddZ";
  if (t.size() != shape.size()) return false;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (shape[i] == 'd' ? (t[i] < '0' || t[i] > '9') : t[i] != shape[i]) return false;
  return true;
}

bool is_connection_lost(int err) {
  return err == EPIPE || err == ECONNRESET || err == ECONNREFUSED || err == ENOTCONN ||
         err == ENOENT || err == EBADF || err == EDESTADDRREQ || err == ECONNABORTED;
}

}  // namespace

namespace detail {

std::string syslog_message(const syslog_sink_options &options, std::string_view hostname,
                           long pid, std::string_view line,
                           std::chrono::system_clock::time_point now) {
  std::string out = "<";
  out += std::to_string((options.facility % 24) * 8 + options.severity % 8);
  out += ">1 ";
  const std::string_view time = string_value(line, "time");
  if (is_timestamp(time)) {
    out += time;
  } else {
    std::string stamp;
    if (append_timestamp(stamp, now))
      out.append(stamp, 1, stamp.size() - 2);
    else
      out.push_back('-');
  }
  out.push_back(' ');
  append_header_field(out, hostname, 255);
  out.push_back(' ');
  append_header_field(out, options.app_name, 48);
  out.push_back(' ');
  append_header_field(out, std::to_string(pid), 128);
  out.push_back(' ');
  const std::string_view event = string_value(line, "event");
  append_header_field(out, event, 32);
  const std::string_view seq = seq_value(line);
  if (event.empty() && seq.empty()) {
    out += " -";
  } else {
    out += " [trailguard@32473";
    if (!event.empty()) {
      out += " event=\"";
      append_param_value(out, event);
      out.push_back('"');
    }
    if (!seq.empty()) {
      out += " seq=\"";
      out += seq;
      out.push_back('"');
    }
    out.push_back(']');
  }
  out.push_back(' ');
  out += line;
  return out;
}

}  // namespace detail

struct syslog_sink::impl {
  syslog_sink_options options;
  std::string hostname;
  long pid = 0;
  int fd = -1;
  std::string frames;  // reused

  ~impl() { disconnect(); }
  void disconnect() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  timeval send_timeout() const {
    return {static_cast<time_t>(options.timeout.count() / 1000),
            static_cast<suseconds_t>(options.timeout.count() % 1000 * 1000)};
  }
  std::error_code connect();
  std::error_code connect_tcp();
  bool peer_closed() const;
  std::error_code send(std::string_view lines);
};

std::error_code syslog_sink::impl::connect() {
  disconnect();
  if (options.transport == syslog_transport::tcp) return connect_tcp();
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (options.path.size() >= sizeof(addr.sun_path))
    return std::make_error_code(std::errc::filename_too_long);
  std::memcpy(addr.sun_path, options.path.data(), options.path.size());
  fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return last_error();
  // A daemon that stops reading must not block the emitter for ever.
  const timeval tv = send_timeout();
  if (::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0 ||
      ::connect(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr) != 0) {
    const std::error_code ec = last_error();
    disconnect();
    return ec;
  }
  return {};
}

// Non-blocking connect bounded by the timeout: an unreachable collector
// must not hang the emitting thread forever.
std::error_code syslog_sink::impl::connect_tcp() {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo *found = nullptr;
  if (const int rc = ::getaddrinfo(options.host.c_str(), options.port.c_str(), &hints, &found))
    return rc == EAI_SYSTEM ? last_error() : std::make_error_code(std::errc::host_unreachable);
  std::error_code ec = std::make_error_code(std::errc::host_unreachable);
  const int timeout_ms = static_cast<int>(options.timeout.count());
  for (addrinfo *ai = found; ai; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    if (fd < 0) {
      ec = last_error();
      continue;
    }
    int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      rc = ::poll(&p, 1, timeout_ms);
      int err = 0;
      socklen_t len = sizeof err;
      if (rc == 0)
        errno = ETIMEDOUT, rc = -1;
      else if (rc > 0 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0)
        errno = err, rc = err ? -1 : 0;
    }
    if (rc == 0) {
      const timeval tv = send_timeout();
      const int one = 1;
      if (::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK) == 0 &&
          ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) == 0 &&
          ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0) {
        ::freeaddrinfo(found);
        return {};
      }
    }
    ec = last_error();
    disconnect();
  }
  ::freeaddrinfo(found);
  return ec;
}

// A collector that went away shows as end-of-stream before we send; sending
// into that connection would "succeed" and lose the lines, so reconnect
// first.
bool syslog_sink::impl::peer_closed() const {
  if (options.transport != syslog_transport::tcp) return false;
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, 0) <= 0) return false;
  if (p.revents & (POLLHUP | POLLERR | POLLNVAL)) return true;
  char byte;
  const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

std::error_code syslog_sink::impl::send(std::string_view lines) {
  const auto now = std::chrono::system_clock::now();
  frames.clear();
  std::size_t start = 0;
  std::vector<std::pair<std::size_t, std::size_t>> datagrams;
  while (start < lines.size()) {
    std::size_t end = lines.find('\n', start);
    if (end == std::string_view::npos) end = lines.size();
    const std::string message =
        detail::syslog_message(options, hostname, pid, lines.substr(start, end - start), now);
    if (options.transport == syslog_transport::tcp) {
      frames += std::to_string(message.size());
      frames.push_back(' ');
    }
    datagrams.emplace_back(frames.size(), message.size());
    frames += message;
    start = end + 1;
  }
  if (options.transport == syslog_transport::tcp) {
    std::string_view rest = frames;
    while (!rest.empty()) {
      const ssize_t n = ::send(fd, rest.data(), rest.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return last_error();
      rest.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
  }
  for (const auto &[offset, size] : datagrams) {
    ssize_t n;
    do n = ::send(fd, frames.data() + offset, size, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    if (n < 0) return last_error();
  }
  return {};
}

syslog_sink::syslog_sink(std::unique_ptr<impl> state) : impl_(std::move(state)) {}
syslog_sink::~syslog_sink() = default;

std::string syslog_sink::name() const {
  const syslog_sink_options &o = impl_->options;
  return o.transport == syslog_transport::tcp ? "syslog:tcp:" + o.host + ":" + o.port
                                              : "syslog:unix:" + o.path;
}

std::error_code syslog_sink::write(std::string_view lines) {
  impl &s = *impl_;
  bool reconnected = false;
  if (s.fd < 0 || s.peer_closed()) {
    if (std::error_code ec = s.connect()) return ec;
    reconnected = true;
  }
  std::error_code ec = s.send(lines);
  // One reconnect per write: a restarted daemon is back, a dead one fails.
  if (ec && !reconnected && is_connection_lost(ec.value())) {
    ec = s.connect();
    if (!ec) ec = s.send(lines);
  }
  if (ec) s.disconnect();
  return ec;
}

std::shared_ptr<syslog_sink> open_syslog_sink(syslog_sink_options options, std::error_code &error) {
  error.clear();
  auto state = std::make_unique<syslog_sink::impl>();
  state->hostname = options.hostname;
  if (state->hostname.empty()) {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) == 0) state->hostname = host;
  }
  state->pid = static_cast<long>(::getpid());
  state->options = std::move(options);
  if ((error = state->connect())) return nullptr;
  return std::make_shared<syslog_sink>(std::move(state));
}

}  // namespace trailguard
