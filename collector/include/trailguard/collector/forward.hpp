// The forward loop: one thread per downstream store that ships the sealed
// lines of the collector's trail files to a forwarder, from a durable
// cursor, so a store that was down gets every line exactly once.
#ifndef TRAILGUARD_COLLECTOR_FORWARD_HPP
#define TRAILGUARD_COLLECTOR_FORWARD_HPP

#include <trailguard/collector/forwarder.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <system_error>

namespace trailguard {
namespace collector {

struct forward_options {
  // The live trail file; rotated siblings are `<path>.<UTC time>[.<n>]`
  // (runtime/src/file_sink.cpp), put in trail order by their first seq.
  std::string trail_path;
  // This forwarder's cursor: the last seq the store acknowledged, as
  // `{"seq":N}`. Missing means 0 (nothing forwarded yet). Replaced
  // atomically (temp file, fsync, rename, fsync of the directory) when the
  // loop has caught up with the trail (it found nothing new to send) or a
  // send failed, else at most every cursor_interval while a backlog
  // drains, and at stop(). It may lag behind the store after a crash: the
  // store's stored_through() wins, and lines sent again are ignored by the
  // store.
  std::string cursor_file;
  std::chrono::milliseconds cursor_interval{1000};
  // Lines per send(): large enough that the per-batch cost (a round trip,
  // a commit) vanishes behind the lines.
  std::size_t batch_lines = 5000;
  // Backoff while the store is down (doubling), and while the trail holds
  // a line the loop cannot forward (it keeps reporting, never skips).
  std::chrono::milliseconds retry_min{100}, retry_max{30000};
  // How often the loop looks for new lines without notify().
  std::chrono::milliseconds poll_interval{200};
  // Every failure, never silent: store errors, bad trail lines, a cursor
  // that cannot be written. Called from the loop's thread. Without a
  // handler the message goes to stderr.
  std::function<void(const std::string &message)> on_error;
};

struct forward_stats {
  std::uint64_t cursor = 0;     // the last seq the store acknowledged
  std::uint64_t forwarded = 0;  // lines the store acknowledged through send()
  std::uint64_t failures = 0;   // each reported failure
  bool connected = false;       // the last call to the store succeeded
  std::string last_error;
};

// Reads the trail after the cursor in order: the rotated files, then the
// live one, each line once, only whole lines (a line without its '\n' is
// still being written). It keeps the file and byte offset it reached, so
// a poll reads only what is new; after a restart it finds its place again
// by seq: the file whose first line is the latest at or before the cursor,
// scanned from its start (the cursor is a seq, not an offset, so that it
// stays right across rotations and is the same unit the stores keep).
// While the store takes one batch, the next is read on a second thread; it
// is sent only after the store answered for the one before, from where
// the store's acknowledgement left off.
class forward_loop {
 public:
  forward_loop(std::unique_ptr<forwarder> target, forward_options options);
  ~forward_loop();  // stops
  forward_loop(const forward_loop &) = delete;
  forward_loop &operator=(const forward_loop &) = delete;

  // Checks the options, reads the cursor file (an error naming the file if
  // it is corrupt or unreadable; `detail` gets the whole message) and
  // starts the thread.
  std::error_code start(std::string *detail = nullptr);
  // The collector sealed new lines: look again now.
  void notify();
  // Finishes the batch in flight, persists the cursor, joins.
  void stop();
  // Waits until the cursor reaches `seq` or the timeout passes (for tests,
  // shutdown, and benchmarks).
  bool wait_for(std::uint64_t seq, std::chrono::milliseconds timeout);
  forward_stats stats() const;

  struct impl;

 private:
  std::unique_ptr<impl> impl_;
};

namespace detail {
// The cursor file's text for `seq`, and back; false for anything else.
std::string cursor_text(std::uint64_t seq);
bool parse_cursor(std::string_view text, std::uint64_t &seq);
}  // namespace detail

}  // namespace collector
}  // namespace trailguard

#endif  // TRAILGUARD_COLLECTOR_FORWARD_HPP
