// Parses the trailguard-trail command line, then reads, verifies, filters
// and prints a trail, following it when asked.
#include "trail_tool.hpp"

#include "file_text.hpp"
#include "trail_query.hpp"
#include "trail_verifier.hpp"

#include <trailguard/version.hpp>

#include <openssl/crypto.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace trailguard {
namespace query {
namespace {

constexpr const char *usage_text =
    "trailguard-trail: prints the records of a trail that match, verifying every line\n"
    "\n"
    "USAGE:\n"
    "  trailguard-trail [--key FILE] [--pubkey FILE] [FILTERS] [OPTIONS] TRAIL...\n"
    "\n"
    "TRAIL is a trail file or a directory holding one trail (NAME.jsonl and its\n"
    "rotated NAME.jsonl.N... files); files are read in the order of their first\n"
    "record. At least one of --key and --pubkey is required.\n"
    "\n"
    "FILTERS (each may repeat: any entry matches; VALUE* matches by prefix):\n"
    "  --since TIME         records at or after TIME (RFC 3339, or a date: its midnight UTC)\n"
    "  --until TIME         records before TIME\n"
    "  --event NAME         the event name, e.g. authn.login_failure or 'authn.*'\n"
    "  --actor ID           context.actor\n"
    "  --session ID         context.session\n"
    "  --request-id ID      context.request_id\n"
    "  --source ADDRESS     context.source_address\n"
    "  --outcome OUTCOME    success, failure, ...\n"
    "  --trail-records      also the trail's own records (trailguard.checkpoint, .rotate)\n"
    "\n"
    "OPTIONS:\n"
    "  --key FILE           the trail's initial MAC key, mac.key\n"
    "  --pubkey FILE        Ed25519 public key, signing.pub.pem\n"
    "  --format jsonl|table JSON Lines (the default when standard output is not a\n"
    "                       terminal) or an aligned table (the default on a terminal)\n"
    "  --follow             keep reading as the trail grows, across rotations\n"
    "  --limit N            stop after N records printed\n"
    "  --idle-timeout SECS  with --follow: stop after SECS without a new line\n"
    "  --max-line-bytes N   a longer line is tampering, not a record (default 64 MiB)\n"
    "  --allow-tampered     go on after a line that does not verify, marking it and\n"
    "                       every later one (\"tampered\": true, or '!' in the table)\n"
    "  --help, --version\n"
    "\n"
    "The first line that does not verify stops the output: nothing after it is\n"
    "printed, and FILE:LINE: KIND: WHAT goes to standard error.\n"
    "\n"
    "Exit codes: 0 every line read verified, 1 a line did not verify (also with\n"
    "--allow-tampered), 2 usage error, unreadable trail or key, or output that\n"
    "cannot be written.\n";

int usage_error(std::ostream &err, const std::string &message) {
  err << "trailguard-trail: error: " << message << "\nrun 'trailguard-trail --help' for usage\n";
  return exit_usage;
}

bool read_file(const std::string &path, std::string &text, std::string &error) {
  return verify::read_whole_file(path, text, error) == verify::read_result::ok;
}

struct settings {
  filter select;
  bool table = false;
  bool terminal = false;
  bool follow = false;
  bool allow_tampered = false;
  std::uint64_t limit = 0;  // 0: none
  std::uint64_t idle_timeout_s = 0;
  // Far above what the auditor and the collector write (1 MiB by default):
  // a longer line is not a record, and is not kept whole in memory.
  std::uint64_t max_line_bytes = 64 << 20;
};

// Reads the files of one trail in order, line by line: each line is
// verified before it is looked at.
class reader {
 public:
  reader(const settings &s, const verify::verify_keys &keys, std::ostream &out, std::ostream &err)
      : s_(s), verifier_(keys), out_(out), err_(err) {}

