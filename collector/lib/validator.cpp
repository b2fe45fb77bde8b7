// Checks application lines against the schemas (the same limits the
// generated invalid_field() enforces) and re-encodes them with the
// runtime's encoder, so the trail never holds a byte the sender chose.
#include <trailguard/collector/validator.hpp>

#include "Pattern.h"
#include "Schema.h"

#include <trailguard/detail/civil_time.hpp>
#include <trailguard/detail/json.hpp>
#include <trailguard/detail/pattern.hpp>
#include <trailguard/event.hpp>

#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>

namespace trailguard {
namespace collector {

namespace gen = trailguard::gen;
namespace pattern = trailguard::pattern;
using json = nlohmann::ordered_json;

namespace {

struct field_rule {
  std::string name;
  gen::FieldType type = gen::FieldType::String;
  gen::FieldTier tier = gen::FieldTier::unrestricted;
  bool required = false;
  std::optional<std::uint64_t> max_length;
  // Compiled at load by the engine trailguard-gen uses (support/Pattern.h),
  // run by the generated code's matcher: linear time, bounded stack.
  std::optional<pattern::Dfa> pattern;
  std::set<std::string> members;
};

struct event_rule {
  std::string name, service;
  unsigned major = 0, minor = 0;
  std::optional<std::string> outcome;
  bool need_actor = false, need_session = false, need_source = false, need_request = false;
  std::vector<field_rule> fields;
};

// A key the sender chose is echoed only when it cannot carry anything but
// a name: the reply is one line and may reach a terminal.
std::string shown_name(const std::string &name) {
  if (name.empty() || name.size() > 64) return "(name not shown)";
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '_' || c == '.' || c == '-'))
      return "(name not shown)";
  return name;
}

verdict refuse(const char *kind, std::string reason) { return {false, kind, std::move(reason)}; }

bool is_lower_hex(const std::string &s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// The runtime's one time form, "2026-11-27T03:37:37.123456Z": parsed, then
// written again and compared, so only the canonical spelling passes.
bool parse_timestamp(const std::string &s, std::chrono::system_clock::time_point &out) {
  if (s.size() != 27) return false;
  static const char shape[] = "dddd-dd-ddTdd:dd:dd.ddddddZ";
  for (std::size_t i = 0; i < 27; ++i) {
    if (shape[i] == 'd') {
      if (s[i] < '0' || s[i] > '9') return false;
    } else if (s[i] != shape[i]) {
      return false;
    }
  }
  const std::optional<std::int64_t> micros = ::trailguard::detail::parse_rfc3339(s);
  if (!micros) return false;
  // Floor, not truncation: the second a time before 1970 falls in.
  const std::int64_t seconds = *micros / 1000000 - (*micros % 1000000 < 0 ? 1 : 0);
  // A nanosecond system_clock spans 1677-09-21 to 2262-04-11; a time beyond
  // it is no time_point at all (and the conversion would overflow).
  constexpr std::int64_t max_seconds = std::numeric_limits<std::int64_t>::max() / 1000000000 - 1;
  if (seconds < -max_seconds || seconds > max_seconds) return false;
  out = std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::microseconds(*micros)));
  std::string again;
  if (!::trailguard::detail::append_timestamp(again, out)) return false;
  // A leap second (:60) reads as the next second, which is written otherwise.
  return again.size() == 29 && again.compare(1, 27, s) == 0;
}

bool matches(const pattern::Dfa &dfa, const std::string &s) {
  const ::trailguard::detail::pattern_dfa<std::uint16_t> table{
      dfa.ByteClass.data(), dfa.Next.data(), dfa.Accepting.data(), dfa.Classes,
      static_cast<std::uint16_t>(dfa.Start)};
  return ::trailguard::detail::pattern_matches(s, table);
}

bool within(const json &v, std::optional<std::uint64_t> max) {
  return !max || v.get_ref<const std::string &>().size() <= *max;
}

