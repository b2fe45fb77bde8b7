// The forward loop: reads the trail after a durable cursor, sends batches
// to one store, moves the cursor only as far as the store acknowledged, and
// backs off while the store is down, so nothing is lost or sent twice.
#include "trail_reader.hpp"

#include <trailguard/collector/forward.hpp>
#include <trailguard/sinks.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <mutex>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace trailguard {
namespace collector {
namespace detail {

std::string cursor_text(std::uint64_t seq) { return fmt::format("{{\"seq\":{}}}\n", seq); }

bool parse_cursor(std::string_view text, std::uint64_t &seq) {
  constexpr std::string_view key = "{\"seq\":";
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  if (text.substr(0, key.size()) != key || text.size() < key.size() + 2 || text.back() != '}')
    return false;
  const std::string_view digits = text.substr(key.size(), text.size() - key.size() - 1);
  if (digits.empty() || (digits.size() > 1 && digits[0] == '0')) return false;
  std::uint64_t value = 0;
  const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (r.ec != std::errc() || r.ptr != digits.data() + digits.size()) return false;
  seq = value;
  return true;
}

}  // namespace detail

namespace {

// How long the loop, caught up, waits for more lines before it writes the
// cursor file.
constexpr std::chrono::milliseconds cursor_linger{10};

std::error_code last_error() { return {errno, std::generic_category()}; }

std::string directory_of(const std::string &path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::error_code sync_fd(int fd) {
  while (::fsync(fd) != 0) {
    if (errno != EINTR) return last_error();
  }
  return {};
}

// Temp file, fsync, rename, fsync of the directory: after a crash the
// cursor is the old value or the new one, never a torn one.
std::error_code write_cursor(const std::string &path, std::uint64_t seq, std::string &what) {
  const std::string temp = path + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    what = "create " + temp;
    return last_error();
  }
  std::error_code ec = trailguard::detail::write_all(fd, detail::cursor_text(seq));
  if (!ec) ec = sync_fd(fd);
  ::close(fd);
  if (ec) {
    what = "write " + temp;
    ::unlink(temp.c_str());
    return ec;
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    what = "rename " + temp + " to " + path;
    ec = last_error();
    ::unlink(temp.c_str());
    return ec;
  }
  const std::string dir = directory_of(path);
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) {
    what = "open directory " + dir;
    return last_error();
  }
  ec = sync_fd(dfd);
  ::close(dfd);
  if (ec) what = "sync directory " + dir;
  return ec;
}

// 0 for a missing file: a new forwarder starts from the beginning (or from
// what the store says it holds).
std::error_code read_cursor(const std::string &path, std::uint64_t &seq, std::string &message) {
  seq = 0;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return {};
    const std::error_code ec = last_error();
    message = fmt::format("cannot open the forward cursor {}: {}", path, ec.message());
    return ec;
  }
  std::string text;
  char chunk[256];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::error_code ec = last_error();
      ::close(fd);
      message = fmt::format("cannot read the forward cursor {}: {}", path, ec.message());
      return ec;
    }
    if (n == 0 || text.size() > 4096) break;
    text.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (!detail::parse_cursor(text, seq)) {
    std::string shown;
    for (char c : text.substr(0, 60)) shown += (c >= 0x20 && c < 0x7f) ? c : '?';
    message = fmt::format(
        "{}: not a forward cursor (expected {{\"seq\":N}}, found \"{}\"{}); restore it from a "
        "backup, or delete it to forward the whole trail again (stores ignore lines they hold)",
        path, shown, text.size() > 60 ? "..." : "");
    return std::make_error_code(std::errc::bad_message);
  }
  return {};
}

// Reads the trail's next lines on a thread of its own while the loop's
// thread waits for the store, so that a backlog drains at the store's pace
// rather than at the store's plus the reader's. Fork and join: between
// start() and finish() only this thread touches the reader, and the lines
// it read are handed over in order, so what the loop holds stays one run
// of seqs, as if it had read them itself.
class read_ahead {
 public:
  explicit read_ahead(detail::trail_reader &reader) : reader_(reader) {}
  ~read_ahead() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> g(lock_);
      quit_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  read_ahead(const read_ahead &) = delete;
  read_ahead &operator=(const read_ahead &) = delete;

