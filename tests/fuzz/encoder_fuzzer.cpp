// libFuzzer target for the JSON Lines encoder: the input chooses an event
// (every field type, optional fields set or not, enum values in and out of
// range), its context and the sink's tier and redaction. An event that is
// encoded is exactly one line that nlohmann::json parses, with every field
// present, redacted or as given (valid UTF-8 back byte for byte) and no
// dangerous code point raw; an event that is refused is refused for a
// reason it really has.
#include <kinds.hpp>
#include <shop.hpp>
#include <trailguard/detail/encode.hpp>

#include <fuzzer/FuzzedDataProvider.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

namespace {

using namespace trailguard;
using Kinds = kinds::audit::KindsEveryType;
using WithContext = kinds::audit::KindsWithContext;
using Login = shop::audit::AuthnLoginSuccess;
using Fail = shop::audit::AuthzFail;
using json = nlohmann::json;

// Decodes strictly; false when \p s is not valid UTF-8. Independent of the
// encoder's own decoder on purpose.
bool decode(std::string_view s, std::u32string &out) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : -1;
    if (n < 0 || (n > 0 && i + static_cast<std::size_t>(n) >= s.size())) return false;
    char32_t cp = n == 0 ? c : (c & (0x7f >> (n + 1)));
    for (int k = 1; k <= n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    const char32_t min[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    out.push_back(cp);
    i += static_cast<std::size_t>(n) + 1;
  }
  return true;
}
bool valid_utf8(std::string_view s) {
  std::u32string ignored;
  return decode(s, ignored);
}

[[noreturn]] void fail(const char *why, std::string_view detail = {}) {
  std::fprintf(stderr, "encoder property broken: %s %.*s\n", why, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// How many members each enum has, written down here rather than asked of
// the generated code under test.
std::size_t members(Kinds::Level) { return 3; }
std::size_t members(Kinds::Mode) { return 2; }
std::size_t members(Kinds::Grade) { return 4; }
std::size_t members(WithContext::Level) { return 2; }
std::size_t members(Login::Method) { return 3; }

// A keyed hash stand-in for the runtime's HMAC tokenizer: the encoder only
// needs the 32 bytes to depend on the value.
class test_tokenizer final : public detail::tokenizer {
 public:
  void token(std::string_view value, unsigned char (&out)[size]) const override {
    std::uint64_t h = 1469598103934665603ull;
    for (std::size_t i = 0; i < size; ++i) {
      for (unsigned char c : value) h = (h ^ c) * 1099511628211ull;
      out[i] = static_cast<unsigned char>(h >> 56);
      h = (h ^ i) * 1099511628211ull;
    }
  }
};

std::string text(FuzzedDataProvider &in) { return in.ConsumeRandomLengthString(80); }

template <typename E> E enum_value(FuzzedDataProvider &in) {
  // Mostly members; out of range often enough to matter.
  const auto raw = in.ConsumeIntegral<unsigned char>();
  return static_cast<E>(raw < 200 ? raw % (members(E{}) + 1) : raw);
}

double any_double(FuzzedDataProvider &in) {
  if (in.ConsumeBool()) return static_cast<double>(in.ConsumeIntegralInRange<int>(-100000, 100000)) / 100;
  const std::uint64_t bits = in.ConsumeIntegral<std::uint64_t>();
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;  // NaN and infinities included
}

std::chrono::system_clock::time_point any_time(FuzzedDataProvider &in) {
  // The clock's whole range (libstdc++: nanoseconds, years 1677..2262).
  using std::chrono::system_clock;
  return system_clock::time_point(system_clock::duration(in.ConsumeIntegral<std::int64_t>()));
}

template <typename T, typename Make> void maybe(FuzzedDataProvider &in, std::optional<T> &field, Make make) {
  if (in.ConsumeBool()) field = make();
}

std::vector<std::string> list(FuzzedDataProvider &in) {
  std::vector<std::string> items(in.ConsumeIntegralInRange<std::size_t>(0, 4));
  for (auto &item : items) item = in.ConsumeRandomLengthString(20);
  return items;
}

// What the encoder must have done with each field, checked against the
// parsed line; and what, independently, makes the event invalid.
struct field_checker {
  const json &fields;
  const detail::field_policy &policy;
  bool encoded;
  std::size_t present = 0;
  bool bad_enum = false;
  bool bad_double = false;

  template <std::size_t N, typename T> void operator()(const char (&name)[N], const T &value, tier t) {
    if constexpr (detail::is_optional<T>::value) {
      if (value) (*this)(name, *value, t);
      return;
    } else {
      if constexpr (std::is_enum_v<T>)
        if (static_cast<std::size_t>(value) >= members(value)) bad_enum = true;
      if constexpr (std::is_floating_point_v<T>)
        if (!std::isfinite(value)) bad_double = true;
      ++present;
      if (!encoded) return;
      const char *key = name;
      if (!fields.contains(key)) fail("a field that is set is missing:", name);
      const json &got = fields.at(key);
      if (t > policy.max_tier) {
        if (!got.is_object() || !got.contains("redacted") || got.at("redacted") != to_string(t))
          fail("a field above the sink's tier is not a redaction marker:", name);
        const bool has_token = got.contains("hmac");
        if (has_token != (policy.tokens != nullptr) || got.size() != (has_token ? 2u : 1u))
          fail("a redaction marker has the wrong keys:", name);
        if (has_token && (!got.at("hmac").is_string() ||
                          got.at("hmac").get_ref<const std::string &>().size() != 64))
          fail("a bad token:", name);
        return;
      }
      expect(name, got, value);
    }
  }

  template <typename T> void expect(const char *name, const json &got, const T &value) {
    if constexpr (std::is_same_v<T, std::string>) {
      if (!got.is_string()) fail("a string field is not a string:", name);
      if (valid_utf8(value) && got.get<std::string>() != value) fail("valid UTF-8 did not round-trip:", name);
    } else if constexpr (std::is_enum_v<T>) {
      if (!got.is_string() || got.get<std::string>() != trailguard_enum_name(value))
        fail("an enum is not its member's name:", name);
    } else if constexpr (std::is_same_v<T, bool>) {
      if (got != value) fail("a bool changed:", name);
    } else if constexpr (std::is_integral_v<T>) {
      if (got.get<T>() != value || !got.is_number_integer()) fail("an integer changed:", name);
    } else if constexpr (std::is_floating_point_v<T>) {
      if (!got.is_number() || got.get<double>() != value) fail("a double did not read back exactly:", name);
    } else if constexpr (std::is_same_v<T, std::chrono::nanoseconds>) {
      if (got.get<std::int64_t>() != value.count()) fail("a duration changed:", name);
    } else if constexpr (std::is_same_v<T, std::chrono::system_clock::time_point>) {
      if (!got.is_string() || got.get<std::string>().size() != 27) fail("a time is not RFC 3339:", name);
    } else {
      if (!got.is_array() || got.size() != value.size()) fail("a list changed length:", name);
      for (std::size_t i = 0; i < value.size(); ++i)
        if (valid_utf8(value[i]) && got[i] != value[i]) fail("a list item did not round-trip:", name);
    }
  }
};

template <typename Event>
void check(const Event &event, const context &ctx, std::chrono::system_clock::time_point now,
           const detail::field_policy &policy) {
  detail::buffer line, scratch;
  line += "{";
  const detail::encode_result r = detail::encode_body(line, scratch, event, ctx, now, policy);

  const json none = json::object();
  field_checker before{none, policy, false};
  event.visit(before);
  if (before.bad_enum && r.status == detail::encode_status::ok) fail("an enum value that is no member was encoded");
  if (before.bad_double && r.status == detail::encode_status::ok) fail("a non-finite double was encoded");
  constexpr context_fields required = Event::required_context;
  switch (r.status) {
    case detail::encode_status::ok: break;
    case detail::encode_status::invalid_field:
    case detail::encode_status::unencodable:
      if (!r.what) fail("a refusal names no field");
      return;
    case detail::encode_status::missing_context: {
      const std::string_view what = r.what ? r.what : "";
      const bool real = (what == "actor" && required.actor && ctx.actor.empty()) ||
                        (what == "session" && required.session && ctx.session.empty()) ||
                        (what == "source_address" && required.source_address && ctx.source_address.empty()) ||
                        (what == "request_id" && required.request_id && ctx.request_id.empty());
      if (!real) fail("missing context that is not missing:", what);
      return;
    }
    case detail::encode_status::invalid_context:
      if (ctx.source_address.empty() || detail::is_ip_address(ctx.source_address))
        fail("a valid source address was refused");
      return;
  }
  if (before.bad_enum || before.bad_double) fail("an invalid event was encoded");
  line += "}";

  const std::string_view text = line.view();
  if (text.find('\n') != std::string_view::npos || text.find('\r') != std::string_view::npos)
    fail("a raw line break");
  std::u32string decoded;
  if (!decode(text, decoded)) fail("the line is not valid UTF-8");
  for (char32_t cp : decoded)
    if (cp != '"' && cp != '\\' && detail::is_escaped_code_point(cp)) fail("a dangerous code point raw");

  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) fail("nlohmann::json cannot parse the line");
  if (!j.contains("fields") || !j["fields"].is_object()) fail("no fields object");
  const json &context = j["context"];
  const auto same = [&](const char *key, const std::string &value) {
    if (value.empty()) {
      if (context.contains(key)) fail("an empty context field is present:", key);
    } else if (!context.contains(key) || (valid_utf8(value) && context[key] != value)) {
      fail("a context field did not round-trip:", key);
    }
  };
  same("actor", ctx.actor);
  same("session", ctx.session);
  same("source_address", ctx.source_address);
  same("request_id", ctx.request_id);
  if (j["event"] != Event::event_name || j["service"] != Event::service_name) fail("the header changed");
  field_checker after{j["fields"], policy, true};
  event.visit(after);
  if (j["fields"].size() != after.present) fail("fields were added or lost");
}

context any_context(FuzzedDataProvider &in) {
  context ctx;
  ctx.actor = in.ConsumeBool() ? text(in) : "";
  ctx.actor_kind = in.ConsumeBool() ? actor_type::service : actor_type::user;
  ctx.session = in.ConsumeBool() ? text(in) : "";
  switch (in.ConsumeIntegralInRange<int>(0, 3)) {
    case 0: break;
    case 1: ctx.source_address = "203.0.113.9"; break;
    case 2: ctx.source_address = "2001:db8::1"; break;
    default: ctx.source_address = text(in);
  }
  ctx.request_id = in.ConsumeBool() ? text(in) : "";
  return ctx;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  static const test_tokenizer tokens;
  detail::field_policy policy;
  policy.max_tier = static_cast<tier>(in.ConsumeIntegralInRange<int>(0, 2));
  if (in.ConsumeBool()) policy.tokens = &tokens;
  const auto now = in.ConsumeBool() ? std::chrono::system_clock::time_point() : any_time(in);
  const context ctx = any_context(in);

  switch (in.ConsumeIntegralInRange<int>(0, 3)) {
    case 0: {
      Kinds e(enum_value<Kinds::Level>(in), text(in));
      maybe(in, e.mode, [&] { return enum_value<Kinds::Mode>(in); });
      maybe(in, e.grade, [&] { return enum_value<Kinds::Grade>(in); });
      maybe(in, e.note, [&] { return text(in); });
      maybe(in, e.flag, [&] { return in.ConsumeBool(); });
      maybe(in, e.count, [&] { return in.ConsumeIntegral<std::int64_t>(); });
      maybe(in, e.total, [&] { return in.ConsumeIntegral<std::uint64_t>(); });
      maybe(in, e.ratio, [&] { return any_double(in); });
      maybe(in, e.at, [&] { return any_time(in); });
      maybe(in, e.took, [&] { return std::chrono::nanoseconds(in.ConsumeIntegral<std::int64_t>()); });
      maybe(in, e.peer, [&] { return in.ConsumeBool() ? std::string("10.0.0.1") : text(in); });
      maybe(in, e.tags, [&] { return list(in); });
      maybe(in, e.code, [&] { return in.ConsumeBool() ? std::string("AB12") : text(in); });
      check(e, ctx, now, policy);
      break;
    }
    case 1: {
      WithContext e(enum_value<WithContext::Level>(in));
      check(e, ctx, now, policy);
      break;
    }
    case 2: {
      Login e(text(in), enum_value<Login::Method>(in));
      maybe(in, e.attempts, [&] { return in.ConsumeIntegral<std::int64_t>(); });
      maybe(in, e.session_token, [&] { return text(in); });
      maybe(in, e.scopes, [&] { return list(in); });
      check(e, ctx, now, policy);
      break;
    }
    default: {
      Fail e(in.ConsumeBool() ? std::string("/orders") : text(in), any_time(in));
      maybe(in, e.took, [&] { return std::chrono::nanoseconds(in.ConsumeIntegral<std::int64_t>()); });
      maybe(in, e.client_ip, [&] { return in.ConsumeBool() ? std::string("::1") : text(in); });
      maybe(in, e.score, [&] { return any_double(in); });
      maybe(in, e.bytes, [&] { return in.ConsumeIntegral<std::uint64_t>(); });
      check(e, ctx, now, policy);
      break;
    }
  }
  return 0;
}
