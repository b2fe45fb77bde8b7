// The collector daemon: accepts application connections on a Unix socket,
// labels their lines with the kernel's peer credentials, validates and
// re-encodes them, seals them into the collector's trail under one lock
// (with the file sink's group commit) and wakes the forwarders.
#include <trailguard/collector/server.hpp>
#include <trailguard/collector/validator.hpp>

#include <trailguard/detail/json.hpp>
#include <trailguard/detail/record.hpp>
#include <trailguard/sinks.hpp>
#include <trailguard/trail.hpp>

#ifdef TRAILGUARD_COLLECTOR_HAVE_FORWARD
#include <trailguard/collector/forward.hpp>
#endif
#ifdef TRAILGUARD_COLLECTOR_HAVE_KAFKA
#include <trailguard/collector/kafka.hpp>
#endif
#ifdef TRAILGUARD_COLLECTOR_HAVE_POSTGRES
#include <trailguard/collector/postgres.hpp>
#endif

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>  // renameat2
#include <cstring>
#include <iostream>
#include <list>
#include <map>
#include <mutex>
#include <system_error>
#include <thread>

#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace trailguard {
namespace collector {

namespace {

std::mutex log_lock;

void log_error(const std::string &message) {
  std::lock_guard<std::mutex> guard(log_lock);
  std::cerr << "trailguard-collector: " << message << '\n';
}

std::string errno_text(int e) { return std::strerror(e); }

bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool file_exists(const std::string &path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

// At most one line a minute per kind of trouble, with how many were held
// back: a flood of clients must not become a flood of log lines.
class throttled_log {
 public:
  void operator()(const std::string &message) {
    const auto now = std::chrono::steady_clock::now();
    std::uint64_t held_back = 0;
    {
      std::lock_guard<std::mutex> guard(lock_);
      if (logged_ && now - last_ < std::chrono::minutes(1)) {
        ++held_back_;
        return;
      }
      logged_ = true;
      last_ = now;
      held_back = held_back_;
      held_back_ = 0;
    }
    log_error(held_back == 0 ? message
                             : message + " (and " + std::to_string(held_back) +
                                   " more like it since the last such message)");
  }

 private:
  std::mutex lock_;
  bool logged_ = false;
  std::chrono::steady_clock::time_point last_;
  std::uint64_t held_back_ = 0;
};

// Descriptors the collector needs besides its connections: rotation,
// checkpoints (a temporary state file), the forwarders' sockets.
constexpr std::size_t spare_descriptors = 32;

std::size_t open_descriptors() {
  std::size_t n = 0;
  if (DIR *d = ::opendir("/proc/self/fd")) {
    while (const dirent *e = ::readdir(d))
      if (e->d_name[0] != '.') ++n;
    ::closedir(d);
  }
  return n != 0 ? n : 16;
}

// Takes the lock file `path` (flock) for the process's lifetime and writes
// this pid into it; on failure returns why, naming the holder's pid when
// the file has one. `what` names the thing locked ("the trail X").
std::string take_lock(const std::string &path, const std::string &what,
                      const std::string &remedy, int &fd_out) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return "cannot open the lock file " + path + ": " + errno_text(errno);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int e = errno;
    std::string holder;
    char text[32] = {};
    const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
    for (ssize_t i = 0; i < n && text[i] >= '0' && text[i] <= '9'; ++i) holder += text[i];
    ::close(fd);
    if (e != EWOULDBLOCK) return "cannot lock " + path + ": " + errno_text(e);
    return what + " is in use by another trailguard-collector (" +
           (holder.empty() ? std::string() : "pid " + holder + ", ") + "lock file " + path +
           "); two collectors cannot share it: stop the other one, or " + remedy;
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    const int e = errno;
    ::close(fd);
    return "cannot write the lock file " + path + ": " + errno_text(e);
  }
  fd_out = fd;
  return {};
}

struct connection {
  int fd = -1;
  ucred cred{};
  std::thread thread;
  std::atomic<bool> done{false};
};

}  // namespace

