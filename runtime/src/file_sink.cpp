// The audit file: appends whole lines or nothing, syncs them by policy with
// group commit, and rotates to files that each start with the chain head.
#include <trailguard/detail/json.hpp>
#include <trailguard/sinks.hpp>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace trailguard {
namespace {

std::error_code last_error() { return {errno, std::generic_category()}; }

// Shared by the writer and a thread syncing outside the auditor's lock, so
// that rotation can swap files while a group sync still runs on the old one.
struct file_handle {
  explicit file_handle(int descriptor) : fd(descriptor) {}
  ~file_handle() { ::close(fd); }
  file_handle(const file_handle &) = delete;
  file_handle &operator=(const file_handle &) = delete;
  int fd;
};

std::error_code data_sync(int fd) {
  while (::fdatasync(fd) != 0) {
    if (errno == EINTR) continue;
    // Devices and pipes (/dev/full, a FIFO) have nothing to sync.
    if (errno == EINVAL || errno == EROFS) return {};
    return last_error();
  }
  return {};
}

std::string directory_of(const std::string &path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// A new or renamed directory entry is only durable once its directory is.
std::error_code sync_directory(const std::string &dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return last_error();
  std::error_code ec = data_sync(fd);
  ::close(fd);
  return ec;
}

// O_NOFOLLOW: a symlink planted at the audit file's name must not redirect
// the trail. O_NONBLOCK only so that a FIFO without a reader fails instead
// of hanging; it is cleared once open.
int open_append(const std::string &path, unsigned mode, bool &created, std::error_code &error) {
  const int flags = O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK;
  for (;;) {
    int fd = ::open(path.c_str(), flags);
    created = false;
    if (fd < 0 && errno == ENOENT) {
      fd = ::open(path.c_str(), flags | O_CREAT | O_EXCL, static_cast<mode_t>(mode));
      created = true;
      if (fd < 0 && errno == EEXIST) continue;  // lost a race with another creator
    }
    if (fd < 0) {
      if (errno == EINTR) continue;
      error = last_error();
      return -1;
    }
    const int fl = ::fcntl(fd, F_GETFL);
    if (fl < 0 || ::fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
      error = last_error();
      ::close(fd);
      return -1;
    }
    return fd;
  }
}

// "20261127T043012.123456Z": sorts in time order, no ':' for other systems.
std::string archive_stamp(std::chrono::system_clock::time_point now) {
  std::string quoted;
  if (!detail::append_timestamp(quoted, now)) return "0";
  std::string out;
  for (char c : quoted)
    if (c != '"' && c != '-' && c != ':') out.push_back(c);
  return out;
}

bool exists(const std::string &path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0 || errno != ENOENT;
}

}  // namespace

struct file_sink::impl {
  std::string path;
  file_sink_options options;

  // Touched only under the auditor's lock (or by a single caller).
  std::uint64_t size = 0;  // of the current file, for rotation
  std::chrono::steady_clock::time_point opened;
  std::uint64_t writes_since_sync = 0;  // every_n
  bool torn = false;  // a failed write left a partial line that could not be cut
  mutable std::string archive;  // where rotate() will move the current file

  // Group commit. Offsets count bytes appended since the sink opened,
  // across rotations; a ticket is the offset its lines end at.
  mutable std::mutex sync_lock;
  std::condition_variable synced;
  std::shared_ptr<file_handle> file;
  std::uint64_t appended = 0;
  std::uint64_t durable = 0;
  bool syncing = false;
  std::uint64_t rounds = 0;
  std::uint64_t failed_round = 0, failed_upto = 0;
  std::error_code failed_error;
  std::error_code deferred;  // a background sync's failure, for the next caller

  std::thread syncer;  // fsync_policy::interval
  std::condition_variable wake;
  bool stopping = false;

