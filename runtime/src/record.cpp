// The trail line's format: splitting sealed lines, and the records the
// trail writes itself, for the writer, the collector and the verifier.
#include <trailguard/detail/record.hpp>

#include <charconv>

namespace trailguard {
namespace detail {
namespace {

bool is_hex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// `{"seq":N,"time":T,"service":S,"event":"E","fields":{`; false, with `out`
// holding the part before the time, when `time` cannot be written.
bool append_record_head(std::string &out, std::uint64_t seq,
                        std::chrono::system_clock::time_point time, std::string_view service,
                        std::string_view event, bool epoch_on_bad_time) {
  append_seq_prefix(out, seq);
  out += "\"time\":";
  if (!append_timestamp(out, time)) {
    if (!epoch_on_bad_time) return false;
    out += "\"1970-01-01T00:00:00.000000Z\"";
  }
  out += ",\"service\":";
  append_string(out, service);
  out += ",\"event\":\"";
  out += event;
  out += "\",\"fields\":{";
  return true;
}

// `"name":`, a key of the trail's own records (never escaped: ours).
void append_key(std::string &out, std::string_view name) {
  out += '"';
  out += name;
  out += "\":";
}

}  // namespace

bool split_seal(std::string_view line, std::string_view &record, std::string_view &chain,
                std::string_view &mac) {
  if (line.size() < seal_suffix_size) return false;
  const std::size_t at = line.size() - seal_suffix_size;
  std::string_view rest = line.substr(at);
  if (rest.substr(0, chain_key.size()) != chain_key) return false;
  const std::string_view c = rest.substr(chain_key.size(), 64);
  rest.remove_prefix(chain_key.size() + 64);
  if (rest.substr(0, mac_key.size()) != mac_key) return false;
  const std::string_view m = rest.substr(mac_key.size(), 64);
  if (rest.substr(mac_key.size() + 64) != sealed_end.substr(0, sealed_end.size() - 1) ||
      !is_hex64(c) || !is_hex64(m))
    return false;
  record = line.substr(0, at);
  chain = c;
  mac = m;
  return true;
}

bool split_seq_prefix(std::string_view line, std::uint64_t &seq, std::string_view &rest) {
  if (line.substr(0, seq_key.size()) != seq_key) return false;
  const char *digits = line.data() + seq_key.size();
  const char *end = line.data() + line.size();
  std::uint64_t n = 0;
  const auto parsed = std::from_chars(digits, end, n);
  if (parsed.ec != std::errc() || parsed.ptr == digits || parsed.ptr == end ||
      *parsed.ptr != ',' || n == 0 || *digits == '0')
    return false;
  seq = n;
  rest = line.substr(static_cast<std::size_t>(parsed.ptr + 1 - line.data()));
  return true;
}

bool split_sealed_line(std::string_view line, sealed_parts &out) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  // At least `{"seq":1` before the suffix.
  if (line.size() < seal_suffix_size + 8) return false;
  std::string_view record, chain, mac, rest;
  std::uint64_t seq = 0;
  // The line, not the record: a record of `{"seq":N` alone is followed by
  // the suffix's comma.
  if (!split_seal(line, record, chain, mac) || !split_seq_prefix(line, seq, rest)) return false;