// Appends the canonical encoding of one field value; an empty string when
// it is valid, else why not.
std::string encode_value(const field_rule &f, const json &v, std::string &out) {
  switch (f.type) {
    case gen::FieldType::String:
    case gen::FieldType::IpAddress: {
      if (!v.is_string()) return "not a string";
      const std::string &s = v.get_ref<const std::string &>();
      if (!within(v, f.max_length)) return "longer than " + std::to_string(*f.max_length) + " bytes";
      if (f.type == gen::FieldType::IpAddress && !::trailguard::detail::is_ip_address(s))
        return "not an IP address";
      if (f.pattern && !matches(*f.pattern, s)) return "does not match the pattern";
      ::trailguard::detail::append_string(out, s);
      return {};
    }
    case gen::FieldType::Enum: {
      if (!v.is_string()) return "not a string";
      const std::string &s = v.get_ref<const std::string &>();
      if (!f.members.count(s)) return "not a member of the enum";
      ::trailguard::detail::append_string(out, s);
      return {};
    }
    case gen::FieldType::Bool:
      if (!v.is_boolean()) return "not true or false";
      out += v.get<bool>() ? "true" : "false";
      return {};
    case gen::FieldType::Int64:
    case gen::FieldType::Duration:
      if (v.is_number_unsigned()) {
        if (v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
          return "out of the int64 range";
        ::trailguard::detail::append_int(out, static_cast<std::int64_t>(v.get<std::uint64_t>()));
        return {};
      }
      if (!v.is_number_integer()) return "not an integer";
      ::trailguard::detail::append_int(out, v.get<std::int64_t>());
      return {};
    case gen::FieldType::UInt64:
      if (!v.is_number_unsigned()) return v.is_number_integer() ? "negative" : "not an integer";
      ::trailguard::detail::append_uint(out, v.get<std::uint64_t>());
      return {};
    case gen::FieldType::Double:
      if (!v.is_number()) return "not a number";
      if (!::trailguard::detail::append_double(out, v.get<double>())) return "not a finite number";
      return {};
    case gen::FieldType::Timestamp: {
      std::chrono::system_clock::time_point t;
      if (!v.is_string() || !parse_timestamp(v.get_ref<const std::string &>(), t))
        return "not a time of the form 2026-11-27T03:37:37.123456Z";
      if (!::trailguard::detail::append_timestamp(out, t)) return "not a time JSON can carry";
      return {};
    }
    case gen::FieldType::StringList: {
      if (!v.is_array()) return "not a list of strings";
      out.push_back('[');
      bool first = true;
      for (const json &item : v) {
        if (!item.is_string()) return "not a list of strings";
        if (!within(item, f.max_length))
          return "an item is longer than " + std::to_string(*f.max_length) + " bytes";
        if (!first) out.push_back(',');
        first = false;
        ::trailguard::detail::append_string(out, item.get_ref<const std::string &>());
      }
      out.push_back(']');
      return {};
    }
  }
  return "of an unknown type";
}

// {"redacted":"<the field's tier>"[,"hmac":"<64 hex>"]}: what a sink below
// the field's tier writes instead of its value.
bool encode_marker(const field_rule &f, const json &v, std::string &out) {
  if (f.tier == gen::FieldTier::unrestricted || !v.is_object() || v.empty() || v.size() > 2)
    return false;
  auto it = v.begin();
  if (it.key() != "redacted" || !it.value().is_string() ||
      it.value().get_ref<const std::string &>() != to_string(f.tier))
    return false;
  out += "{\"redacted\":\"";
  out += to_string(f.tier);
  out.push_back('"');
  if (++it != v.end()) {
    if (it.key() != "hmac" || !it.value().is_string()) return false;
    const std::string &h = it.value().get_ref<const std::string &>();
    if (h.size() != 64 || !is_lower_hex(h)) return false;
    out += ",\"hmac\":\"";
    out += h;
    out.push_back('"');
  }
  out.push_back('}');
  return true;
}


// The fast path: a line already in the form the runtime's encoder writes
// (no whitespace, keys in the encoder's order, strings of printable ASCII
// without escapes, numbers spelled as the encoder spells them) and valid
// for its schema is its own canonical re-encoding, so its body is a slice
// of it. Any other line, valid or not, takes the full parse (check_slow),
// which alone decides refusals and their reasons; the fast path accepts
// only lines the full parse accepts with the same body (ValidatorTest
// compares both).
class canonical_scan {
 public:
  explicit canonical_scan(std::string_view line) : s_(line) {}

  bool literal(std::string_view text) {
    if (s_.compare(at_, text.size(), text) != 0) return false;
    at_ += text.size();
    return true;
  }
  bool peek(char c) const { return at_ < s_.size() && s_[at_] == c; }
  // A string of printable ASCII other than '"' and '\': its encoding is
  // itself. `out` is its content.
  bool string(std::string_view &out) {
    if (!peek('"')) return false;
    const std::size_t from = ++at_;
    while (at_ < s_.size()) {
      const unsigned char c = static_cast<unsigned char>(s_[at_]);
      if (c == '"') {
        out = s_.substr(from, at_ - from);
        ++at_;
        return true;
      }
      if (c < 0x20 || c > 0x7e || c == '\\') return false;
      ++at_;
    }
    return false;
  }
  // A JSON number token, unchecked beyond its characters.
  bool number(std::string_view &out) {
    const std::size_t from = at_;
    while (at_ < s_.size() && ((s_[at_] >= '0' && s_[at_] <= '9') || s_[at_] == '-' ||
                               s_[at_] == '+' || s_[at_] == '.' || s_[at_] == 'e' ||
                               s_[at_] == 'E'))
      ++at_;
    out = s_.substr(from, at_ - from);
    return at_ > from;
  }
  std::size_t at() const { return at_; }
  bool done() const { return at_ == s_.size(); }

 private:
  std::string_view s_;
  std::size_t at_ = 0;
};

// Digits without a leading zero that fit a uint64_t.
bool canonical_uint(std::string_view t, std::uint64_t &out) {
  if (t.empty() || t.size() > 20 || (t.size() > 1 && t[0] == '0')) return false;
  out = 0;
  for (char c : t) {
    if (c < '0' || c > '9') return false;
    const std::uint64_t d = static_cast<std::uint64_t>(c - '0');
    if (out > (std::numeric_limits<std::uint64_t>::max() - d) / 10) return false;
    out = out * 10 + d;
  }
  return true;
}

bool canonical_int(std::string_view t) {
  std::uint64_t magnitude = 0;
  if (!t.empty() && t[0] == '-') {
    return canonical_uint(t.substr(1), magnitude) && magnitude != 0 &&
           magnitude <= static_cast<std::uint64_t>(INT64_MAX) + 1;
  }
  return canonical_uint(t, magnitude) && magnitude <= static_cast<std::uint64_t>(INT64_MAX);
}

bool canonical_value(const field_rule &f, canonical_scan &in) {
  std::string_view v;
  switch (f.type) {
    case gen::FieldType::String:
    case gen::FieldType::IpAddress:
      if (!in.string(v)) return false;
      if (f.max_length && v.size() > *f.max_length) return false;
      if (f.type == gen::FieldType::IpAddress && !::trailguard::detail::is_ip_address(v))
        return false;
      return !f.pattern || matches(*f.pattern, std::string(v));
    case gen::FieldType::Enum:
      return in.string(v) && f.members.count(std::string(v)) != 0;
    case gen::FieldType::Bool:
      return in.literal("true") || in.literal("false");
    case gen::FieldType::Int64:
    case gen::FieldType::Duration:
      return in.number(v) && canonical_int(v);
    case gen::FieldType::UInt64: {
      std::uint64_t n = 0;
      return in.number(v) && canonical_uint(v, n);
    }
    case gen::FieldType::Double: {
      // "-0" is an integer to the full parse, which makes it 0.0.
      if (!in.number(v) || v == "-0") return false;
      // As the full parse reads it (correctly rounded), then as the
      // encoder writes it: canonical only when that is the same token.
      double d = 0;
      const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
      if (ec != std::errc() || end != v.data() + v.size()) return false;
      std::string again;
      return ::trailguard::detail::append_double(again, d) && again == v;
    }
    case gen::FieldType::Timestamp: {
      std::chrono::system_clock::time_point t;
      return in.string(v) && parse_timestamp(std::string(v), t);
    }
    case gen::FieldType::StringList: {
      if (!in.literal("[")) return false;
      if (in.literal("]")) return true;
      for (;;) {
        if (!in.string(v) || (f.max_length && v.size() > *f.max_length)) return false;
        if (in.literal("]")) return true;
        if (!in.literal(",")) return false;
      }
    }
  }
  return false;
}

// {"redacted":"<tier>"[,"hmac":"<64 lowercase hex>"]}, as encode_marker.
bool canonical_marker(const field_rule &f, canonical_scan &in) {
  if (f.tier == gen::FieldTier::unrestricted) return false;
  std::string_view v;
  if (!in.literal("{\"redacted\":") || !in.string(v) || v != to_string(f.tier)) return false;
  if (in.literal("}")) return true;
  return in.literal(",\"hmac\":") && in.string(v) && v.size() == 64 &&
         is_lower_hex(std::string(v)) && in.literal("}");
}

}  // namespace