  // Reads up to `max` lines after the reader's position into `into`
  // (emptied, kept for its capacity). Without a thread (none could be
  // started) it reads now.
  void start(std::size_t max, detail::line_block &&into) {
    {
      std::lock_guard<std::mutex> g(lock_);
      lines_ = std::move(into);
      lines_.clear();
    }
    if (!thread_.joinable() && !inline_) {
      try {
        thread_ = std::thread([this] { work(); });
      } catch (const std::system_error &) {
        inline_ = true;
      }
    }
    if (inline_) {
      read(max);
      return;
    }
    {
      std::lock_guard<std::mutex> g(lock_);
      max_ = max;
      busy_ = true;
    }
    wake_.notify_all();
  }
  // Waits for the read and moves its lines to `out`. A line the reader
  // refused is not reported here: the reader stays before it, so the
  // loop's own next read finds it again and reports it.
  void finish(detail::line_block &out) {
    std::unique_lock<std::mutex> g(lock_);
    done_.wait(g, [&] { return !busy_; });
    out = std::move(lines_);
    lines_.clear();
  }

 private:
  void read(std::size_t max) {
    std::string error;
    (void)reader_.read(max, lines_, error);
  }
  void work() {
    std::unique_lock<std::mutex> g(lock_);
    for (;;) {
      wake_.wait(g, [&] { return quit_ || busy_; });
      if (quit_) return;
      g.unlock();
      read(max_);
      g.lock();
      busy_ = false;
      done_.notify_all();
    }
  }

  detail::trail_reader &reader_;
  std::thread thread_;
  bool inline_ = false;
  std::mutex lock_;
  std::condition_variable wake_, done_;
  bool busy_ = false, quit_ = false;
  std::size_t max_ = 0;
  detail::line_block lines_;
};

}  // namespace

struct forward_loop::impl {
  impl(std::unique_ptr<forwarder> t, forward_options o)
      : target(std::move(t)), options(std::move(o)), reader(options.trail_path) {
    if (target) name = target->name();
  }

  std::unique_ptr<forwarder> target;
  forward_options options;
  std::string name;

  mutable std::mutex lock;
  std::condition_variable wake;      // stop() and notify()
  std::condition_variable advanced;  // wait_for()
  bool stopping = false;
  bool notified = false;
  forward_stats stats;
  std::thread thread;

  // The loop thread's own (the reader is lent to `ahead` while a batch is
  // in the store's hands).
  detail::trail_reader reader;
  read_ahead ahead{reader};
  std::uint64_t cursor = 0;
  std::uint64_t persisted = 0;
  std::chrono::steady_clock::time_point persisted_at;  // the last attempt
  bool persist_ok = true;
  bool lingered = false;  // waited cursor_linger since the last batch
  // Read, not yet acknowledged: `pending` lines, seqs pending_first...,
  // in the blocks they were read in, from line `block_head` of the first.
  // Up to two batches: the one sent and the one read meanwhile.
  std::deque<detail::line_block> blocks;
  std::size_t block_head = 0;
  std::size_t pending = 0;
  std::uint64_t pending_first = 0;
  std::vector<sealed_line> batch;  // views into `blocks`; kept for its capacity

  // Blocks whose lines were all acknowledged, for the next reads: a new
  // block's buffer would grow by copying, and its pages fault in again
  // once malloc gave a freed one back to the kernel.
  // A few, and none that a run of huge lines made huge.
  std::vector<detail::line_block> spare;
  void keep(detail::line_block &&block) {
    if (spare.size() < 3 && block.bytes.capacity() <= (std::size_t{16} << 20))
      spare.push_back(std::move(block));
  }

  detail::line_block take_block() {
    if (spare.empty()) return {};
    detail::line_block b = std::move(spare.back());
    spare.pop_back();
    b.clear();
    return b;
  }
  void hold(detail::line_block &&block) {
    if (block.empty()) {
      keep(std::move(block));
      return;
    }
    pending += block.size();
    blocks.push_back(std::move(block));
  }
  void drop_through(std::uint64_t seq) {
    while (pending > 0 && pending_first <= seq) {
      if (++block_head == blocks.front().size()) {
        keep(std::move(blocks.front()));
        blocks.pop_front();
        block_head = 0;
      }
      --pending;
      ++pending_first;
    }
  }
  void drop_all() {
    blocks.clear();
    block_head = 0;
    pending = 0;
  }