  bool rotation_due() const;
  const std::string &reserve_archive() const;
  std::error_code sync_to(std::uint64_t target);
  std::error_code take_deferred();
  std::error_code repair();
  void run_syncer();
  void prune();
};

// One thread syncs for everyone whose lines it covers; the others wait for
// its round and share its result.
std::error_code file_sink::impl::sync_to(std::uint64_t target) {
  std::unique_lock<std::mutex> lock(sync_lock);
  for (;;) {
    if (durable >= target) return {};
    if (!syncing) {
      syncing = true;
      const std::uint64_t upto = appended;
      const std::shared_ptr<file_handle> handle = file;
      lock.unlock();
      const std::error_code ec = data_sync(handle->fd);
      lock.lock();
      syncing = false;
      ++rounds;
      if (ec) {
        failed_round = rounds, failed_upto = upto, failed_error = ec;
      } else {
        durable = std::max(durable, upto);
      }
      synced.notify_all();
      if (ec) return ec;
      continue;
    }
    const std::uint64_t seen = rounds;
    synced.wait(lock, [&] { return rounds != seen; });
    // A failed sync that covered these lines is their failure, even if a
    // later one succeeds: the kernel may have dropped the pages.
    if (failed_round > seen && failed_upto >= target) return failed_error;
  }
}

std::error_code file_sink::impl::take_deferred() {
  std::lock_guard<std::mutex> lock(sync_lock);
  std::error_code ec = deferred;
  deferred.clear();
  return ec;
}

// A partial last line (the cut after a failed write failed, or a crash left
// it) is ended with a newline, so that the next line starts clean and the
// verifier reports only the broken one.
std::error_code file_sink::impl::repair() {
  struct stat st;
  const int fd = file->fd;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    char last = 0;
    const int reader = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    const bool ends_line =
        reader >= 0 && ::pread(reader, &last, 1, st.st_size - 1) == 1 && last == '\n';
    if (reader >= 0) ::close(reader);
    if (!ends_line) {
      if (std::error_code ec = detail::write_all(fd, "\n")) return ec;
      size = static_cast<std::uint64_t>(st.st_size) + 1;
    }
  }
  torn = false;
  return {};
}

void file_sink::impl::run_syncer() {
  std::unique_lock<std::mutex> lock(sync_lock);
  while (!stopping) {
    wake.wait_for(lock, options.sync_interval, [&] { return stopping; });
    if (stopping || appended <= durable) continue;
    const std::uint64_t target = appended;
    lock.unlock();
    const std::error_code ec = sync_to(target);
    lock.lock();
    if (ec && !deferred) deferred = ec;
  }
}

// Deletes the oldest rotated files beyond keep_rotated; only names this
// sink makes (`<file>.<digit>...`) are candidates.
void file_sink::impl::prune() {
  if (options.keep_rotated == 0) return;
  const std::string dir = directory_of(path);
  const std::size_t slash = path.rfind('/');
  const std::string prefix = (slash == std::string::npos ? path : path.substr(slash + 1)) + ".";
  DIR *d = ::opendir(dir.c_str());
  if (!d) return;
  std::vector<std::string> rotated;
  while (const dirent *e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
        name[prefix.size()] >= '0' && name[prefix.size()] <= '9')
      rotated.push_back(name);
  }
  ::closedir(d);
  if (rotated.size() <= options.keep_rotated) return;
  std::sort(rotated.begin(), rotated.end());
  for (std::size_t i = 0; i + options.keep_rotated < rotated.size(); ++i)
    ::unlink((dir + "/" + rotated[i]).c_str());
}

file_sink::file_sink(std::unique_ptr<impl> state) : impl_(std::move(state)) {
  if (impl_->options.sync == fsync_policy::interval)
    impl_->syncer = std::thread([s = impl_.get()] { s->run_syncer(); });
}

file_sink::~file_sink() {
  if (impl_->syncer.joinable()) {
    {
      std::lock_guard<std::mutex> lock(impl_->sync_lock);
      impl_->stopping = true;
    }
    impl_->wake.notify_all();
    impl_->syncer.join();
  }
  // Nobody is left to tell; auditor::close() flushes first and reports.
  (void)impl_->sync_to(impl_->appended);
}

std::error_code file_sink::start_write(std::string_view lines, std::uint64_t &ticket) {
  impl &s = *impl_;
  ticket = 0;
  if (std::error_code ec = s.take_deferred()) return ec;
  if (s.torn)
    if (std::error_code ec = s.repair()) return ec;
  const int fd = s.file->fd;
  std::size_t done = 0;
  while (done < lines.size()) {
    const ssize_t n = ::write(fd, lines.data() + done, lines.size() - done);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    const std::error_code ec = n < 0 ? last_error() : std::make_error_code(std::errc::io_error);
    // The auditor rolls the chain back on failure; a partial line left in
    // the file would look like a record that never was. Cut it off.
    if (done > 0) {
      struct stat st;
      if (::fstat(fd, &st) == 0 && static_cast<std::uint64_t>(st.st_size) >= done &&
          ::ftruncate(fd, st.st_size - static_cast<off_t>(done)) == 0)
        s.size = static_cast<std::uint64_t>(st.st_size) - done;
      else
        s.torn = true;
    }
    return ec;
  }
  s.size += lines.size();
  std::lock_guard<std::mutex> lock(s.sync_lock);
  s.appended += lines.size();
  switch (s.options.sync) {
    case fsync_policy::every_event:
      ticket = s.appended;
      break;
    case fsync_policy::every_n:
      if (++s.writes_since_sync >= std::max<std::uint64_t>(s.options.sync_every, 1)) {
        s.writes_since_sync = 0;
        ticket = s.appended;
      }
      break;
    case fsync_policy::interval:
    case fsync_policy::never:
      break;
  }
  return {};
}

std::error_code file_sink::finish_write(std::uint64_t ticket) {
  return ticket == 0 ? std::error_code{} : impl_->sync_to(ticket);
}