struct server::impl {
  config cfg;
  std::unique_ptr<validator> check;
  std::shared_ptr<file_sink> sink;
  std::shared_ptr<sealer> seal;
  std::mutex write_lock;  // the trail: one writer at a time, as in the auditor
  std::string lines;      // sealed lines, under write_lock
#ifdef TRAILGUARD_COLLECTOR_HAVE_FORWARD
  std::vector<std::unique_ptr<forward_loop>> forwarders;
#endif
  int listen_fd = -1;
  std::string socket_file;  // bound by us, under its own name or the staging one
  int wake[2] = {-1, -1};
  // Given up to accept one client when the descriptors run out, so it can
  // be told "busy" and the listening socket does not stay readable.
  int reserve_fd = -1;
  std::vector<int> lock_fds;  // held for the process's lifetime
  std::size_t max_connections = 0, max_per_uid = 0;  // in effect
  std::atomic<bool> stopping{false};
  std::mutex connections_lock;
  std::list<std::unique_ptr<connection>> connections;  // under connections_lock
  std::map<uid_t, std::size_t> per_uid;                // open ones, under connections_lock
  mutable std::mutex counters_lock;
  server_counters counters;
  throttled_log busy_log, fd_log, accept_log;
  bool closed = false;

  ~impl() {
    if (listen_fd >= 0) ::close(listen_fd);  // opened but never run
    if (!socket_file.empty()) ::unlink(socket_file.c_str());
    for (int fd : wake)
      if (fd >= 0) ::close(fd);
    if (reserve_fd >= 0) ::close(reserve_fd);
    for (int fd : lock_fds) ::close(fd);
  }

  // Starts the next file as the auditor does (a rotate record, then a
  // checkpoint), so a restart after a crash finds its place in it.
  std::error_code rotate() {
    if (const std::error_code ec = ::trailguard::detail::start_next_file(
            *sink, seal.get(), seal->next_seq(), cfg.service, std::chrono::system_clock::now(),
            lines))
      return ec;
    seal->after_commit();
    return {};
  }

  // Seals a batch of validated records (one connection's lines from one
  // read) under one hold of the lock and one write, and returns once they
  // are in the trail as the fsync policy promises: the wait for the sync is
  // outside the lock, so the batches of other connections that arrive
  // meanwhile share it (group commit). seqs[i] is the place of bodies[i] in
  // the trail; on an error none of them counts as written.
  std::error_code write(const std::vector<std::string> &bodies, std::size_t count,
                        const std::string &origin, std::vector<std::uint64_t> &seqs) {
    seqs.assign(count, 0);
    std::unique_lock<std::mutex> guard(write_lock);
    if (sink->rotation_due())
      if (const std::error_code ec = rotate()) return ec;
    std::string record;
    std::uint64_t ticket = 0;
    lines.clear();
    std::size_t sealed_from = 0;  // the first record not yet written
    // Writes what is sealed so far. A checkpoint ends a part: the sealer
    // ratchets its key on commit(), and the records after a checkpoint are
    // MACed with the next key.
    auto write_part = [&](std::size_t upto) -> std::error_code {
      if (lines.empty()) return {};
      std::uint64_t t = 0;
      if (const std::error_code ec = sink->start_write(lines, t)) {
        seal->rollback();
        for (std::size_t k = sealed_from; k < upto; ++k) seqs[k] = 0;
        return ec;
      }
      seal->commit();
      if (t != 0) ticket = t;
      lines.clear();
      sealed_from = upto;
      return {};
    };
    std::error_code ec;
    for (std::size_t i = 0; i < count && !ec; ++i) {
      const std::uint64_t seq = seal->next_seq();
      record.clear();
      ::trailguard::detail::append_seq_prefix(record, seq);
      record += bodies[i];
      record += origin;
      const std::size_t before = lines.size();
      seal->seal(lines, record, seq);
      seqs[i] = seq;
      const bool checkpoint =
          std::count(lines.begin() + static_cast<std::ptrdiff_t>(before), lines.end(), '\n') > 1;
      if (checkpoint) ec = write_part(i + 1);
    }
    if (!ec) ec = write_part(count);
    if (ec) {
      // What an earlier part wrote stays in the trail (and in the chain);
      // only the rest is refused.
      guard.unlock();
      if (sealed_from > 0) seal->after_commit();
      if (ticket != 0 && sealed_from > 0)
        if (const std::error_code sync = sink->finish_write(ticket))
          for (std::size_t k = 0; k < sealed_from; ++k) seqs[k] = 0;
      return ec;
    }
    // Durability outside the lock, so other connections join the same sync.
    guard.unlock();
    seal->after_commit();
    if (ticket != 0) ec = sink->finish_write(ticket);
    if (ec) seqs.assign(count, 0);
    return ec;
  }