struct validator::impl {
  std::map<std::string, event_rule, std::less<>> events;
  bool canonical(std::string_view line, std::string &body) const;
};

validator::validator(std::unique_ptr<impl> state) : impl_(std::move(state)) {}
validator::~validator() = default;

std::size_t validator::events() const { return impl_->events.size(); }

std::unique_ptr<validator> validator::load(const std::vector<std::string> &schema_paths,
                                           std::string &error) {
  auto state = std::make_unique<impl>();
  std::map<std::string, std::string> defined_in;
  for (const std::string &path : schema_paths) {
    std::optional<gen::Schema> schema = gen::readSchema(path, error);
    if (!schema) return nullptr;
    for (const gen::Event &e : schema->Events) {
      auto [where, fresh] = defined_in.emplace(e.Name, path);
      if (!fresh) {
        error = path + ":" + std::to_string(e.Pos.Line) + ":" + std::to_string(e.Pos.Column) +
                ": error: event '" + e.Name + "' is also defined in " + where->second +
                "; each event must come from one schema";
        return nullptr;
      }
      event_rule r;
      r.name = e.Name;
      r.service = schema->Service;
      r.major = e.EventVersion.Major;
      r.minor = e.EventVersion.Minor;
      r.outcome = e.Outcome;
      for (gen::ContextField c : e.Context) {
        r.need_actor |= c == gen::ContextField::Actor;
        r.need_session |= c == gen::ContextField::Session;
        r.need_source |= c == gen::ContextField::SourceAddress;
        r.need_request |= c == gen::ContextField::RequestId;
      }
      for (const gen::Field &f : e.Fields) {
        field_rule fr;
        fr.name = f.Name;
        fr.type = f.Type;
        fr.tier = f.Tier;
        fr.required = f.Required;
        fr.max_length = f.MaxLength;
        // As the generated code: only strings and addresses have patterns.
        if (!f.Pattern.empty() &&
            (f.Type == gen::FieldType::String || f.Type == gen::FieldType::IpAddress)) {
          pattern::Problem why;
          if (!pattern::compile(f.Pattern, fr.pattern.emplace(), why)) {
            // The schema reader has compiled it already; kept for safety.
            error = path + ":" + std::to_string(f.Pos.Line) + ":" + std::to_string(f.Pos.Column) +
                    ": error: the pattern of field '" + f.Name + "' cannot be used: " +
                    why.Message;
            return nullptr;
          }
        }
        fr.members.insert(f.EnumMembers.begin(), f.EnumMembers.end());
        r.fields.push_back(std::move(fr));
      }
      state->events.emplace(r.name, std::move(r));
    }
  }
  return std::make_unique<validator>(std::move(state));
}

