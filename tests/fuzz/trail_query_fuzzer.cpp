// libFuzzer target for what trailguard-trail does with a trail file's
// bytes (runtime/tools/trail/trail_query.hpp, verify::line_verifier): every
// line is verified, parsed, filtered and printed both ways; a table cell
// must hold no byte a terminal acts on, a JSON Lines line must be one JSON
// object (marked when tampered), and nothing may crash or read out of bounds.
#include "trail_query.hpp"
#include "trail_verifier.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace trailguard;

namespace {

[[noreturn]] void broken(const char *what, std::string_view detail) {
  std::fprintf(stderr, "trail-query-fuzzer: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// No C0 but '\n' where allowed, no DEL, no C1 (U+0080..U+009F), no bidi
// controls, and nothing that is not UTF-8.
void check_printable(std::string_view text, bool newline_at_end) {
  if (newline_at_end) {
    if (text.empty() || text.back() != '\n') broken("a row without its newline", text);
    text.remove_suffix(1);
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) broken("a control byte in a table", text);
    if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xa0)
      broken("a C1 control in a table", text);
    if (c == 0xe2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) >= 0xa8 && static_cast<unsigned char>(text[i + 2]) <= 0xae)
      broken("a bidi control in a table", text);
  }
  if (nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::strict).empty())
    broken("not UTF-8", text);  // dump throws first
}

// No key: the chain and the checkpoints' structure are checked, not MACs
// or signatures, so that the seeds (real trails, any key) verify and the
// fuzzer gets past the first line.
const verify::verify_keys &keys() {
  static const verify::verify_keys k;
  return k;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  // The first line is the query: filter values and a time.
  query::filter f;
  const std::size_t nl = text.find('\n');
  if (nl != std::string_view::npos) {
    const std::string_view q = text.substr(0, nl);
    f.since = query::parse_time(q);
    f.until = query::parse_time(q.substr(q.size() / 2));
    f.events = {std::string(q.substr(0, q.size() / 3)) + "*"};
    f.sources = {std::string(q)};
    text.remove_prefix(nl + 1);
  }
  verify::line_verifier verifier(keys());
  verifier.forget_after(1 + size % 8);  // drop lines at checkpoints, as a long follow does
  verifier.begin_file("fuzz");
  std::uint64_t offset = 0, number = 0;
  bool tampered = false;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const bool complete = end != std::string_view::npos;
    const std::string_view line = text.substr(0, complete ? end : text.size());
    text.remove_prefix(complete ? end + 1 : text.size());
    ++number;
    if (!tampered && !verifier.add(line, offset, complete)) {
      tampered = true;
      const auto &p = verifier.first_problem();
      if (!p || p->line != number || p->offset != offset) broken("the first problem is not at this line", line);
    }
    offset += line.size() + 1;
    const query::record r = query::parse_record(line);
    (void)f.matches(r);
    for (bool ascii : {false, true}) {
      const std::string out = query::jsonl_line(line, tampered, "fuzz", number, ascii);
      if (out.empty() || out.back() != '\n') broken("a JSON Lines line without its newline", out);
      if (!tampered) continue;  // verified lines are passed through as they are
      const auto value = nlohmann::json::parse(out, nullptr, false);
      if (!value.is_object() || value.value("tampered", false) != true)
        broken("a tampered line not marked", out);
      if (ascii)
        for (char c : out.substr(0, out.size() - 1))
          if (c < 0x20 || c > 0x7e) broken("not printable ASCII for a terminal", out);
    }
    std::vector<std::string> row = query::table_row(r, tampered);
    row.back() = query::table_cell(line);
    for (const std::string &cell : row) check_printable(cell, false);
    const auto widths = query::column_widths({row}, 1 + number % 20);
    check_printable(query::format_row(row, widths), true);
  }
  verifier.finish();
  return 0;
}