  void count_rejected(const std::string &kind) {
    std::lock_guard<std::mutex> guard(counters_lock);
    ++counters.rejected[kind];
  }

  // What one connection keeps between batches, so a batch allocates little.
  struct batch_state {
    std::vector<std::string_view> lines;
    std::vector<verdict> verdicts;
    std::vector<std::string> bodies;  // of the valid lines, in order
    std::vector<std::uint64_t> seqs;
  };

  // Validates every line of a batch (outside the trail's lock), seals the
  // valid ones together and appends one reply per line, in order, to
  // `replies`: "ok <seq>" or "error <reason>".
  void handle_batch(batch_state &b, const std::string &origin, std::string &replies) {
    const std::size_t n = b.lines.size();
    if (b.verdicts.size() < n) b.verdicts.resize(n);
    std::size_t valid = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (b.bodies.size() <= valid) b.bodies.emplace_back();
      std::string &body = b.bodies[valid];
      b.verdicts[i] = check->check(b.lines[i], cfg.max_line_bytes, body);
      if (b.verdicts[i].ok)
        ++valid;
      else
        count_rejected(b.verdicts[i].kind);
    }
    std::error_code ec;
    if (valid > 0) ec = write(b.bodies, valid, origin, b.seqs);
    std::size_t written = 0;
    for (std::size_t k = 0; k < valid; ++k) written += b.seqs[k] != 0;
    if (ec) {
      log_error("cannot write to the trail " + cfg.trail.path + ": " + ec.message() +
                " (the application is told \"unavailable\")");
    }
    {
      std::lock_guard<std::mutex> guard(counters_lock);
      counters.accepted += written;
      counters.write_failures += valid - written;
    }
    std::size_t v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!b.verdicts[i].ok) {
        replies += "error ";
        replies += b.verdicts[i].reason;
        replies += '\n';
        continue;
      }
      const std::uint64_t seq = b.seqs[v++];
      if (seq == 0) {
        replies += "error unavailable\n";
        continue;
      }
      replies += "ok ";
      ::trailguard::detail::append_uint(replies, seq);
      replies += '\n';
    }
#ifdef TRAILGUARD_COLLECTOR_HAVE_FORWARD
    if (written > 0)
      for (auto &f : forwarders) f->notify();