// The fast path (see canonical_scan): true and `body` set when `line` is
// canonical and valid; false says nothing about the line.
bool validator::impl::canonical(std::string_view line, std::string &body) const {
  canonical_scan in(line);
  std::string_view v;
  std::uint64_t n = 0;
  if (!in.literal("{\"seq\":") || !in.number(v) || !canonical_uint(v, n) || !in.literal(","))
    return false;
  const std::size_t body_from = in.at();
  std::string_view time, service, event, version, hash;
  if (!in.literal("\"time\":") || !in.string(time) || !in.literal(",\"service\":") ||
      !in.string(service) || !in.literal(",\"event\":") || !in.string(event) ||
      !in.literal(",\"version\":") || !in.string(version) || !in.literal(",\"schema\":") ||
      !in.string(hash))
    return false;
  auto rule_it = events.find(event);
  if (rule_it == events.end()) return false;
  const event_rule &rule = rule_it->second;
  std::chrono::system_clock::time_point when;
  if (!parse_timestamp(std::string(time), when) || service != rule.service) return false;
  {
    const std::size_t dot = version.find('.');
    std::uint64_t major = 0, minor = 0;
    if (dot == std::string_view::npos || dot > 6 || version.size() - dot - 1 > 6 ||
        !canonical_uint(version.substr(0, dot), major) ||
        !canonical_uint(version.substr(dot + 1), minor) || major != rule.major ||
        minor > rule.minor)
      return false;
  }
  if (hash.empty() || hash.size() > 64 || !is_lower_hex(std::string(hash))) return false;
  if (rule.outcome) {
    std::string_view outcome;
    if (!in.literal(",\"outcome\":") || !in.string(outcome) || outcome != *rule.outcome)
      return false;
  }
  if (!in.literal(",\"context\":{")) return false;
  {
    static const char *const keys[] = {"\"actor\":", "\"actor_type\":", "\"session\":",
                                       "\"source_address\":", "\"request_id\":"};
    bool has[5] = {};
    std::size_t next = 0;
    while (!in.literal("}")) {
      if (next > 0 && !in.literal(",")) return false;
      std::size_t k = next;
      while (k < 5 && !in.literal(keys[k])) ++k;
      if (k == 5 || !in.string(v) || v.empty()) return false;
      if (k == 1 && v != "user" && v != "service") return false;
      if (k == 3 && !::trailguard::detail::is_ip_address(v)) return false;
      has[k] = true;
      next = k + 1;
    }
    if (has[0] != has[1]) return false;
    if ((rule.need_actor && !has[0]) || (rule.need_session && !has[2]) ||
        (rule.need_source && !has[3]) || (rule.need_request && !has[4]))
      return false;
  }
  if (!in.literal(",\"fields\":{")) return false;
  {
    std::size_t next = 0, required_seen = 0, required = 0;
    for (const field_rule &f : rule.fields) required += f.required;
    bool first = true;
    while (!in.literal("}")) {
      if (!first && !in.literal(",")) return false;
      first = false;
      std::string_view name;
      if (!in.string(name) || !in.literal(":")) return false;
      std::size_t k = next;
      while (k < rule.fields.size() && rule.fields[k].name != name) ++k;
      if (k == rule.fields.size()) return false;
      const field_rule &f = rule.fields[k];
      next = k + 1;
      required_seen += f.required;
      if (in.peek('{') ? !canonical_marker(f, in) : !canonical_value(f, in)) return false;
    }
    if (required_seen != required) return false;
  }
  const std::size_t body_to = in.at();
  if (!in.literal("}") || !in.done()) return false;
  body.assign(line.substr(body_from, body_to - body_from));
  return true;
}

