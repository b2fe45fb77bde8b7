// Parsing, filtering and printing the lines of a trail for trailguard-trail.
#include "trail_query.hpp"

#include <trailguard/detail/civil_time.hpp>

#include <nlohmann/json.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <set>

namespace trailguard {
namespace query {

namespace {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

std::string string_at(const json &object, const char *key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool matches_any(const std::vector<std::string> &patterns, const std::string &value) {
  if (patterns.empty()) return true;
  for (const std::string &p : patterns) {
    if (!p.empty() && p.back() == '*') {
      if (value.compare(0, p.size() - 1, p, 0, p.size() - 1) == 0 && value.size() >= p.size() - 1)
        return true;
    } else if (p == value) {
      return true;
    }
  }
  return false;
}

// One code point at `i`, or -1 for a byte that does not start a valid,
// shortest UTF-8 sequence (surrogates and values above U+10FFFF included).
long decode(std::string_view s, std::size_t i, std::size_t &length) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  length = 1;
  if (c < 0x80) return c;
  std::size_t n;
  long cp, min;
  if (c >= 0xc2 && c <= 0xdf) {
    n = 2, cp = c & 0x1f, min = 0x80;
  } else if (c >= 0xe0 && c <= 0xef) {
    n = 3, cp = c & 0x0f, min = 0x800;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return -1;
  }
  if (i + n > s.size()) return -1;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xc0) != 0x80) return -1;
    cp = (cp << 6) | (b(i + k) & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return -1;
  length = n;
  return cp;
}

// Code points a terminal acts on, or that reorder or hide what follows.
bool unsafe(long cp) {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c || cp == 0x200e || cp == 0x200f ||
         (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

bool printable_ascii(std::string_view s) {
  for (char c : s)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

std::string dump(const ordered_json &value, bool ascii) {
  return value.dump(-1, ' ', ascii, json::error_handler_t::replace);
}

}  // namespace

std::optional<std::int64_t> parse_time(std::string_view s) { return detail::parse_rfc3339(s); }

record parse_record(std::string_view line) {
  record r;
  const json value = json::parse(line.begin(), line.end(), nullptr, false);
  if (!value.is_object()) return r;
  r.object = true;
  const auto seq = value.find("seq");
  if (seq != value.end() && seq->is_number_unsigned()) r.seq = seq->get<std::uint64_t>();
  r.time = string_at(value, "time");
  r.service = string_at(value, "service");
  r.event = string_at(value, "event");
  r.outcome = string_at(value, "outcome");
  const auto context = value.find("context");
  if (context != value.end() && context->is_object()) {
    r.actor = string_at(*context, "actor");
    r.session = string_at(*context, "session");
    r.source_address = string_at(*context, "source_address");
    r.request_id = string_at(*context, "request_id");
  }
  const auto fields = value.find("fields");
  if (fields != value.end()) r.fields = fields->dump(-1, ' ', false, json::error_handler_t::replace);
  r.micros = parse_time(r.time);
  return r;
}

bool filter::matches(const record &r) const {
  if (events.empty()) {
    if (!trail_records && r.event.rfind("trailguard.", 0) == 0) return false;
  } else if (!matches_any(events, r.event)) {
    return false;
  }
  if ((since || until) && !r.micros) return false;
  if (since && *r.micros < *since) return false;
  if (until && *r.micros >= *until) return false;
  return matches_any(actors, r.actor) && matches_any(sessions, r.session) &&
         matches_any(request_ids, r.request_id) && matches_any(outcomes, r.outcome) &&
         matches_any(sources, r.source_address);
}

std::string jsonl_line(std::string_view line, bool tampered, std::string_view file,
                       std::uint64_t line_number, bool ascii) {
  if (!tampered && (!ascii || printable_ascii(line))) return std::string(line) + "\n";
  ordered_json value = ordered_json::parse(line.begin(), line.end(), nullptr, false);
  if (!tampered && value.is_object()) return dump(value, ascii) + "\n";
  if (value.is_object()) {
    // Set, not added: a forged "tampered":false in the line must not win
    // in jq, which keeps the last of two equal keys.
    value["tampered"] = true;
    return dump(value, ascii) + "\n";
  }
  ordered_json wrapped = {{"tampered", true},
                          {"file", std::string(file)},
                          {"line", line_number},
                          {"raw", std::string(line)}};
  return dump(wrapped, ascii) + "\n";
}

std::string table_cell(std::string_view text) {
  std::string out;
  static const char hex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length;
    const long cp = decode(text, i, length);
    std::string piece;
    if (cp < 0) {
      const auto c = static_cast<unsigned char>(text[i]);
      piece = {'\\', 'x', hex[c >> 4], hex[c & 15]};
    } else if (unsafe(cp)) {
      piece = cp < 0x100 ? std::string{'\\', 'x', hex[(cp >> 4) & 15], hex[cp & 15]}
                         : "\\u{" + std::string{hex[(cp >> 12) & 15], hex[(cp >> 8) & 15],
                                                hex[(cp >> 4) & 15], hex[cp & 15]} + "}";
    } else if (cp == '\\') {
      piece = "\\\\";
    } else {
      piece.assign(text.substr(i, length));
    }
    i += length;
    out += piece;
  }
  return out;
}

std::size_t cell_width(std::string_view cell) {
  std::size_t n = 0;
  for (char c : cell)
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++n;
  return n;
}

const std::vector<std::string> table_header = {"!",       "SEQ",     "TIME",   "EVENT",  "OUTCOME",
                                               "ACTOR",   "SESSION", "SOURCE", "REQUEST", "FIELDS"};

std::vector<std::string> table_row(const record &r, bool tampered) {
  return {tampered ? "!" : "",
          r.seq ? std::to_string(*r.seq) : std::string(),
          table_cell(r.time),
          table_cell(r.event),
          table_cell(r.outcome),
          table_cell(r.actor),
          table_cell(r.session),
          table_cell(r.source_address),
          table_cell(r.request_id),
          table_cell(r.fields)};
}

std::string format_row(const std::vector<std::string> &cells, const std::vector<std::size_t> &widths) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const bool last = i + 1 == cells.size();
    std::string cell = cells[i];
    const std::size_t width = i < widths.size() ? widths[i] : 0;
    if (!last && width != 0 && cell_width(cell) > width) {
      // Cut at a code point, never inside an escape's UTF-8.
      std::string cut;
      std::size_t n = 0;
      for (std::size_t k = 0; k < cell.size(); ++k) {
        if ((static_cast<unsigned char>(cell[k]) & 0xc0) != 0x80 && ++n == width) break;
        cut += cell[k];
      }
      cell = cut + "~";
    }
    line += cell;
    if (!last) line.append(width > cell_width(cell) ? width - cell_width(cell) + 2 : 2, ' ');
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line + "\n";
}

std::vector<std::size_t> column_widths(const std::vector<std::vector<std::string>> &rows,
                                       std::size_t cap) {
  std::vector<std::size_t> widths;
  // Nothing to go by (following a trail that has no match yet): room for
  // a time, an event name, an IPv4 address.
  if (rows.empty()) return {1, 6, 27, std::min<std::size_t>(cap, 24), 7, 12, 12, 15, 12, 0};
  for (const std::string &h : table_header) widths.push_back(h.size());
  for (const auto &row : rows)
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], std::min(cap, cell_width(row[i])));
  return widths;
}