  // Reads `path` from the start to its end; false once the output is done
  // (the limit, the first tampered line) or has failed.
  bool open(const std::string &path);
  bool read_more();
  // The current file ends here: a line cut short is a truncated one.
  bool end_file();
  bool done() const { return stop_; }
  std::uint64_t lines_read() const { return lines_read_; }
  // The last record that verified: a later file must start after it.
  std::uint64_t last_seq() const { return last_seq_; }
  void flush_table();
  int finish(bool at_end);
  bool consumed(dev_t dev, ino_t ino) const { return read_.count({dev, ino}) != 0; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  ~reader() { close(); }

 private:
  void line(std::string_view text, bool complete);
  void overlong_line();
  void print(const record &r, std::string_view text);

  const settings &s_;
  verify::line_verifier verifier_;
  std::ostream &out_;
  std::ostream &err_;
  std::string name_;
  int fd_ = -1;
  std::string pending_;  // bytes after the last '\n' read
  bool skipping_ = false;  // the rest of an overlong line
  std::uint64_t offset_ = 0, line_number_ = 0;
  std::set<std::pair<dev_t, ino_t>> read_;
  bool tampered_ = false, stop_ = false, failed_ = false;  // failed_: a read error
  std::uint64_t printed_ = 0, lines_read_ = 0, last_seq_ = 0;
  // The table: rows wait until the widths are known, then later ones use them.
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::size_t> widths_;
};

bool reader::open(const std::string &path) {
  close();
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    err_ << "trailguard-trail: error: cannot read '" << path << "': " << std::strerror(errno) << "\n";
    stop_ = failed_ = true;
    return false;
  }
  struct stat st;
  if (::fstat(fd_, &st) == 0) read_.insert({st.st_dev, st.st_ino});
  name_ = path;
  pending_.clear();
  skipping_ = false;
  offset_ = 0;
  line_number_ = 0;
  verifier_.begin_file(path);
  return read_more();
}

bool reader::read_more() {
  char buffer[1 << 16];
  while (!stop_) {
    const ssize_t n = ::read(fd_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      err_ << "trailguard-trail: error: cannot read '" << name_ << "': " << std::strerror(errno) << "\n";
      stop_ = failed_ = true;
      return false;
    }
    if (n == 0) break;
    std::string_view chunk(buffer, static_cast<std::size_t>(n));
    while (!chunk.empty() && !stop_) {
      const std::size_t nl = chunk.find('\n');
      if (skipping_) {
        offset_ += nl == std::string_view::npos ? chunk.size() : nl + 1;
        if (nl == std::string_view::npos) break;
        skipping_ = false;
        chunk.remove_prefix(nl + 1);
        continue;
      }
      if (nl == std::string_view::npos) {
        pending_.append(chunk);
        if (pending_.size() > s_.max_line_bytes) overlong_line();
        break;
      }
      if (pending_.size() + nl > s_.max_line_bytes) {
        pending_.append(chunk.substr(0, nl));
        chunk.remove_prefix(nl);  // the newline ends what is skipped
        overlong_line();
        continue;
      }
      pending_.append(chunk.substr(0, nl));
      chunk.remove_prefix(nl + 1);
      line(pending_, true);
      offset_ += pending_.size() + 1;
      pending_.clear();
    }
  }
  return !stop_;
}

// A line too long to be a record: its start goes to the verifier, which
// finds it malformed (so it is tampering), and the rest is skipped.
void reader::overlong_line() {
  const std::uint64_t size = pending_.size();
  pending_.resize(std::min<std::size_t>(pending_.size(), 1024));
  if (!tampered_)
    err_ << "trailguard-trail: " << table_cell(name_) << ":" << line_number_ + 1
         << ": a line of more than " << s_.max_line_bytes << " bytes (--max-line-bytes)\n";
  line(pending_, true);
  offset_ += size;
  pending_.clear();
  skipping_ = true;
}

bool reader::end_file() {
  if (!pending_.empty() && !stop_) line(pending_, false);
  pending_.clear();
  return !stop_;
}

void reader::line(std::string_view text, bool complete) {
  ++line_number_;
  ++lines_read_;
  if (!tampered_ && !verifier_.add(text, offset_, complete)) {
    tampered_ = true;
    const verify::problem &p = *verifier_.first_problem();
    err_ << "trailguard-trail: " << table_cell(p.file) << ":" << p.line << ": "
         << verify::to_string(p.kind) << ": " << table_cell(p.what) << "\n";
    if (!s_.allow_tampered) {
      err_ << "trailguard-trail: error: nothing after the first line that does not verify is "
              "printed (--allow-tampered prints it marked)\n";
      stop_ = true;
      return;
    }
  }
  const record r = parse_record(text);
  if (!tampered_ && r.seq) last_seq_ = *r.seq;
  // A tampered line that is no record may be anything: it is shown whatever the filters.
  if (!(tampered_ && !r.object) && !s_.select.matches(r)) return;
  print(r, text);
  if (s_.limit != 0 && ++printed_ >= s_.limit) stop_ = true;
}

void reader::print(const record &r, std::string_view text) {
  if (!s_.table) {
    out_ << jsonl_line(text, tampered_, name_, line_number_, s_.terminal);
    return;
  }
  std::vector<std::string> row = table_row(r, tampered_);
  if (!r.object) row.back() = table_cell(text);  // the raw bytes, escaped
  if (widths_.empty()) {
    rows_.push_back(std::move(row));
    // Bounded: a long trail is printed in blocks of the first block's widths.
    if (rows_.size() >= 1000) flush_table();
    return;
  }
  out_ << format_row(row, widths_);
}

void reader::flush_table() {
  if (!s_.table || !widths_.empty()) return;
  widths_ = column_widths(rows_);
  out_ << format_row(table_header, widths_);
  for (const auto &row : rows_) out_ << format_row(row, widths_);
  rows_.clear();
}

int reader::finish(bool at_end) {
  if (at_end && !tampered_) verifier_.finish();
  flush_table();
  for (const verify::warning &w : verifier_.warnings())
    err_ << "trailguard-trail: " << table_cell(w.file) << ":" << w.line
         << ": warning: " << table_cell(w.what) << "\n";
  // Tampering found is the verdict even when a later read failed.
  return tampered_ ? exit_tampered : failed_ ? exit_usage : exit_ok;
}

// The next file of a followed trail: one not read yet whose first line is
// complete and comes after what was read, the oldest by its first record.
// A file given by name is looked for under the names its rotation gives
// it too: it may have been renamed more than once since the last look.
std::optional<std::string> next_file(const std::vector<std::string> &paths, const reader &r) {
  std::vector<trail_path> files;
  std::string error;
  // Files read already are not opened again: a long-lived trail has many.
  const auto unread = [&r](const std::string &path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && !r.consumed(st.st_dev, st.st_ino);
  };
  if (!trail_files(with_rotated(paths), files, error, unread)) return std::nullopt;
  for (const trail_path &f : files)
    if (f.first_seq && *f.first_seq > r.last_seq()) return f.path;
  return std::nullopt;
}

int run(int argc, const char **argv, std::ostream &out, std::ostream &err, bool terminal) {
  settings s;
  s.terminal = terminal;
  s.table = terminal;
  std::string key_file, pubkey_file;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      out << usage_text;
      return exit_ok;
    }
    if (arg == "--version") {
      out << "trailguard-trail " << TRAILGUARD_VERSION_STRING << "\n";
      return exit_ok;
    }
    if (arg == "--follow" || arg == "-f") {
      s.follow = true;
      continue;
    }
    if (arg == "--allow-tampered") {
      s.allow_tampered = true;
      continue;
    }
    if (arg == "--trail-records") {
      s.select.trail_records = true;
      continue;
    }
    if (arg == "--") {
      paths.insert(paths.end(), argv + i + 1, argv + argc);
      break;
    }
    static const char *const valued[] = {"--key",     "--pubkey",  "--since",   "--until",
                                         "--event",   "--actor",   "--session", "--request-id",
                                         "--source",  "--outcome", "--format",  "--limit",
                                         "--idle-timeout", "--max-line-bytes"};
    bool known = false;
    for (const char *v : valued) known |= arg == v;
    if (!known) {
      if (arg.size() > 1 && arg[0] == '-') return usage_error(err, "unknown option '" + arg + "'");
      paths.push_back(arg);
      continue;
    }
    if (i + 1 == argc) return usage_error(err, "option '" + arg + "' needs a value");
    const std::string value = argv[++i];
    if (arg == "--key") {
      key_file = value;
    } else if (arg == "--pubkey") {
      pubkey_file = value;
    } else if (arg == "--since" || arg == "--until") {
      const auto t = parse_time(value);
      if (!t)
        return usage_error(err, "'" + value + "' is not an RFC 3339 time (" + arg +
                                    " 2026-12-07T18:00:00Z, or a date: 2026-12-07)");
      (arg == "--since" ? s.select.since : s.select.until) = t;
    } else if (arg == "--event") {
      s.select.events.push_back(value);
    } else if (arg == "--actor") {
      s.select.actors.push_back(value);
    } else if (arg == "--session") {
      s.select.sessions.push_back(value);
    } else if (arg == "--request-id") {
      s.select.request_ids.push_back(value);
    } else if (arg == "--source") {
      s.select.sources.push_back(value);
    } else if (arg == "--outcome") {
      s.select.outcomes.push_back(value);
    } else if (arg == "--format") {
      if (value != "jsonl" && value != "table")
        return usage_error(err, "unknown format '" + value + "' (jsonl or table)");
      s.table = value == "table";
    } else {
      std::uint64_t n = 0;
      bool ok = !value.empty() && value.size() < 19;
      for (char c : value) ok &= c >= '0' && c <= '9';
      if (ok) n = std::stoull(value);
      if (!ok || n == 0) return usage_error(err, "option '" + arg + "' needs a positive number");
      (arg == "--limit" ? s.limit : arg == "--idle-timeout" ? s.idle_timeout_s : s.max_line_bytes) = n;
    }
  }
  if (paths.empty()) return usage_error(err, "no trail given");
  if (key_file.empty() && pubkey_file.empty())
    return usage_error(err, "give --key (the MAC key) or --pubkey (the checkpoint signing key), or both: "
                            "every line is verified before it is printed");
  if (s.idle_timeout_s && !s.follow) return usage_error(err, "--idle-timeout needs --follow");