std::error_code file_sink::write(std::string_view lines) {
  std::uint64_t ticket = 0;
  if (std::error_code ec = start_write(lines, ticket)) return ec;
  return finish_write(ticket);
}

std::error_code file_sink::flush() {
  if (std::error_code ec = impl_->take_deferred()) return ec;
  std::uint64_t target;
  {
    std::lock_guard<std::mutex> lock(impl_->sync_lock);
    target = impl_->appended;
  }
  return impl_->sync_to(target);
}

std::string file_sink::name() const { return "file:" + impl_->path; }

bool file_sink::impl::rotation_due() const {
  if (size == 0) return false;  // nothing to rotate away
  if (options.rotate_bytes != 0 && size >= options.rotate_bytes) return true;
  return options.rotate_after.count() > 0 &&
         std::chrono::steady_clock::now() - opened >= options.rotate_after;
}

bool file_sink::rotation_due() { return impl_->rotation_due(); }

// `<path>.<UTC time>[.<n>]`, fixed once chosen so that the rotate record
// and the rename agree.
const std::string &file_sink::impl::reserve_archive() const {
  if (archive.empty()) {
    const std::string base = path + "." + archive_stamp(std::chrono::system_clock::now());
    std::string name = base;
    for (unsigned n = 1; exists(name); ++n) name = base + "." + std::to_string(n);
    archive = name;
  }
  return archive;
}

// Only a due rotation reserves the name, so that the rotate record names
// the file where the verifier will find it.
std::string file_sink::current_file() const {
  const impl &s = *impl_;
  return s.archive.empty() && !s.rotation_due() ? s.path : s.reserve_archive();
}

std::error_code file_sink::rotate(std::string_view first_lines) {
  impl &s = *impl_;
  if (std::error_code ec = s.take_deferred()) return ec;
  if (s.torn)
    if (std::error_code ec = s.repair()) return ec;
  // The old file is complete and durable before the new one names its head.
  std::uint64_t target;
  {
    std::lock_guard<std::mutex> lock(s.sync_lock);
    target = s.appended;
  }
  if (std::error_code ec = s.sync_to(target)) return ec;
  const std::string archive = s.reserve_archive();
  if (exists(archive)) {
    // Taken since the rotate record named it: the next attempt (and its
    // record) gets a new name.
    s.archive.clear();
    return std::make_error_code(std::errc::file_exists);
  }
  if (::rename(s.path.c_str(), archive.c_str()) != 0) return last_error();

  std::error_code ec;
  bool created = false;
  const int fd = open_append(s.path, s.options.mode, created, ec);
  std::shared_ptr<file_handle> fresh;
  if (fd >= 0) {
    fresh = std::make_shared<file_handle>(fd);
    if (!created) ec = std::make_error_code(std::errc::file_exists);  // someone else's file
  }
  if (!ec) ec = detail::write_all(fd, first_lines);
  if (!ec) ec = data_sync(fd);
  if (!ec) ec = sync_directory(directory_of(s.path));
  if (ec) {
    // Put the old file back so that writing continues where it was.
    if (fresh && created) ::unlink(s.path.c_str());
    if (::rename(archive.c_str(), s.path.c_str()) != 0) s.archive.clear();
    return ec;
  }
  {
    std::lock_guard<std::mutex> lock(s.sync_lock);
    s.file = std::move(fresh);
    s.appended += first_lines.size();
    s.durable = s.appended;
  }
  s.size = first_lines.size();
  s.opened = std::chrono::steady_clock::now();
  s.writes_since_sync = 0;
  s.archive.clear();
  s.prune();
  return {};
}

std::uint64_t file_sink::syncs() const {
  std::lock_guard<std::mutex> lock(impl_->sync_lock);
  return impl_->rounds;
}

std::shared_ptr<file_sink> open_file_sink(const std::string &path, file_sink_options options,
                                          std::error_code &error) {
  error.clear();
  bool created = false;
  const int fd = open_append(path, options.mode, created, error);
  if (fd < 0) return nullptr;
  auto state = std::make_unique<file_sink::impl>();
  state->file = std::make_shared<file_handle>(fd);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    error = last_error();
    return nullptr;
  }
  if (S_ISDIR(st.st_mode)) {
    error = std::make_error_code(std::errc::is_a_directory);
    return nullptr;
  }
  if (created)
    if ((error = sync_directory(directory_of(path)))) return nullptr;
  state->path = path;
  state->options = options;
  state->size = S_ISREG(st.st_mode) ? static_cast<std::uint64_t>(st.st_size) : 0;
  // A crash may have left a partial last line: end it before appending.
  state->torn = S_ISREG(st.st_mode) && st.st_size > 0;
  state->opened = std::chrono::steady_clock::now();
  return std::make_shared<file_sink>(std::move(state));
}

}  // namespace trailguard
