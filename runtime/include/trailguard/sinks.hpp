// The sinks the runtime ships: memory (tests), a file descriptor (stdout,
// stderr), an append-only file with an fsync policy and rotation, syslog.
#ifndef TRAILGUARD_SINKS_HPP
#define TRAILGUARD_SINKS_HPP

#include <trailguard/audit.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace trailguard {

// Keeps every line; for tests and for callers that ship lines themselves.
class memory_sink final : public sink {
 public:
  std::error_code write(std::string_view lines) override;
  std::string name() const override { return "memory"; }
  // The lines so far, each without its '\n'.
  std::vector<std::string> lines() const;
  std::string text() const;

 private:
  mutable std::mutex lock_;
  std::string text_;
};

// Writes to a file descriptor it does not own (1 for stdout, 2 for stderr).
class fd_sink final : public sink {
 public:
  explicit fd_sink(int fd, std::string name = {});
  std::error_code write(std::string_view lines) override;
  std::error_code flush() override;
  std::string name() const override { return name_; }

 private:
  int fd_;
  std::string name_;
};

std::shared_ptr<fd_sink> stdout_sink();
std::shared_ptr<fd_sink> stderr_sink();

// When a file sink asks the kernel to put its lines on stable storage.
enum class fsync_policy : unsigned char {
  every_event,  // write() returns once its lines are durable; concurrent
                // emitters share one fdatasync (group commit)
  every_n,      // one fdatasync per `sync_every` writes
  interval,     // a background fdatasync every `sync_interval`
  never,        // the kernel decides; flush() and closing still sync
};

struct file_sink_options {
  fsync_policy sync = fsync_policy::every_event;
  std::uint64_t sync_every = 100;
  std::chrono::milliseconds sync_interval{1000};
  unsigned mode = 0640;  // for a new file, less the umask
  // Rotation, before the first write after either is reached; 0: never.
  std::uint64_t rotate_bytes = 0;
  std::chrono::milliseconds rotate_after{0};  // since the sink opened the file
  // Rotated files to keep, oldest deleted first; 0 keeps them all (the
  // default: this is an audit trail).
  std::size_t keep_rotated = 0;
};

// An append-only file (O_APPEND, never through a symlink) that holds whole
// lines only: a write that fails part-way is cut back off the file.
// Rotation renames it to `<path>.<UTC time>` (docs/runtime.md).
class file_sink final : public sink {
 public:
  struct impl;
  explicit file_sink(std::unique_ptr<impl> state);
  ~file_sink() override;

  std::error_code write(std::string_view lines) override;
  std::error_code start_write(std::string_view lines, std::uint64_t &ticket) override;
  std::error_code finish_write(std::uint64_t ticket) override;
  std::error_code flush() override;
  std::string name() const override;
  bool rotation_due() override;
  std::error_code rotate(std::string_view first_lines) override;
  // The file being written; once rotation_due() has said yes, the name it
  // is about to be renamed to, which the rotate record carries.
  std::string current_file() const override;

  // fdatasync calls so far: with group commit, fewer than the events.
  std::uint64_t syncs() const;

 private:
  std::unique_ptr<impl> impl_;
};

std::shared_ptr<file_sink> open_file_sink(const std::string &path, file_sink_options options,
                                          std::error_code &error);

enum class syslog_transport : unsigned char {
  unix_datagram,  // a local daemon's socket, one message per datagram
  tcp,            // RFC 6587 octet-counted framing: "LEN SP MSG"
};

struct syslog_sink_options {
  syslog_transport transport = syslog_transport::unix_datagram;
  std::string path = "/dev/log";  // unix_datagram
  std::string host = "127.0.0.1", port = "514";  // tcp
  unsigned facility = 10;  // authpriv: security/authorization messages
  unsigned severity = 6;   // informational
  std::string app_name = "trailguard";
  std::string hostname;  // empty: gethostname()
  std::chrono::milliseconds timeout{5000};  // connecting and sending
};

// Sends each line as an RFC 5424 message: MSGID is the event name, the
// structured data `[trailguard@32473 event="..." seq="..."]`, MSG the line.
// A failed send reconnects once and retries before reporting the error.
class syslog_sink final : public sink {
 public:
  struct impl;
  explicit syslog_sink(std::unique_ptr<impl> state);
  ~syslog_sink() override;
  std::error_code write(std::string_view lines) override;
  std::string name() const override;

