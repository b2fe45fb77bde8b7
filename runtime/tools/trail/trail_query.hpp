// What trailguard-trail does with each line it reads: the fields a query
// filters on, the filters, and the two ways a line is printed (JSON Lines
// for jq, an aligned table for people); every byte comes from a trail file
// and is treated as hostile.
#ifndef TRAILGUARD_TRAIL_QUERY_HPP
#define TRAILGUARD_TRAIL_QUERY_HPP

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trailguard {
namespace query {

// Microseconds since 1970-01-01T00:00:00Z, or nothing for anything but
// RFC 3339 (`2026-12-07T18:12:05.047018Z`, `2026-12-07T19:12:05+01:00`,
// `t`/`z` and a space for `T` allowed) or a bare date (its midnight UTC).
std::optional<std::int64_t> parse_time(std::string_view text);

// The fields of a line the filters and the table use; empty when absent
// or not a string.
struct record {
  bool object = false;  // the line is a JSON object
  std::optional<std::uint64_t> seq;
  std::string time, service, event, outcome;
  std::string actor, session, source_address, request_id;
  std::string fields;  // the "fields" object as compact JSON, for the table
  std::optional<std::int64_t> micros;  // `time`, parsed
};
record parse_record(std::string_view line);

struct filter {
  std::optional<std::int64_t> since, until;  // since <= time < until
  // Each list matches when empty or when one entry does; an entry ending
  // in '*' matches by prefix. All lists must match.
  std::vector<std::string> events, actors, sessions, request_ids, outcomes, sources;
  // The trail's own records (trailguard.checkpoint, trailguard.rotate)
  // match only with this set, or when an --event entry names them.
  bool trail_records = false;

  bool matches(const record &r) const;
};

// A JSON Lines line (with its '\n') for a line of the trail: a verified
// line byte for byte; a tampered one re-encoded with "tampered":true (and
// "file", "line" and "raw" when it is not a JSON object). `ascii` escapes
// everything outside printable ASCII, for a terminal.
std::string jsonl_line(std::string_view line, bool tampered, std::string_view file,
                       std::uint64_t line_number, bool ascii);

// One table cell: control characters (C0, DEL, C1), bidirectional
// controls and bytes that are not UTF-8 become \xNN or \u{NNNN}, so that
// nothing in a trail reaches the terminal as an escape sequence, and a
// backslash becomes \\ so that an escape cannot be forged either.
std::string table_cell(std::string_view text);
// Its width in code points.
std::size_t cell_width(std::string_view cell);

// The table's columns, in order.
extern const std::vector<std::string> table_header;
// The cells of one row, escaped but not cut.
std::vector<std::string> table_row(const record &r, bool tampered);
// A row padded to `widths` (cells cut to them), two spaces apart, no
// trailing blanks, with its '\n'. The last column is never cut.
std::string format_row(const std::vector<std::string> &cells, const std::vector<std::size_t> &widths);
// Widths for `rows` and the header, each column at most `cap` wide; for
// no rows, widths that fit common values.
std::vector<std::size_t> column_widths(const std::vector<std::vector<std::string>> &rows,
                                       std::size_t cap = 32);

// The trail files among `paths` (files, and directories whose trail is
// NAME.jsonl and its rotated NAME.jsonl.<digit>... files), oldest first:
// in the order of their first record's number, files without one last in
// name order. False with `error` set for a directory with no trail or
// several, or an unreadable path.
struct trail_path {
  std::string path;
  std::optional<std::uint64_t> first_seq;
};
// `keep`, when given, picks the files whose first line is read at all.
bool trail_files(const std::vector<std::string> &paths, std::vector<trail_path> &out,
                 std::string &error, const std::function<bool(const std::string &)> &keep = {});
// `paths` and, for each file among them, the files its rotation makes
// next to it (FILE.<digit>...): where a followed file goes when renamed.
std::vector<std::string> with_rotated(const std::vector<std::string> &paths);
// The first record's number of a file, read from its first line.
std::optional<std::uint64_t> first_seq(const std::string &path);

}  // namespace query
}  // namespace trailguard

#endif  // TRAILGUARD_TRAIL_QUERY_HPP