  // The first "event" key: the service before it is an escaped string,
  // which cannot hold a raw quote, so this is the record's own.
  std::string_view event;
  constexpr std::string_view event_key = ",\"event\":\"";
  if (const std::size_t e = record.find(event_key); e != std::string_view::npos) {
    const std::size_t from = e + event_key.size();
    const std::size_t to = record.find('"', from);
    if (to != std::string_view::npos) event = record.substr(from, to - from);
  }
  out.seq = seq;
  out.record = record;
  out.chain = chain;
  out.mac = mac;
  out.event = event;
  return true;
}

bool append_rotate_record(std::string &out, std::uint64_t seq,
                          std::chrono::system_clock::time_point time, std::string_view service,
                          std::string_view previous_file, std::string_view previous_chain) {
  const std::size_t start = out.size();
  if (!append_record_head(out, seq, time, service, rotate_event, false)) {
    out.resize(start);
    return false;
  }
  append_key(out, trail_field::previous_file);
  append_string(out, previous_file);
  if (!previous_chain.empty()) {
    out += ',';
    append_key(out, trail_field::previous_chain);
    out += '"';
    out += previous_chain;
    out += '"';
  }
  out += '}';
  return true;
}

bool rotate_previous_file(std::string_view record, std::string &previous_file) {
  // The first match is the record's own: inside the escaped service, every
  // quote follows a backslash.
  std::string key = ",\"event\":\"";
  key += rotate_event;
  key += "\",\"fields\":{";
  append_key(key, trail_field::previous_file);
  key += '"';
  const std::size_t at = record.find(key);
  if (at == std::string_view::npos) return false;
  std::string out;
  for (std::size_t i = at + key.size(); i < record.size(); ++i) {
    const char c = record[i];
    if (c == '"') {
      previous_file = std::move(out);
      return true;
    }
    if (static_cast<unsigned char>(c) < 0x20) return false;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i == record.size()) return false;
    switch (record[i]) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        // The writer escapes controls and a few code points one by one
        // (never a surrogate pair): one BMP code point per escape.
        if (record.size() - i < 5) return false;
        std::uint32_t cp = 0;
        const auto parsed = std::from_chars(record.data() + i + 1, record.data() + i + 5, cp, 16);
        if (parsed.ec != std::errc() || parsed.ptr != record.data() + i + 5 ||
            (cp >= 0xd800 && cp <= 0xdfff))
          return false;
        i += 4;
        if (cp < 0x80) {
          out += static_cast<char>(cp);
        } else if (cp < 0x800) {
          out += static_cast<char>(0xc0 | (cp >> 6));
          out += static_cast<char>(0x80 | (cp & 0x3f));
        } else {
          out += static_cast<char>(0xe0 | (cp >> 12));
          out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
          out += static_cast<char>(0x80 | (cp & 0x3f));
        }
        break;
      }
      default: return false;
    }
  }
  return false;
}

void append_checkpoint_record(std::string &out, std::uint64_t seq,
                              std::chrono::system_clock::time_point time, std::string_view service,
                              const checkpoint_fields &fields, const unsigned char *signature,
                              std::size_t signature_size) {
  (void)append_record_head(out, seq, time, service, checkpoint_event, true);
  append_key(out, trail_field::epoch);
  append_uint(out, fields.epoch);
  out += ',';
  append_key(out, trail_field::head);
  out += '"';
  out += fields.head;
  out += "\",";
  append_key(out, trail_field::records);
  append_uint(out, fields.records);
  out += ',';
  append_key(out, trail_field::key);
  out += '"';
  out += fields.key;
  out += "\",";
  append_key(out, trail_field::signature);
  out += '"';
  append_hex(out, signature, signature_size);
  out += "\"}";
}

std::string checkpoint_message(std::string_view service, std::uint64_t seq, std::uint64_t epoch,
                               std::string_view head_hex, std::uint64_t records) {
  std::string m(checkpoint_domain);
  m += "\nservice ";
  // Escaped as in the line, so a newline in a service name cannot fake a
  // field of the message; and as a reader of the line gets the name back:
  // invalid UTF-8, which the line carries as \ufffd, is U+FFFD itself here,
  // as it is in the verifier's parsed line. So the sealer (from the name's
  // bytes) and the verifier (from the line) build the same message. Only
  // an escape writes "\u" ('\' is \u005c), so the search is exact.
  const std::size_t from = m.size();
  append_escaped(m, service);
  constexpr std::string_view replacement = "\\ufffd", fffd = "\xef\xbf\xbd";
  for (std::size_t at = m.find(replacement, from); at != std::string::npos;
       at = m.find(replacement, at + fffd.size()))
    m.replace(at, replacement.size(), fffd);
  m += "\nseq ";
  append_uint(m, seq);
  m += "\nepoch ";
  append_uint(m, epoch);
  m += "\nhead ";
  m += head_hex;
  m += "\nrecords ";
  append_uint(m, records);
  m += '\n';
  return m;
}

}  // namespace detail
}  // namespace trailguard