 private:
  std::unique_ptr<impl> impl_;
};

std::shared_ptr<syslog_sink> open_syslog_sink(syslog_sink_options options, std::error_code &error);

namespace detail {
// The RFC 5424 message syslog_sink sends for one line (without '\n');
// `now` stamps lines that carry no time of their own.
std::string syslog_message(const syslog_sink_options &options, std::string_view hostname,
                           long pid, std::string_view line,
                           std::chrono::system_clock::time_point now);

// write(2) until every byte is out: retries EINTR and short writes, returns
// the error that stopped it.
std::error_code write_all(int fd, std::string_view bytes);
}  // namespace detail


struct collector_sink_options {
  std::chrono::milliseconds connect_timeout{5000};
  // How long a write or flush waits for the collector's replies (it seals
  // and syncs each line before answering).
  std::chrono::milliseconds reply_timeout{30000};
  // Lines sent and not yet acknowledged, at most (the window). 1: each
  // write() returns once the collector has sealed its lines, as before the
  // window existed. Larger: write() returns once its lines are sent and
  // fewer than this many are unanswered, so an application does not wait a
  // round trip per event.
  std::size_t max_in_flight = 64;
  // Told about each line of an earlier, successful write() that will never
  // be acknowledged, with the reason: the collector refused it, closed the
  // connection or did not answer in time. Called from write(), flush() or
  // the destructor, on the thread that calls them.
  std::function<void(const std::string &line, const std::string &reason)> on_lost;
};

// Sends unsealed lines to a trailguard-collector over its Unix socket
// (docs/collector.md, "Protocol"): a line is written once the collector
// says "ok <seq>"; the collector answers in order, so up to max_in_flight
// lines travel without waiting for their answers.
//
// When write() (and so the auditor's emit()) returns success, the event is
// sent and at most max_in_flight - 1 lines of this sink are unanswered; it
// is in the trail only once answered. Fail-closed then means: every line
// of a successful write() is either acknowledged "ok" (and sealed in the
// collector's trail) or reported as lost, never dropped silently:
//  - a refusal or a lost connection seen while write() waits for its own
//    lines fails that write (under fail_closed emit() reports write_failed);
//  - a line of an earlier write that is refused, or unanswered when the
//    connection is lost or reply_timeout passes, goes to on_lost, and the
//    write() that reads its reply fails without sending its lines
//    (last_error() says how many were lost), or flush() returns the error.
//    write() reads the replies that have arrived once half the window is
//    in flight (a receive per write would double its system calls), so
//    that is at most max_in_flight / 2 writes later;
//  - flush() (auditor::flush() and close()) waits until every line is
//    answered; the destructor waits too, and hands the rest to on_lost
//    (without on_lost, it says on stderr how many were lost).
// A lost line may or may not be in the trail (the collector may have sealed
// it before it died): it is never sent again, so never stored twice. After
// a failure the next write reconnects. Add it without a sealer: the
// collector seals. Not thread-safe on its own: the auditor serializes a
// sink's writes.
class collector_sink final : public sink {
 public:
  struct impl;
  explicit collector_sink(std::unique_ptr<impl> state);
  ~collector_sink() override;
  std::error_code write(std::string_view lines) override;
  // Waits for every unanswered line (up to reply_timeout): an error when
  // any line since the last error returned was refused or lost.
  std::error_code flush() override;
  std::string name() const override;  // "collector:<socket path>"
  // The collector's last "error ..." reason ("unknown event authz.x"), or
  // what went wrong with the connection; empty after a success.
  std::string last_error() const;
  // The trail sequence number the collector gave the last accepted line.
  std::uint64_t last_seq() const;
  // Lines sent and not yet answered.
  std::size_t in_flight() const;

 private:
  std::unique_ptr<impl> impl_;
};

// Connects at once, so a wrong path or a collector that is not running is
// found at startup: then nullptr and `error`, as for the other sinks.
std::shared_ptr<collector_sink> open_collector_sink(const std::string &socket_path,
                                                    collector_sink_options options,
                                                    std::error_code &error);

}  // namespace trailguard

#endif  // TRAILGUARD_SINKS_HPP