#endif
  }

  void serve(connection &conn) {
    const ucred &cred = conn.cred;
    const auto &uids = cfg.allow_uids;
    const auto &gids = cfg.allow_gids;
    if ((!uids.empty() || !gids.empty()) &&
        std::find(uids.begin(), uids.end(), cred.uid) == uids.end() &&
        std::find(gids.begin(), gids.end(), cred.gid) == gids.end()) {
      {
        std::lock_guard<std::mutex> guard(counters_lock);
        ++counters.refused_peers;
      }
      log_error("refused a connection from uid " + std::to_string(cred.uid) + " gid " +
                std::to_string(cred.gid) + " (pid " + std::to_string(cred.pid) +
                "): not in allow_uids/allow_gids");
      send_all(conn.fd, "error not allowed\n");
      return;
    }
    // Read now, while the peer is connected: the pid is the one that
    // connected (a process that hands its socket on keeps its label).
    char exe[4096];
    const std::string proc = "/proc/" + std::to_string(cred.pid) + "/exe";
    const ssize_t n = ::readlink(proc.c_str(), exe, sizeof exe - 1);
    std::string origin = ",\"origin\":{\"pid\":";
    ::trailguard::detail::append_int(origin, cred.pid);
    origin += ",\"uid\":";
    ::trailguard::detail::append_uint(origin, cred.uid);
    origin += ",\"gid\":";
    ::trailguard::detail::append_uint(origin, cred.gid);
    origin += ",\"exe\":";
    const std::string_view exe_path(exe, n > 0 ? static_cast<std::size_t>(n) : 0);
    ::trailguard::detail::append_string(origin, exe_path);
    origin.push_back('}');

    std::string buf, replies;
    batch_state batch;
    bool skipping = false, eof = false;
    char chunk[65536];
    for (;;) {
      // Every complete line read so far is one batch: a client that sends
      // lines without waiting for their replies (pipelining) gets them
      // validated, sealed and synced together, and its replies in one send.
      std::size_t start = 0;
      batch.lines.clear();
      for (;;) {
        const std::size_t nl = buf.find('\n', start);
        if (nl == std::string::npos) break;
        if (skipping) {  // the end of a line already refused as too long
          skipping = false;
          start = nl + 1;
          continue;
        }
        batch.lines.emplace_back(buf.data() + start, nl - start);
        start = nl + 1;
      }
      if (!batch.lines.empty()) {
        replies.clear();
        handle_batch(batch, origin, replies);
        if (!send_all(conn.fd, replies)) return;
      }
      buf.erase(0, start);
      if (!skipping && buf.size() > cfg.max_line_bytes) {
        // Refused before it is complete: a sender cannot make the
        // collector hold more than max_line_bytes for it.
        count_rejected("too_long");
        if (!send_all(conn.fd, "error too long (the limit is " +
                                   std::to_string(cfg.max_line_bytes) + " bytes)\n"))
          return;
        skipping = true;
      }
      if (skipping) buf.clear();
      if (eof) return;
      const ssize_t got = ::read(conn.fd, chunk, sizeof chunk);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        // idle_timeout_s (SO_RCVTIMEO) without a byte: an idle client
        // would hold its thread and descriptor for ever.
        std::lock_guard<std::mutex> guard(counters_lock);
        ++counters.idle_timeouts;
        return;
      }
      if (got <= 0)
        eof = true;
      else
        buf.append(chunk, static_cast<std::size_t>(got));
    }
  }

  // Sends `reply` if the socket takes it now, closes it and counts it.
  void refuse(int fd, const std::string &reply, std::uint64_t server_counters::*counter) {
    (void)!::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    ::close(fd);
    std::lock_guard<std::mutex> guard(counters_lock);
    ++(counters.*counter);
  }

  // Out of descriptors: the reserve one is given up to accept the waiting
  // client and tell it "busy", so the listening socket does not stay
  // readable with nobody able to take the connection (a busy loop).
  bool shed_one(int accept_errno) {
    fd_log("cannot accept a connection: " + errno_text(accept_errno) +
           "; new connections get \"error busy\" until descriptors are free: raise the "
           "open-file limit (LimitNOFILE=) or lower max_connections");
    if (reserve_fd < 0) return false;
    ::close(reserve_fd);
    reserve_fd = -1;
    const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) {
      {
        std::lock_guard<std::mutex> guard(counters_lock);
        ++counters.connections;
      }
      refuse(fd, "error busy: out of file descriptors\n", &server_counters::refused_busy);
    }
    reserve_fd = ::fcntl(wake[0], F_DUPFD_CLOEXEC, 0);
    return fd >= 0;
  }

  // A new connection: served on a thread of its own, or refused when the
  // collector or this uid has as many as allowed.
  void admit(int fd) {
    {
      std::lock_guard<std::mutex> guard(counters_lock);
      ++counters.connections;
    }
    auto conn = std::make_unique<connection>();
    conn->fd = fd;
    socklen_t len = sizeof conn->cred;
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &conn->cred, &len) != 0) {
      accept_log("cannot read a peer's credentials: " + errno_text(errno) +
                 "; connection closed");
      ::close(fd);
      return;
    }
    const uid_t uid = conn->cred.uid;
    std::lock_guard<std::mutex> guard(connections_lock);
    if (connections.size() >= max_connections) {
      busy_log("refusing connections: " + std::to_string(connections.size()) +
               " are open, the limit is " + std::to_string(max_connections) +
               " (max_connections)");
      refuse(fd,
             "error busy: too many connections (the limit is " + std::to_string(max_connections) +
                 ")\n",
             &server_counters::refused_busy);
      return;
    }
    auto mine = per_uid.find(uid);
    if (mine != per_uid.end() && mine->second >= max_per_uid) {
      busy_log("refusing connections from uid " + std::to_string(uid) + ": it has " +
               std::to_string(mine->second) + " open, the limit is " +
               std::to_string(max_per_uid) + " (max_connections_per_uid)");
      refuse(fd,
             "error busy: too many connections from uid " + std::to_string(uid) +
                 " (the limit is " + std::to_string(max_per_uid) + ")\n",
             &server_counters::refused_per_uid);
      return;
    }
    // A client that never reads its replies must not hold shutdown forever.
    timeval tv{30, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    // Nor one that sends nothing its thread (the reads time out).
    timeval idle{static_cast<time_t>(cfg.idle_timeout.count()), 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &idle, sizeof idle);
    connection &c = *conn;
    connections.push_back(std::move(conn));
    try {
      c.thread = std::thread([this, &c] {
        serve(c);
        ::shutdown(c.fd, SHUT_RDWR);
        c.done.store(true);
      });
    } catch (const std::system_error &e) {
      connections.pop_back();
      busy_log(std::string("cannot start a thread for a connection: ") + e.what());
      refuse(fd, "error busy: out of threads\n", &server_counters::refused_busy);
      return;
    }
    ++per_uid[uid];
  }

  void reap(bool all) {
    std::list<std::unique_ptr<connection>> finished;
    {
      std::lock_guard<std::mutex> guard(connections_lock);
      for (auto it = connections.begin(); it != connections.end();) {
        if (all || (*it)->done.load()) {
          auto mine = per_uid.find((*it)->cred.uid);
          if (mine != per_uid.end() && --mine->second == 0) per_uid.erase(mine);
          finished.push_back(std::move(*it));
          it = connections.erase(it);
        } else {
          ++it;
        }
      }
    }
    for (auto &c : finished) {
      if (c->thread.joinable()) c->thread.join();
      ::close(c->fd);
    }
  }
};