  verify::verify_keys keys;
  std::string text, error;
  if (!key_file.empty()) {
    if (!read_file(key_file, text, error)) return usage_error(err, error);
    const bool ok = keys.set_mac_key(text, error);
    OPENSSL_cleanse(text.data(), text.size());
    if (!ok) return usage_error(err, key_file + ": " + error);
  }
  if (!pubkey_file.empty()) {
    if (!read_file(pubkey_file, text, error)) return usage_error(err, error);
    if (!keys.set_public_key(text, error)) return usage_error(err, pubkey_file + ": " + error);
  }
  std::vector<trail_path> files;
  if (!trail_files(paths, files, error)) return usage_error(err, error);

  reader r(s, keys, out, err);
  for (std::size_t i = 0; i < files.size() && !r.done(); ++i) {
    if (!r.open(files[i].path)) break;
    // The live file may still grow: with --follow its last line may be unfinished.
    if (!s.follow || i + 1 < files.size()) r.end_file();
  }
  if (r.done()) return r.finish(false);
  if (!s.follow) {
    r.close();
    return r.finish(true);
  }
  r.flush_table();
  out.flush();
  // Polling: the trail may be anywhere (a network file system, a
  // directory that is renamed), and a line a fifth of a second late is
  // soon enough for a person or a pipe.
  auto last_line = std::chrono::steady_clock::now();
  while (!r.done() && out) {
    const std::uint64_t before = r.lines_read();
    r.read_more();
    if (r.done()) break;
    if (const auto next = next_file(paths, r)) {
      // A rotation: the old file is complete before the new one has its
      // first line, so what is left of it is read first.
      r.read_more();
      if (!r.end_file() || !r.open(*next)) break;
    }
    out.flush();
    if (r.lines_read() != before) last_line = std::chrono::steady_clock::now();
    if (s.idle_timeout_s &&
        std::chrono::steady_clock::now() - last_line >= std::chrono::seconds(s.idle_timeout_s))
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return r.finish(false);
}

}  // namespace

int run_trail_tool(int argc, const char **argv, std::ostream &out, std::ostream &err, bool terminal) {
  int code = run(argc, argv, out, err, terminal);
  errno = 0;
  out.flush();
  if (!out) {
    const int saved = errno;
    err << "trailguard-trail: error: cannot write to standard output"
        << (saved ? std::string(": ") + std::strerror(saved) : std::string()) << "\n";
    return exit_usage;
  }
  return code;
}

}  // namespace query
}  // namespace trailguard