std::vector<std::string> with_rotated(const std::vector<std::string> &paths) {
  std::vector<std::string> out;
  for (const std::string &path : paths) {
    out.push_back(path);
    struct stat st;
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) continue;
    const std::size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
    const std::string prefix = (slash == std::string::npos ? path : path.substr(slash + 1)) + ".";
    DIR *d = ::opendir(dir.c_str());
    if (!d) continue;
    while (const dirent *e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
          name[prefix.size()] >= '0' && name[prefix.size()] <= '9')
        out.push_back(slash == std::string::npos ? name : dir + name);
    }
    ::closedir(d);
  }
  return out;
}

std::optional<std::uint64_t> first_seq(const std::string &path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  std::string first;
  char buffer[1 << 14];
  // A first line longer than a record can be is not one.
  while (first.find('\n') == std::string::npos && first.size() < (16u << 20)) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    first.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  const std::size_t nl = first.find('\n');
  if (nl == std::string::npos) return std::nullopt;
  const record r = parse_record(std::string_view(first).substr(0, nl));
  return r.seq;
}

bool trail_files(const std::vector<std::string> &paths, std::vector<trail_path> &out,
                 std::string &error, const std::function<bool(const std::string &)> &keep) {
  std::vector<std::string> files;
  for (const std::string &path : paths) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
      error = "cannot read '" + path + "': " + std::strerror(errno);
      return false;
    }
    if (!S_ISDIR(st.st_mode)) {
      files.push_back(path);
      continue;
    }
    DIR *d = ::opendir(path.c_str());
    if (!d) {
      error = "cannot read '" + path + "': " + std::strerror(errno);
      return false;
    }
    // NAME.jsonl and what the file sink rotates it to, NAME.jsonl.<digit>...
    std::map<std::string, std::vector<std::string>> trails;
    while (const dirent *e = ::readdir(d)) {
      const std::string name = e->d_name;
      const std::size_t at = name.find(".jsonl");
      if (name[0] == '.' || at == std::string::npos) continue;
      const std::size_t end = at + 6;
      if (end != name.size() && !(name.size() > end + 1 && name[end] == '.' && name[end + 1] >= '0' &&
                                  name[end + 1] <= '9'))
        continue;
      const std::string full = path + (path.back() == '/' ? "" : "/") + name;
      struct stat fst;
      if (::stat(full.c_str(), &fst) != 0 || !S_ISREG(fst.st_mode)) continue;
      trails[name.substr(0, end)].push_back(full);
    }
    ::closedir(d);
    if (trails.size() != 1) {
      std::string names;
      for (const auto &t : trails) names += (names.empty() ? "" : ", ") + t.first;
      error = trails.empty() ? "no trail in '" + path + "' (no NAME.jsonl file or rotated NAME.jsonl.N)"
                             : "several trails in '" + path + "' (" + names + "); give one's files";
      return false;
    }
    files.insert(files.end(), trails.begin()->second.begin(), trails.begin()->second.end());
  }
  std::set<std::string> seen;
  out.clear();
  for (const std::string &f : files)
    if (seen.insert(f).second && (!keep || keep(f))) out.push_back({f, first_seq(f)});
  std::sort(out.begin(), out.end(), [](const trail_path &a, const trail_path &b) {
    if (a.first_seq.has_value() != b.first_seq.has_value()) return a.first_seq.has_value();
    if (a.first_seq && *a.first_seq != *b.first_seq) return *a.first_seq < *b.first_seq;
    return a.path < b.path;
  });
  return true;
}

}  // namespace query
}  // namespace trailguard