  void run();
  bool should_stop() {
    std::lock_guard<std::mutex> g(lock);
    return stopping;
  }
  // Sleeps for `d`, or less if stopped (or, for polls, notified).
  void pause(std::chrono::milliseconds d, bool poll) {
    std::unique_lock<std::mutex> g(lock);
    wake.wait_for(g, d, [&] { return stopping || (poll && notified); });
    if (poll) notified = false;
  }
  void report(const std::string &message, bool store_down) {
    {
      std::lock_guard<std::mutex> g(lock);
      ++stats.failures;
      stats.last_error = message;
      if (store_down) stats.connected = false;
    }
    if (options.on_error)
      options.on_error(message);
    else
      fmt::print(stderr, "trailguard-collector: {}\n", message);
  }
  void set_connected() {
    std::lock_guard<std::mutex> g(lock);
    stats.connected = true;
  }
  void persist() {
    std::string what;
    if (const std::error_code ec = write_cursor(options.cursor_file, cursor, what)) {
      // The store has the lines; a lost cursor only means sending them
      // again, which the store ignores. Retried after the next batch.
      report(fmt::format("{}: cannot {} (cursor {}): {}; the cursor is kept in memory and "
                         "written again later",
                         name, what, cursor, ec.message()),
             false);
      persist_ok = false;
      return;
    }
    persist_ok = true;
    persisted = cursor;
  }
  // The cursor file is written when the loop has caught up with the trail
  // (see run()) or after a failure, and otherwise at most every
  // cursor_interval: two fsyncs per batch would cost more than the batch
  // while a backlog drains. A cursor that lags after a crash only means
  // resending lines the store ignores.
  void advance(std::uint64_t seq, std::uint64_t sent, bool persist_now) {
    cursor = seq;
    drop_through(cursor);
    const auto now = std::chrono::steady_clock::now();
    if (persist_now || now - persisted_at >= options.cursor_interval) {
      persist();
      persisted_at = now;
    }
    {
      std::lock_guard<std::mutex> g(lock);
      stats.cursor = cursor;
      stats.forwarded += sent;
    }
    advanced.notify_all();
  }
};

void forward_loop::impl::run() {
  const auto grow = [&](std::chrono::milliseconds d) {
    return std::min(options.retry_max, d * 2);
  };
  std::chrono::milliseconds backoff = options.retry_min, trail_backoff = options.retry_min;
  bool reconnect = true;
  reader.seek(cursor + 1);
  while (!should_stop()) {
    if (reconnect) {
      std::uint64_t stored = 0;
      if (const std::error_code ec = target->stored_through(stored)) {
        report(fmt::format("{}: cannot ask how far the store holds the trail: {}; retrying in {} ms",
                           name, ec.message(), backoff.count()),
               true);
        pause(backoff, false);
        backoff = grow(backoff);
        continue;
      }
      set_connected();
      reconnect = false;
      if (stored > cursor) {
        advance(stored, 0, true);
        // Lines the store holds are not read at all when none are buffered.
        if (pending == 0 && reader.next() <= stored) reader.seek(stored + 1);
      }
    }

    std::string trail_error;
    if (pending < options.batch_lines) {
      detail::line_block lines = take_block();
      const std::uint64_t first = reader.next();
      if (!reader.read(options.batch_lines - pending, lines, trail_error) && trail_error.empty())
        trail_error = "the trail could not be read";
      if (pending == 0) pending_first = first;
      hold(std::move(lines));
      drop_through(cursor);
    }

    if (pending > 0) {
      // The reader split each line already.
      batch.clear();
      const std::size_t n = std::min(pending, options.batch_lines);
      for (std::size_t b = 0, i = block_head; batch.size() < n; ++b, i = 0)
        for (; i < blocks[b].size() && batch.size() < n; ++i) batch.push_back(blocks[b].line(i));
      const std::uint64_t first = pending_first, last = pending_first + batch.size() - 1;
      // The next batch is read while this one is sent; it joins `pending`
      // behind this one, whatever the store answers (a failure sends this
      // one's rest again first, a restart drops both).
      const std::size_t held = std::min(pending, 2 * options.batch_lines);
      const std::size_t room = 2 * options.batch_lines - held;
      if (room > 0) ahead.start(room, take_block());
      std::uint64_t acked = cursor;
      const std::error_code ec = target->send(batch, acked);
      if (room > 0) {
        detail::line_block more;
        ahead.finish(more);
        hold(std::move(more));
      }
      acked = std::min(acked, last);
      const bool progressed = acked > cursor;
      if (progressed) advance(acked, acked - cursor, static_cast<bool>(ec));
      if (ec || !progressed) {
        report(ec ? fmt::format("{}: sending records {}..{} failed: {}{}; retrying from record {} "
                                "in {} ms",
                                name, first, last, ec.message(),
                                progressed ? fmt::format(" (stored through {})", acked) : "",
                                cursor + 1, backoff.count())
                  : fmt::format("{}: the store acknowledged none of records {}..{}; retrying in "
                                "{} ms",
                                name, first, last, backoff.count()),
               true);
        reconnect = true;
        pause(backoff, false);
        backoff = grow(backoff);
        continue;
      }
      backoff = options.retry_min;
      lingered = false;
      set_connected();
      continue;  // more may be waiting
    }

    if (!trail_error.empty()) {
      report(fmt::format("{}: {}; forwarding stops at record {} until the trail is repaired "
                         "(looking again in {} ms)",
                         name, trail_error, cursor + 1, trail_backoff.count()),
             false);
      pause(trail_backoff, false);
      trail_backoff = grow(trail_backoff);
      continue;
    }
    trail_backoff = options.retry_min;
    // Caught up: nothing new in the trail. While lines keep coming (the
    // collector notifies for each) the loop goes on sending rather than
    // spend two fsyncs on the cursor after every short batch: it waits a
    // moment first, and writes the cursor only if nothing came. A cursor
    // that could not be written is tried again after cursor_interval, not
    // at every poll.
    const auto now = std::chrono::steady_clock::now();
    if (persisted != cursor && (persist_ok || now - persisted_at >= options.cursor_interval)) {
      if (!lingered) {
        lingered = true;
        pause(cursor_linger, true);
        continue;
      }
      persist();
      persisted_at = now;
    }
    pause(options.poll_interval, true);
  }
  if (persisted != cursor) persist();
}

