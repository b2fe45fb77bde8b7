// The sinks without policy: memory and a plain file descriptor.
#include <trailguard/sinks.hpp>

#include <cerrno>
#include <unistd.h>

namespace trailguard {

std::error_code memory_sink::write(std::string_view lines) {
  std::lock_guard<std::mutex> guard(lock_);
  text_.append(lines.data(), lines.size());
  return {};
}

std::vector<std::string> memory_sink::lines() const {
  std::lock_guard<std::mutex> guard(lock_);
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text_.size()) {
    std::size_t end = text_.find('\n', start);
    if (end == std::string::npos) end = text_.size();
    out.emplace_back(text_, start, end - start);
    start = end + 1;
  }
  return out;
}

std::string memory_sink::text() const {
  std::lock_guard<std::mutex> guard(lock_);
  return text_;
}

namespace detail {

std::error_code write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return {errno, std::generic_category()};
    }
    if (n == 0) return std::make_error_code(std::errc::io_error);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

}  // namespace detail

fd_sink::fd_sink(int fd, std::string name)
    : fd_(fd), name_(name.empty() ? "fd:" + std::to_string(fd) : std::move(name)) {}

std::error_code fd_sink::write(std::string_view lines) { return detail::write_all(fd_, lines); }

std::error_code fd_sink::flush() {
  // Pipes and terminals cannot be synced; a file descriptor to a file can.
  if (::fsync(fd_) != 0 && errno != EINVAL && errno != EROFS) return {errno, std::generic_category()};
  return {};
}

std::shared_ptr<fd_sink> stdout_sink() { return std::make_shared<fd_sink>(1, "stdout"); }
std::shared_ptr<fd_sink> stderr_sink() { return std::make_shared<fd_sink>(2, "stderr"); }

}  // namespace trailguard