server::server(std::unique_ptr<impl> state) : impl_(std::move(state)) {}

server::~server() {
  if (impl_ && !impl_->closed) {
    stop();
    impl_->reap(true);
    (void)close();
  }
}

std::unique_ptr<server> server::open(const config &cfg, std::string &error) {
  auto st = std::make_unique<impl>();
  st->cfg = cfg;
  st->check = validator::load(cfg.schemas, error);
  if (!st->check) return nullptr;
  if (::pipe2(st->wake, O_CLOEXEC) != 0) {
    error = "cannot create a pipe: " + errno_text(errno);
    return nullptr;
  }
  st->reserve_fd = ::fcntl(st->wake[0], F_DUPFD_CLOEXEC, 0);

  // The socket first: what most often fails (its directory, its name, its
  // group) fails before a key or a lock file is created.
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (cfg.socket.size() >= sizeof addr.sun_path) {
    error = "the socket path " + cfg.socket + " is longer than " +
            std::to_string(sizeof addr.sun_path - 1) + " bytes; choose a shorter one";
    return nullptr;
  }
  std::memcpy(addr.sun_path, cfg.socket.c_str(), cfg.socket.size() + 1);
  struct stat existing;
  if (::lstat(cfg.socket.c_str(), &existing) == 0) {
    if (!S_ISSOCK(existing.st_mode)) {
      error = cfg.socket + " exists and is not a socket; remove it or choose another 'socket'";
      return nullptr;
    }
    const int probe = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const bool live =
        probe >= 0 && ::connect(probe, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0;
    if (probe >= 0) ::close(probe);
    if (live) {
      error = "another collector is listening on " + cfg.socket;
      return nullptr;
    }
    ::unlink(cfg.socket.c_str());  // left by a collector that did not exit cleanly
  }
  // Bound under a hidden name beside it and renamed into place at the end,
  // the socket appears only once it listens and the collector is ready to
  // seal, and a failed start never shows it. When the directory's path
  // leaves no room for that name, the socket is bound where it belongs.
  {
    const std::size_t slash = cfg.socket.rfind('/');
    static std::atomic<unsigned> opened{0};  // servers of this process (tests run several)
    std::string staging = (slash == std::string::npos ? "" : cfg.socket.substr(0, slash + 1)) +
                          ".tg-collector-" + std::to_string(::getpid()) + "-" +
                          std::to_string(opened++);
    if (staging.size() >= sizeof addr.sun_path) staging = cfg.socket;
    ::unlink(staging.c_str());  // a crashed collector's, with this pid
    std::memcpy(addr.sun_path, staging.c_str(), staging.size() + 1);
    st->socket_file = staging;
  }
  const char *socket_file = st->socket_file.c_str();
  // Non-blocking: a client gone between poll() and accept() must not block
  // the accept loop.
  st->listen_fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (st->listen_fd < 0) {
    error = "cannot create a socket: " + errno_text(errno);
    return nullptr;
  }
  // No moment in which the socket is open to more than the configured mode.
  const mode_t old_mask = ::umask(0177);
  const int bound = ::bind(st->listen_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
  const int bind_errno = errno;
  ::umask(old_mask);
  if (bound != 0) {
    st->socket_file.clear();
    error = "cannot bind the socket " + cfg.socket + ": " + errno_text(bind_errno);
    return nullptr;
  }
  // From here on, a failure removes the socket again (~impl).
  if (!cfg.socket_group.empty()) {
    struct group *g = ::getgrnam(cfg.socket_group.c_str());
    if (!g) {
      error = "unknown socket_group '" + cfg.socket_group + "'";
      return nullptr;
    }
    if (::chown(socket_file, static_cast<uid_t>(-1), g->gr_gid) != 0) {
      error = "cannot give the socket to group " + cfg.socket_group + ": " + errno_text(errno);
      return nullptr;
    }
  }
  if (::chmod(socket_file, cfg.socket_mode) != 0 || ::listen(st->listen_fd, SOMAXCONN) != 0) {
    error = "cannot set up the socket " + cfg.socket + ": " + errno_text(errno);
    return nullptr;
  }

  // One collector per trail, key directory and cursor directory: two would
  // each seal their own chain into one file, and neither would verify.
  auto lock = [&](const std::string &path, const std::string &what, const std::string &remedy) {
    int fd = -1;
    error = take_lock(path, what, remedy, fd);
    if (fd >= 0) st->lock_fds.push_back(fd);
    return error.empty();
  };
  {
    const std::size_t slash = cfg.trail.path.rfind('/');
    const std::string dir = slash == std::string::npos ? "" : cfg.trail.path.substr(0, slash + 1);
    const std::string name =
        slash == std::string::npos ? cfg.trail.path : cfg.trail.path.substr(slash + 1);
    // A hidden name: nothing that globs the trail's files sees it.
    if (!lock(dir + "." + name + ".lock", "the trail " + cfg.trail.path,
              "give this one its own 'trail: {path, keys}'"))
      return nullptr;
  }
  const std::string &keys = cfg.trail.keys;
  if (!file_exists(keys) && ::mkdir(keys.c_str(), 0700) != 0) {
    error = "cannot create the key directory " + keys + ": " + errno_text(errno);
    return nullptr;
  }
  if (!lock(keys + "/collector.lock", "the key directory " + keys,
            "give this one its own 'trail: {path, keys}'"))
    return nullptr;
  if ((cfg.kafka.enabled || cfg.postgres.enabled) &&
      !lock(cfg.state_dir + "/forward.lock", "the state directory " + cfg.state_dir,
            "give this one its own 'state_dir'"))
    return nullptr;

  if (!file_exists(keys + "/state.json")) {
    std::string detail;
    if (const std::error_code ec = create_trail_keys(keys, &detail)) {
      error = "cannot create the trail keys in " + keys + ": " + ec.message() +
              (detail.empty() ? "" : " (" + detail + ")");
      return nullptr;
    }
    log_error("created new trail keys in " + keys + "; copy mac.key and signing.pub.pem to "
              "whoever verifies the trail, and keep mac.key off this host");
  }
  trail_options to;
  to.state_file = keys + "/state.json";
  to.signing_key_file = keys + "/signing.pem";
  // After a crash, take over what was sealed since the last checkpoint
  // rather than seal those sequence numbers again.
  to.resume_file = cfg.trail.path;
  to.checkpoint_every = cfg.trail.checkpoint_every;
  to.checkpoint_interval = cfg.trail.checkpoint_interval;
  to.service = cfg.service;
  to.error_handler = log_error;
  std::error_code ec;
  std::string detail;
  st->seal = open_trail_sealer(to, ec, &detail);
  if (!st->seal) {
    error = "cannot open the trail's sealer in " + keys + ": " + ec.message() +
            (detail.empty() ? "" : " (" + detail + ")");
    return nullptr;
  }
  file_sink_options fo;
  fo.sync = cfg.trail.sync;
  fo.sync_every = cfg.trail.sync_every;
  fo.sync_interval = cfg.trail.sync_interval;
  fo.rotate_bytes = cfg.trail.rotate_bytes;
  fo.rotate_after = std::chrono::duration_cast<std::chrono::milliseconds>(cfg.trail.rotate_after);
  st->sink = open_file_sink(cfg.trail.path, fo, ec);
  if (!st->sink) {
    error = "cannot open the trail file " + cfg.trail.path + ": " + ec.message();
    return nullptr;
  }

#ifdef TRAILGUARD_COLLECTOR_HAVE_FORWARD
  auto add_forwarder = [&](std::unique_ptr<forwarder> target, const std::string &cursor) {
    forward_options o;
    o.trail_path = cfg.trail.path;
    o.cursor_file = cfg.state_dir + "/" + cursor;
    o.on_error = log_error;
    auto loop = std::make_unique<forward_loop>(std::move(target), std::move(o));
    std::string why;
    if (const std::error_code fec = loop->start(&why)) {
      error = "cannot start forwarding (" + cursor + "): " + (why.empty() ? fec.message() : why);
      return false;
    }
    st->forwarders.push_back(std::move(loop));
    return true;
  };
#ifdef TRAILGUARD_COLLECTOR_HAVE_KAFKA
  if (cfg.kafka.enabled) {
    kafka_options k;
    k.brokers = cfg.kafka.brokers;
    k.topic = cfg.kafka.topic;
    k.partition = cfg.kafka.partition;
    k.trail_id = cfg.kafka.trail_id.empty() ? cfg.service : cfg.kafka.trail_id;
    k.properties = cfg.kafka.properties;
    std::string why;
    std::unique_ptr<forwarder> f = open_kafka_forwarder(k, why);
    if (!f) {
      error = "cannot set up the Kafka forwarder: " + why;
      return nullptr;
    }
    if (!add_forwarder(std::move(f), "kafka.cursor")) {
      return nullptr;
    }
  }
#endif
#ifdef TRAILGUARD_COLLECTOR_HAVE_POSTGRES
  if (cfg.postgres.enabled) {
    postgres_options p;
    p.conninfo = cfg.postgres.conninfo;
    p.table = cfg.postgres.table;
    p.trail_id = cfg.postgres.trail_id.empty() ? cfg.service : cfg.postgres.trail_id;
    p.batch_rows = cfg.postgres.batch_rows;
    std::string why;
    std::unique_ptr<forwarder> f = open_postgres_forwarder(p, why);
    if (!f) {
      error = "cannot set up the PostgreSQL forwarder: " + why;
      return nullptr;
    }
    if (!add_forwarder(std::move(f), "postgres.cursor")) {
      return nullptr;
    }
  }
#endif
#endif

  // Each connection holds a descriptor: serve no more at once than the
  // open-file limit leaves room for, so accept() does not run out.
  st->max_connections = cfg.max_connections;
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY) {
    const std::size_t used = open_descriptors() + spare_descriptors;
    const std::size_t room = files.rlim_cur > used ? files.rlim_cur - used : 1;
    if (room < st->max_connections) {
      log_error("max_connections " + std::to_string(cfg.max_connections) +
                " is more than the open-file limit (" + std::to_string(files.rlim_cur) +
                ") leaves room for; serving at most " + std::to_string(room) +
                " connections at once: raise the limit (LimitNOFILE=) to serve more");
      st->max_connections = room;
    }
  }
  st->max_per_uid = std::min(cfg.max_connections_per_uid, st->max_connections);
  // Published last, and never over another collector's socket.
  if (st->socket_file != cfg.socket) {
    int moved = ::renameat2(AT_FDCWD, socket_file, AT_FDCWD, cfg.socket.c_str(), RENAME_NOREPLACE);
    if (moved != 0 && (errno == EINVAL || errno == ENOSYS))  // a file system without it
      moved = ::rename(socket_file, cfg.socket.c_str());
    if (moved != 0) {
      error = errno == EEXIST ? "another collector is listening on " + cfg.socket
                              : "cannot put the socket in place at " + cfg.socket + ": " +
                                    errno_text(errno);
      return nullptr;
    }
    st->socket_file = cfg.socket;
  }
  return std::make_unique<server>(std::move(st));
}

void server::run() {
  impl &st = *impl_;
  // After an accept() error that a retry would meet again at once, the
  // listening socket rests a moment rather than spin.
  std::chrono::steady_clock::time_point resume_accepting{};
  while (!st.stopping.load()) {
    const bool resting = std::chrono::steady_clock::now() < resume_accepting;
    pollfd fds[2] = {{st.wake[0], POLLIN, 0}, {resting ? -1 : st.listen_fd, POLLIN, 0}};
    const int ready = ::poll(fds, 2, resting ? 100 : 1000);
    st.reap(false);
    if (st.reserve_fd < 0) st.reserve_fd = ::fcntl(st.wake[0], F_DUPFD_CLOEXEC, 0);
    if (ready < 0) {
      if (errno == EINTR) continue;
      log_error("poll failed: " + errno_text(errno));
      break;
    }
    if (st.stopping.load()) break;
    if (!(fds[1].revents & POLLIN)) continue;
    const int fd = ::accept4(st.listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) {
      st.admit(fd);
      continue;
    }
    const int e = errno;
    if (e == EINTR || e == EAGAIN || e == EWOULDBLOCK || e == ECONNABORTED) continue;
    if ((e == EMFILE || e == ENFILE) && st.shed_one(e)) continue;
    if (e != EMFILE && e != ENFILE) st.accept_log("accept failed: " + errno_text(e));
    resume_accepting = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
  }
  // No new connections; each open one ends after the lines it has sent.
  ::close(st.listen_fd);
  st.listen_fd = -1;
  ::unlink(st.socket_file.c_str());
  st.socket_file.clear();
  {
    std::lock_guard<std::mutex> guard(st.connections_lock);
    for (auto &c : st.connections) ::shutdown(c->fd, SHUT_RD);
  }
  st.reap(true);
}

void server::stop() {
  impl_->stopping.store(true);
  if (impl_->wake[1] >= 0) {
    const char byte = 1;
    (void)!::write(impl_->wake[1], &byte, 1);
  }
}

std::error_code server::close() {
  impl &st = *impl_;
  if (st.closed) return {};
  st.closed = true;
  std::error_code first;
  {
    std::lock_guard<std::mutex> guard(st.write_lock);
    st.lines.clear();
    st.seal->close(st.lines, st.seal->next_seq());
    if (!st.lines.empty()) {
      if (std::error_code ec = st.sink->write(st.lines)) {
        st.seal->rollback();
        first = ec;
        log_error("cannot write the final checkpoint to " + st.cfg.trail.path + ": " +
                  ec.message());
      } else {
        st.seal->commit();
        st.seal->after_commit();
      }
    }
    if (std::error_code ec = st.sink->flush()) {
      if (!first) first = ec;
      log_error("cannot flush " + st.cfg.trail.path + ": " + ec.message());
    }
  }
#ifdef TRAILGUARD_COLLECTOR_HAVE_FORWARD
  for (auto &f : st.forwarders) {
    f->notify();
    f->stop();
  }
#endif
  return first;
}

server_counters server::counters() const {
  std::size_t open = 0;
  {
    std::lock_guard<std::mutex> guard(impl_->connections_lock);
    for (const auto &c : impl_->connections) open += !c->done.load();
  }
  std::lock_guard<std::mutex> guard(impl_->counters_lock);
  server_counters c = impl_->counters;
  c.open_connections = open;
  return c;
}

std::string server::counters_text() const {
  const server_counters c = counters();
  std::uint64_t rejected = 0;
  std::string kinds;
  for (const auto &[kind, n] : c.rejected) {
    rejected += n;
    kinds += (kinds.empty() ? "" : " ") + kind + "=" + std::to_string(n);
  }
  std::string out = "accepted=" + std::to_string(c.accepted) +
                    " rejected=" + std::to_string(rejected);
  if (!kinds.empty()) out += " (" + kinds + ")";
  out += " write_failures=" + std::to_string(c.write_failures) +
         " refused_peers=" + std::to_string(c.refused_peers) +
         " refused_busy=" + std::to_string(c.refused_busy) +
         " refused_per_uid=" + std::to_string(c.refused_per_uid) +
         " idle_timeouts=" + std::to_string(c.idle_timeouts) +
         " connections=" + std::to_string(c.connections) +
         " open_connections=" + std::to_string(c.open_connections);
#ifdef TRAILGUARD_COLLECTOR_HAVE_FORWARD
  for (const auto &f : impl_->forwarders) {
    const forward_stats s = f->stats();
    out += " forwarded=" + std::to_string(s.forwarded) + " cursor=" + std::to_string(s.cursor) +
           " forward_failures=" + std::to_string(s.failures);
  }
#endif
  return out;
}

}  // namespace collector
}  // namespace trailguard
