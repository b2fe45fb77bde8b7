// The sinks the runtime ships: memory (tests), a file descriptor (stdout,
// stderr), an append-only file with an fsync policy and rotation, syslog.
#ifndef TRAILGUARD_SINKS_HPP
#define TRAILGUARD_SINKS_HPP

#include <trailguard/audit.hpp>

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

namespace detail {
// write(2) until every byte is out: retries EINTR and short writes, returns
// the error that stopped it.
std::error_code write_all(int fd, std::string_view bytes);
}  // namespace detail

}  // namespace trailguard

#endif  // TRAILGUARD_SINKS_HPP
