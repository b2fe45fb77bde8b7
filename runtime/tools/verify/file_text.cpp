// Reads a file whole, for the runtime's tools.
#include "file_text.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace trailguard {
namespace verify {

read_result read_whole_file(const std::string &path, std::string &text, std::string &error) {
  const auto cannot_read = [&](int code) {
    error = "cannot read '" + path + "': " + std::strerror(code);
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    cannot_read(errno);
    return read_result::failed;
  }
  // read(2) would fail on it with EISDIR, and say so in the same words.
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    cannot_read(EISDIR);
    return read_result::directory;
  }
  text.clear();
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      cannot_read(errno);
      ::close(fd);
      return read_result::failed;
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return read_result::ok;
}

}  // namespace verify
}  // namespace trailguard