forward_loop::forward_loop(std::unique_ptr<forwarder> target, forward_options options)
    : impl_(std::make_unique<impl>(std::move(target), std::move(options))) {}

forward_loop::~forward_loop() { stop(); }

std::error_code forward_loop::start(std::string *detail) {
  impl &s = *impl_;
  std::string message;
  std::error_code ec;
  const forward_options &o = s.options;
  if (s.thread.joinable()) {
    message = "the forward loop is already running";
    ec = std::make_error_code(std::errc::operation_in_progress);
  } else if (!s.target) {
    message = "forward_loop: no forwarder given";
    ec = std::make_error_code(std::errc::invalid_argument);
  } else if (o.trail_path.empty() || o.cursor_file.empty()) {
    message = fmt::format("{}: forward_options::{} is empty", s.name,
                          o.trail_path.empty() ? "trail_path" : "cursor_file");
    ec = std::make_error_code(std::errc::invalid_argument);
  } else if (o.batch_lines == 0 || o.retry_min.count() <= 0 || o.retry_max < o.retry_min ||
             o.poll_interval.count() <= 0 || o.cursor_interval.count() < 0) {
    message = fmt::format("{}: forward_options need batch_lines > 0, 0 < retry_min <= retry_max, "
                          "poll_interval > 0 and cursor_interval >= 0",
                          s.name);
    ec = std::make_error_code(std::errc::invalid_argument);
  } else {
    ec = read_cursor(o.cursor_file, s.cursor, message);
    if (ec) message = s.name + ": " + message;
  }
  if (ec) {
    if (detail) *detail = message;
    std::lock_guard<std::mutex> g(s.lock);
    s.stats.last_error = message;
    return ec;
  }
  s.persisted = s.cursor;
  s.persisted_at = std::chrono::steady_clock::now();
  s.drop_all();  // a restart after stop() reads again from the cursor
  {
    std::lock_guard<std::mutex> g(s.lock);
    s.stats.cursor = s.cursor;
    s.stopping = false;
  }
  s.thread = std::thread([&s] { s.run(); });
  return {};
}

void forward_loop::notify() {
  {
    std::lock_guard<std::mutex> g(impl_->lock);
    impl_->notified = true;
  }
  impl_->wake.notify_all();
}

void forward_loop::stop() {
  if (!impl_->thread.joinable()) return;
  {
    std::lock_guard<std::mutex> g(impl_->lock);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  impl_->thread.join();
}

bool forward_loop::wait_for(std::uint64_t seq, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> g(impl_->lock);
  return impl_->advanced.wait_for(g, timeout, [&] { return impl_->stats.cursor >= seq; });
}

forward_stats forward_loop::stats() const {
  std::lock_guard<std::mutex> g(impl_->lock);
  return impl_->stats;
}

}  // namespace collector
}  // namespace trailguard