verdict validator::check(std::string_view line, std::size_t max_line_bytes,
                         std::string &body) const {
  body.clear();
  if (line.size() <= max_line_bytes && impl_->canonical(line, body)) return {};
  return check_slow(line, max_line_bytes, body);
}

verdict validator::check_slow(std::string_view line, std::size_t max_line_bytes,
                              std::string &body) const {
  body.clear();
  if (line.size() > max_line_bytes)
    return refuse("too_long", "too long (" + std::to_string(line.size()) + " bytes, the limit is " +
                                  std::to_string(max_line_bytes) + ")");

  // The line is the object's bytes and nothing else. The parser takes a NUL
  // for the end of its input and skips whitespace around the object, so
  // "{...}\0anything" or "{...}\r" would be answered "ok" for bytes that
  // are not in the trail.
  if (line.find('\0') != std::string_view::npos)
    return refuse("malformed", "malformed (a NUL byte in the line)");
  if (!line.empty() && line.back() == '\r')
    return refuse("malformed", "malformed (a CR before the newline: end each line with \\n alone)");

  // nlohmann keeps the last of two equal keys; a sender could hide a value
  // from a reader that keeps the first. Such a line is refused outright.
  bool duplicate = false;
  std::vector<std::set<std::string>> open_objects;
  json::parser_callback_t watch = [&](int, json::parse_event_t event, json &parsed) {
    if (event == json::parse_event_t::object_start) {
      open_objects.emplace_back();
    } else if (event == json::parse_event_t::object_end) {
      if (!open_objects.empty()) open_objects.pop_back();
    } else if (event == json::parse_event_t::key && !open_objects.empty()) {
      if (!open_objects.back().insert(parsed.get<std::string>()).second) duplicate = true;
    }
    return true;
  };
  json doc;
  try {
    doc = json::parse(line.begin(), line.end(), watch, /*allow_exceptions=*/true,
                      /*ignore_comments=*/false);
  } catch (const json::exception &) {
    return refuse("malformed", "malformed (not one JSON object in UTF-8)");
  }
  if (!doc.is_object()) return refuse("malformed", "malformed (not a JSON object)");
  if (line.front() != '{' || line.back() != '}')  // whitespace the parser skipped
    return refuse("malformed", "malformed (bytes before or after the JSON object)");
  if (doc.contains("origin"))
    return refuse("forged_origin", "forged origin (the collector adds \"origin\" itself)");
  if (duplicate) return refuse("duplicate_key", "duplicate key");

  auto ev = doc.find("event");
  if (ev == doc.end() || !ev->is_string()) return refuse("bad_key", "missing key event");
  auto rule_it = impl_->events.find(ev->get_ref<const std::string &>());
  if (rule_it == impl_->events.end())
    return refuse("unknown_event", "unknown event " + shown_name(ev->get<std::string>()));
  const event_rule &rule = rule_it->second;

  std::vector<const char *> expected = {"seq", "time", "service", "event", "version", "schema"};
  if (rule.outcome) expected.push_back("outcome");
  expected.push_back("context");
  expected.push_back("fields");
  {
    std::size_t i = 0;
    for (auto it = doc.begin(); it != doc.end(); ++it, ++i) {
      const bool known = std::find_if(expected.begin(), expected.end(), [&](const char *k) {
                           return it.key() == k;
                         }) != expected.end();
      if (!known) return refuse("bad_key", "unexpected key " + shown_name(it.key()));
      if (i >= expected.size() || it.key() != expected[i])
        return refuse("bad_key", "keys out of order (expected " + std::string(expected[i]) + ")");
    }
    if (i != expected.size()) return refuse("bad_key", "missing key " + std::string(expected[i]));
  }

  const json &seq = doc["seq"];
  if (!seq.is_number_unsigned()) return refuse("bad_seq", "invalid seq (not a whole number)");

  std::chrono::system_clock::time_point when;
  const json &time = doc["time"];
  if (!time.is_string() || !parse_timestamp(time.get_ref<const std::string &>(), when))
    return refuse("bad_time", "invalid time (the form is 2026-11-27T03:37:37.123456Z)");

  const json &service = doc["service"];
  if (!service.is_string() || service.get_ref<const std::string &>() != rule.service)
    return refuse("bad_service", "invalid service (event " + rule.name + " belongs to service " +
                                     rule.service + ")");

  const json &version = doc["version"];
  unsigned major = 0, minor = 0;
  {
    bool ok = version.is_string();
    if (ok) {
      const std::string &v = version.get_ref<const std::string &>();
      const std::size_t dot = v.find('.');
      auto digits = [](const std::string &s, unsigned &out) {
        if (s.empty() || s.size() > 6 || (s.size() > 1 && s[0] == '0')) return false;
        out = 0;
        for (char c : s) {
          if (c < '0' || c > '9') return false;
          out = out * 10 + static_cast<unsigned>(c - '0');
        }
        return true;
      };
      ok = dot != std::string::npos && digits(v.substr(0, dot), major) &&
           digits(v.substr(dot + 1), minor);
    }
    if (!ok) return refuse("bad_version", "invalid version (the form is MAJOR.MINOR)");
    if (major != rule.major || minor > rule.minor)
      return refuse("bad_version", "unsupported version (the collector's schema has " + rule.name +
                                       " " + std::to_string(rule.major) + "." +
                                       std::to_string(rule.minor) + ")");
  }

  const json &hash = doc["schema"];
  if (!hash.is_string() || hash.get_ref<const std::string &>().empty() ||
      hash.get_ref<const std::string &>().size() > 64 ||
      !is_lower_hex(hash.get_ref<const std::string &>()))
    return refuse("bad_schema", "invalid schema (a schema hash is lowercase hex)");

  if (rule.outcome) {
    const json &o = doc["outcome"];
    if (!o.is_string() || o.get_ref<const std::string &>() != *rule.outcome)
      return refuse("bad_outcome", "invalid outcome (event " + rule.name + " has outcome " +
                                       *rule.outcome + ")");
  }

  body += "\"time\":";
  if (!::trailguard::detail::append_timestamp(body, when)) return refuse("bad_time", "invalid time");
  body += ",\"service\":";
  ::trailguard::detail::append_string(body, rule.service);
  body += ",\"event\":";
  ::trailguard::detail::append_string(body, rule.name);
  body += ",\"version\":\"";
  ::trailguard::detail::append_uint(body, major);
  body.push_back('.');
  ::trailguard::detail::append_uint(body, minor);
  body += "\",\"schema\":\"";
  body += hash.get_ref<const std::string &>();
  body.push_back('"');
  if (rule.outcome) {
    body += ",\"outcome\":";
    ::trailguard::detail::append_string(body, *rule.outcome);
  }

  // The context's keys in the encoder's order; actor_type follows actor.
  const json &ctx = doc["context"];
  if (!ctx.is_object()) return refuse("bad_context", "invalid context (not an object)");
  {
    static const char *const order[] = {"actor", "actor_type", "session", "source_address",
                                        "request_id"};
    std::size_t next = 0;
    bool has[5] = {};
    body += ",\"context\":{";
    bool first = true;
    for (auto it = ctx.begin(); it != ctx.end(); ++it) {
      std::size_t k = next;
      while (k < 5 && it.key() != order[k]) ++k;
      if (k == 5) {
        const bool known = std::find_if(std::begin(order), std::end(order), [&](const char *o) {
                             return it.key() == o;
                           }) != std::end(order);
        return refuse("bad_context", known ? "invalid context (keys out of order)"
                                           : "invalid context (unexpected key " +
                                                 shown_name(it.key()) + ")");
      }
      next = k + 1;
      has[k] = true;
      const json &v = it.value();
      if (!v.is_string() || v.get_ref<const std::string &>().empty())
        return refuse("bad_context", std::string("invalid context ") + order[k] +
                                         " (not a non-empty string)");
      const std::string &s = v.get_ref<const std::string &>();
      if (k == 1 && s != "user" && s != "service")
        return refuse("bad_context", "invalid context actor_type (user or service)");
      if (k == 3 && !::trailguard::detail::is_ip_address(s))
        return refuse("bad_context", "invalid context source_address (not an IP address)");
      if (!first) body.push_back(',');
      first = false;
      body.push_back('"');
      body += order[k];
      body += "\":";
      ::trailguard::detail::append_string(body, s);
    }
    if (has[0] != has[1])
      return refuse("bad_context", "invalid context (actor and actor_type go together)");
    const bool need[5] = {rule.need_actor, false, rule.need_session, rule.need_source,
                          rule.need_request};
    for (std::size_t k = 0; k < 5; ++k)
      if (need[k] && !has[k])
        return refuse("bad_context", std::string("missing context ") + order[k]);
    body.push_back('}');
  }

  const json &fields = doc["fields"];
  if (!fields.is_object()) return refuse("invalid_field", "invalid fields (not an object)");
  body += ",\"fields\":{";
  {
    std::size_t next = 0;
    bool first = true;
    std::vector<bool> seen(rule.fields.size(), false);
    for (auto it = fields.begin(); it != fields.end(); ++it) {
      std::size_t k = next;
      while (k < rule.fields.size() && rule.fields[k].name != it.key()) ++k;
      if (k == rule.fields.size()) {
        const bool known = std::any_of(rule.fields.begin(), rule.fields.end(),
                                       [&](const field_rule &f) { return f.name == it.key(); });
        if (known)
          return refuse("invalid_field", "invalid field " + it.key() + " (out of schema order)");
        return refuse("unknown_field", "unknown field " + shown_name(it.key()));
      }
      next = k + 1;
      seen[k] = true;
      const field_rule &f = rule.fields[k];
      if (!first) body.push_back(',');
      first = false;
      body.push_back('"');
      body += f.name;
      body += "\":";
      if (it.value().is_object()) {
        if (!encode_marker(f, it.value(), body))
          return refuse("invalid_field", "invalid field " + f.name + " (not a redaction marker "
                                         "of its tier)");
        continue;
      }
      const std::string problem = encode_value(f, it.value(), body);
      if (!problem.empty())
        return refuse("invalid_field", "invalid field " + f.name + " (" + problem + ")");
    }
    for (std::size_t k = 0; k < rule.fields.size(); ++k)
      if (rule.fields[k].required && !seen[k])
        return refuse("missing_field", "missing field " + rule.fields[k].name);
  }
  body.push_back('}');
  return {};
}

}  // namespace collector
}  // namespace trailguard
