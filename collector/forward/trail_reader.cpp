// Reading a rotating trail as one sequence of whole sealed lines: files are
// put in order by the seq of their first line, not by name, so a clock
// that stepped back between rotations cannot reorder them.
#include "trail_reader.hpp"

#include <trailguard/collector/forwarder.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <optional>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

namespace trailguard {
namespace collector {
namespace detail {
namespace {

constexpr std::size_t chunk = 64 * 1024;
// Longer than any line the auditor writes (max_line_bytes is 1 MiB by
// default); a first line longer than this is reported, not searched forever.
constexpr std::size_t max_first_line = 16 * 1024 * 1024;

std::string directory_of(const std::string &path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_of(const std::string &path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string quote(std::string_view line) {
  constexpr std::size_t shown = 80;
  std::string out;
  for (char c : line.substr(0, shown)) {
    const auto u = static_cast<unsigned char>(c);
    out += u < 0x20 || u == 0x7f ? '?' : c;
  }
  if (line.size() > shown) out += "...";
  return out;
}

ssize_t pread_retry(int fd, char *data, std::size_t size, std::uint64_t offset) {
  for (;;) {
    const ssize_t n = ::pread(fd, data, size, static_cast<off_t>(offset));
    if (n >= 0 || errno != EINTR) return n;
  }
}

}  // namespace

sealed_line line_block::line(std::size_t i) const {
  const part &p = parts[i];
  const std::string_view all(bytes);
  sealed_line s;
  s.seq = p.seq;
  s.line = all.substr(p.at, p.size);
  s.record = all.substr(p.at + p.record_at, p.record_size);
  s.chain = all.substr(p.at + p.chain_at, p.chain_size);
  s.mac = all.substr(p.at + p.mac_at, p.mac_size);
  s.event = all.substr(p.at + p.event_at, p.event_size);
  return s;
}

void line_block::append(const sealed_line &s) {
  // An empty part (a record without an event name) may point anywhere.
  const auto at = [&](std::string_view v) {
    return v.empty() ? std::size_t{0} : static_cast<std::size_t>(v.data() - s.line.data());
  };
  part p;
  p.seq = s.seq;
  p.at = bytes.size();
  p.size = s.line.size();
  p.record_at = at(s.record);
  p.record_size = s.record.size();
  p.chain_at = at(s.chain);
  p.chain_size = s.chain.size();
  p.mac_at = at(s.mac);
  p.mac_size = s.mac.size();
  p.event_at = at(s.event);
  p.event_size = s.event.size();
  bytes.append(s.line);
  parts.push_back(p);
}

struct trail_reader::candidate {
  std::string name;
  int fd = -1;
  dev_t dev = 0;
  ino_t ino = 0;
  enum { unknown, known, bad } first = unknown;  // unknown: empty or still being written
  std::uint64_t first_seq = 0;
  bool live = false;
};

trail_reader::trail_reader(std::string trail_path) : path_(std::move(trail_path)) {}

trail_reader::~trail_reader() { close_file(); }

void trail_reader::close_file() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  buf_.clear();
  head_ = 0;
  scanned_ = 0;
}

void trail_reader::seek(std::uint64_t seq) {
  close_file();
  next_ = seq;
  seeking_ = true;
  passed_ = 0;
  first_seq_ = 0;
}

bool trail_reader::still_live() const {
  struct stat st;
  if (::stat(path_.c_str(), &st) != 0) return errno != ENOENT;
  return st.st_dev == dev_ && st.st_ino == ino_;
}

bool trail_reader::fill(std::string &error, ssize_t &got) {
  // Consumed lines go first, so the buffer holds at most a partial line.
  offset_ += head_;
  buf_.erase(0, head_);
  scanned_ -= std::min(scanned_, head_);
  head_ = 0;
  const std::size_t had = buf_.size();
  buf_.resize(had + chunk);
  got = pread_retry(fd_, buf_.data() + had, chunk, offset_ + had);
  if (got < 0) {
    const int e = errno;
    buf_.resize(had);
    error = fmt::format("{}: cannot read at byte {}: {}", file_, offset_ + had, std::strerror(e));
    return false;
  }
  buf_.resize(had + static_cast<std::size_t>(got));
  return true;
}

// Chooses the file holding next_: among the files that start after the one
// just finished (first_seq_), the one whose first seq is the latest at or
// before next_. The live file with no whole first line yet is the choice
// when none starts there: it is the newest.
bool trail_reader::locate(std::string &error) {
  const std::uint64_t lower = first_seq_;
  std::vector<candidate> found;
  auto probe = [&](const std::string &name, bool live) {
    candidate c;
    c.name = name;
    c.live = live;
    c.fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (c.fd < 0) return;  // rotated or pruned meanwhile; the live one not created yet
    struct stat st;
    if (::fstat(c.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(c.fd);
      return;
    }
    c.dev = st.st_dev;
    c.ino = st.st_ino;
    std::string head;
    while (head.size() < max_first_line) {
      const std::size_t had = head.size();
      head.resize(had + chunk);
      const ssize_t n = pread_retry(c.fd, head.data() + had, chunk, had);
      head.resize(had + static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
      if (n <= 0) break;
      if (const std::size_t nl = head.find('\n', had); nl != std::string::npos) {
        sealed_line s;
        if (parse_sealed_line(std::string_view(head).substr(0, nl), s)) {
          c.first = candidate::known;
          c.first_seq = s.seq;
        } else {
          c.first = candidate::bad;
        }
        break;
      }
    }
    if (c.first == candidate::unknown && head.size() >= max_first_line) c.first = candidate::bad;
    found.push_back(std::move(c));
  };

  // The common case, one rotation since the last file: the live file is next.
  probe(path_, true);
  const bool live_next = lower > 0 && !found.empty() && found[0].first == candidate::known &&
                         found[0].first_seq > lower && found[0].first_seq <= next_;
  if (!live_next) {
    const std::string prefix = base_of(path_) + ".";
    if (DIR *d = ::opendir(directory_of(path_).c_str())) {
      std::vector<std::string> names;
      while (const dirent *e = ::readdir(d)) {
        const std::string name = e->d_name;
        if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
            name[prefix.size()] >= '0' && name[prefix.size()] <= '9')
          names.push_back(directory_of(path_) + "/" + name);
      }
      ::closedir(d);
      for (const auto &name : names) probe(name, false);
    }
  }

  const candidate *chosen = nullptr, *after = nullptr, *live_unknown = nullptr, *back = nullptr;
  std::string bad;
  for (const auto &c : found) {
    // The file sink renames the old file back when it cannot start the new
    // one: the file just finished is live again and goes on where it was.
    if (lower > 0 && c.live && c.dev == dev_ && c.ino == ino_) back = &c;
    if (c.first == candidate::bad) {
      bad += (bad.empty() ? "" : ", ") + c.name;
    } else if (c.first == candidate::unknown) {
      if (c.live) live_unknown = &c;
    } else if (c.first_seq > lower && c.first_seq <= next_) {
      if (!chosen || c.first_seq > chosen->first_seq) chosen = &c;
    } else if (c.first_seq > next_) {
      if (!after || c.first_seq < after->first_seq) after = &c;
    }
  }
  if (!chosen && back) {
    fd_ = back->fd;
    for (const auto &c : found)
      if (&c != back) ::close(c.fd);
    return true;
  }
  if (!chosen) chosen = live_unknown;
  if (!chosen && lower > 0 && !found.empty() && found[0].live &&
      found[0].first == candidate::known && found[0].first_seq <= lower) {
    error = fmt::format("{}:1: the live file starts at record {}, not after {} (which starts at "
                        "record {}): the trail was restarted or replaced",
                        path_, found[0].first_seq, file_, lower);
    for (const auto &c : found) ::close(c.fd);
    return false;
  }
  if (chosen) {
    fd_ = chosen->fd;
    file_ = chosen->name;
    dev_ = chosen->dev;
    ino_ = chosen->ino;
    first_seq_ = chosen->first == candidate::known ? chosen->first_seq : 0;
    offset_ = 0;
    line_no_ = 0;
  }
  for (const auto &c : found)
    if (&c != chosen) ::close(c.fd);
  if (chosen) return true;
  if (after) {
    error = fmt::format("{}:1: the trail continues at record {}, but record {} is in no trail "
                        "file: records {}..{} are missing (deleted or pruned?)",
                        after->name, after->first_seq, next_, next_, after->first_seq - 1);
    if (!bad.empty()) error += fmt::format("; files that do not start with a sealed line: {}", bad);
    return false;
  }
  if (!bad.empty()) {
    error = fmt::format("{}:1: not a sealed line where record {} should be", bad, next_);
    return false;
  }
  return true;  // nothing written yet
}

bool trail_reader::read(std::size_t max, line_block &out, std::string &error) {
  if (fd_ < 0) {
    if (!locate(error)) return false;
    if (fd_ < 0) return true;
  }
  std::size_t taken = 0;
  while (taken < max) {
    const std::size_t nl = buf_.find('\n', std::max(head_, scanned_));
    if (nl == std::string::npos) {
      scanned_ = buf_.size();
      ssize_t got = 0;
      if (!fill(error, got)) return false;
      if (got > 0) continue;
      if (still_live()) {
        // Passing over lines is for what the store has; a trail that ends
        // before the cursor lost lines or was replaced.
        if (seeking_ && passed_ > 0 && passed_ + 1 < next_) {
          error = fmt::format("{}:{}: the trail ends at record {}, but forwarding goes on after "
                              "record {} (the cursor file or the store): the trail lost lines or "
                              "was replaced; waiting for record {}",
                              file_, line_no_, passed_, next_ - 1, next_);
          return false;
        }
        return true;  // the rest is still being written
      }
      // Rotated away: the sink wrote its last lines before the rename.
      if (!fill(error, got)) return false;
      if (got > 0) continue;
      if (buf_.size() > head_) {
        error = fmt::format("{}:{}: the file ends mid-line ({} bytes without a newline) and the "
                            "trail has moved on to a new file",
                            file_, line_no_ + 1, buf_.size() - head_);
        return false;
      }
      offset_ += head_;  // where to go on if this file turns out to be live again
      close_file();
      if (!locate(error)) return false;
      if (fd_ < 0) return true;
      continue;
    }
    const std::string_view line = std::string_view(buf_).substr(head_, nl - head_);
    sealed_line s;
    if (!parse_sealed_line(line, s)) {
      error = fmt::format("{}:{}: not a sealed line where record {} should be: {}", file_,
                          line_no_ + 1, next_, quote(line));
      return false;
    }
    if (line_no_ == 0) first_seq_ = s.seq;  // a live file chosen before it had a line
    if (s.seq < next_ && seeking_) {
      passed_ = s.seq;
      head_ = nl + 1;
      ++line_no_;
      continue;
    }
    if (s.seq != next_) {
      error = fmt::format(
          "{}:{}: record {} where record {} should be ({}); check the trail with trailguard-verify",
          file_, line_no_ + 1, s.seq, next_,
          s.seq > next_
              ? fmt::format("records {}..{} are missing", next_, s.seq - 1)
              : fmt::format("records from {} on appear again: a writer that restarted from its "
                            "last checkpoint after a crash seals them twice, and the store holds "
                            "the earlier copies",
                            s.seq));
      return false;
    }
    seeking_ = false;
    out.append(s);
    head_ = nl + 1;
    ++line_no_;
    ++next_;
    ++taken;
  }
  return true;
}

}  // namespace detail
}  // namespace collector
}  // namespace trailguard
