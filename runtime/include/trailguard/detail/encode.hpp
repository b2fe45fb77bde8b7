// Encodes one generated event as the body of a JSON Lines record, walking
// the event's visit() so that keys come only from the schema and the
// context, in a fixed order (docs/schema.md, "The encoded line").
#ifndef TRAILGUARD_DETAIL_ENCODE_HPP
#define TRAILGUARD_DETAIL_ENCODE_HPP

#include <trailguard/context.hpp>
#include <trailguard/detail/json.hpp>
#include <trailguard/event.hpp>
#include <trailguard/tier.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace trailguard {
namespace detail {

// Turns the encoded value of a withheld field into a keyed-hash token; the
// runtime implements it with HMAC-SHA-256 under a key only it holds.
class tokenizer {
 public:
  static constexpr std::size_t size = 32;
  virtual ~tokenizer() = default;
  virtual void token(std::string_view encoded_value, unsigned char (&out)[size]) const = 0;
};

// What one sink keeps: fields above max_tier become redaction markers, with
// a token when the sink has a tokenizer.
struct field_policy {
  tier max_tier = tier::sensitive;
  const tokenizer *tokens = nullptr;
};

enum class encode_status : unsigned char {
  ok,
  invalid_field,     // breaks a schema limit (invalid_field())
  unencodable,       // a value JSON cannot carry: NaN, a time outside 0000-9999,
                     // an enum value that names no member
  missing_context,   // the event requires a context field that is empty
  invalid_context,   // the context's source address is not an IP address
};

struct encode_result {
  encode_status status = encode_status::ok;
  const char *what = nullptr;  // the field or context field at fault
};

template <typename T> struct is_optional : std::false_type {};
template <typename T> struct is_optional<std::optional<T>> : std::true_type {};

// Appends a value of any type a generated field can have; false when JSON
// cannot carry it.
template <typename T> TRAILGUARD_DETAIL_INLINE bool append_value(buffer &out, const T &value) {
  if constexpr (std::is_same_v<T, std::string>) {
    append_string(out, value);
    return true;
  } else if constexpr (std::is_same_v<T, bool>) {
    if (value)
      out.append("true", 4);
    else
      out.append("false", 5);
    return true;
  } else if constexpr (std::is_enum_v<T>) {
    // Generated, found by ADL; empty for a value that is no member
    // (static_cast from a number), which has no name to write.
    const std::string_view name = trailguard_enum_name(value);
    if (name.empty()) return false;
    append_string(out, name);
    return true;
  } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    append_int(out, value);
    return true;
  } else if constexpr (std::is_integral_v<T>) {
    append_uint(out, value);
    return true;
  } else if constexpr (std::is_floating_point_v<T>) {
    return append_double(out, static_cast<double>(value));
  } else if constexpr (std::is_same_v<T, std::chrono::system_clock::time_point>) {
    return append_timestamp(out, value);
  } else if constexpr (std::is_same_v<T, std::chrono::nanoseconds>) {
    append_int(out, value.count());
    return true;
  } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    out.push_back('[');
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i) out.push_back(',');
      append_string(out, value[i]);
    }
    out.push_back(']');
    return true;
  } else {
    static_assert(sizeof(T) == 0, "a field type trailguard-gen does not generate");
    return false;
  }
}

class field_writer {
 public:
  field_writer(buffer &out, buffer &scratch, const field_policy &policy)
      : out_(out), scratch_(scratch), policy_(policy) {}

  // Generated code passes the name as a string literal: its length is known
  // at compile time and the key is one copy.
  template <std::size_t N, typename T>
  TRAILGUARD_DETAIL_INLINE void operator()(const char (&name)[N], const T &value, tier t) {
    if (result_.status != encode_status::ok) return;
    if constexpr (is_optional<T>::value) {
      if (value) (*this)(name, *value, t);  // an unset field is absent, never null
    } else {
      // `{"name":` for the first field, `,"name":` after: one capacity
      // check, and the name's length is a constant.
      char *key = out_.room(N + 3);
      key[0] = first_ ? '{' : ',';
      key[1] = '"';
      std::memcpy(key + 2, name, N - 1);  // a schema identifier: nothing to escape
      key[N + 1] = '"';
      key[N + 2] = ':';
      out_.advance(N + 3);
      first_ = false;
      if (t > policy_.max_tier) {
        redact(value, t, name);
      } else if (!append_value(out_, value)) {
        result_ = {encode_status::unencodable, name};
      }
    }
  }

  encode_result result() const noexcept { return result_; }
  // Whether no field was written (the caller then opens the object).
  bool none() const noexcept { return first_; }

 private:
  template <typename T> void redact(const T &value, tier t, const char *name) {
    out_ += "{\"redacted\":\"";
    out_ += std::string_view(to_string(t));
    out_.push_back('"');
    if (policy_.tokens) {
      // The token is over the value's canonical encoding, so the same value
      // gives the same token in every field and every line of the sink.
      scratch_.clear();
      if (!append_value(scratch_, value)) {
        result_ = {encode_status::unencodable, name};
        return;
      }
      unsigned char token[tokenizer::size];
      policy_.tokens->token(scratch_.view(), token);
      out_ += ",\"hmac\":\"";
      append_hex(out_, token, sizeof token);
      out_.push_back('"');
    }
    out_.push_back('}');
  }

  buffer &out_;
  buffer &scratch_;
  const field_policy &policy_;
  bool first_ = true;
  encode_result result_;
};

template <typename E, typename = void> struct has_outcome : std::false_type {};
template <typename E>
struct has_outcome<E, std::void_t<decltype(E::outcome)>> : std::true_type {};

// is_ip_address() of the request's source address. The same context goes
// with every event of a request, so a thread remembers the last address it
// found valid.
inline bool valid_source_address(std::string_view address) noexcept {
  static thread_local char last[48];
  static thread_local std::size_t last_size = 0;
  if (address.size() == last_size && std::memcmp(address.data(), last, last_size) == 0) return true;
  if (!is_ip_address(address)) return false;
  if (address.size() <= sizeof last) {
    std::memcpy(last, address.data(), address.size());
    last_size = address.size();
  }
  return true;
}

// `,"service":...,"event":...,"version":...,"schema":...[,"outcome":...]`:
// the same for every instance of an event type, so built once, and never
// destroyed: an event emitted from a static destructor still finds it.
template <typename Event> std::string_view event_header() {
  static const std::string *const text = new std::string([] {
    std::string h = ",\"service\":";
    append_string(h, Event::service_name);
    h += ",\"event\":";
    append_string(h, Event::event_name);
    h += ",\"version\":\"";
    append_uint(h, Event::version_major);
    h += '.';
    append_uint(h, Event::version_minor);
    h += "\",\"schema\":\"";
    h += Event::schema_hash;
    h += '"';
    if constexpr (has_outcome<Event>::value) {
      h += ",\"outcome\":";
      append_string(h, Event::outcome);
    }
    return h;
  }());
  return *text;
}

// One context member after `"context":{` at `opened`; `first_key` is
// `,"name":`, the comma only after another member.
TRAILGUARD_DETAIL_INLINE void append_context_part(buffer &out, std::size_t opened,
                                                  std::string_view first_key,
                                                  const std::string &value) {
  if (value.empty()) return;
  if (out.size() == opened) first_key.remove_prefix(1);
  out += first_key;
  append_string(out, value);
}

// Appends `"time":...,"fields":{...}`: the record without its sequence
// number and chain, which the sink adds. On failure `out` holds garbage the
// caller discards.
template <typename Event>
encode_result encode_body(buffer &out, buffer &scratch, const Event &event,
                          const context &ctx, std::chrono::system_clock::time_point now,
                          const field_policy &policy) {
  if (const char *field = event.invalid_field()) return {encode_status::invalid_field, field};
  constexpr context_fields required = Event::required_context;
  if (required.actor && ctx.actor.empty()) return {encode_status::missing_context, "actor"};
  if (required.session && ctx.session.empty()) return {encode_status::missing_context, "session"};
  if (required.source_address && ctx.source_address.empty())
    return {encode_status::missing_context, "source_address"};
  if (required.request_id && ctx.request_id.empty())
    return {encode_status::missing_context, "request_id"};
  if (!ctx.source_address.empty() && !valid_source_address(ctx.source_address))
    return {encode_status::invalid_context, "source_address"};

  out += std::string_view("\"time\":");
  if (!append_timestamp(out, now)) return {encode_status::unencodable, "time"};
  out += event_header<Event>();
  // The keys with their punctuation, so each part is two appends.
  out += std::string_view(",\"context\":{");
  const std::size_t opened = out.size();
  if (!ctx.actor.empty()) {
    out += std::string_view("\"actor\":");
    append_string(out, ctx.actor);
    out += ctx.actor_kind == actor_type::service ? std::string_view(",\"actor_type\":\"service\"")
                                                 : std::string_view(",\"actor_type\":\"user\"");
  }
  append_context_part(out, opened, ",\"session\":", ctx.session);
  append_context_part(out, opened, ",\"source_address\":", ctx.source_address);
  append_context_part(out, opened, ",\"request_id\":", ctx.request_id);
  out += std::string_view("},\"fields\":");
  field_writer fields(out, scratch, policy);
  event.visit(fields);
  if (fields.result().status != encode_status::ok) return fields.result();
  if (fields.none()) out.push_back('{');
  out.push_back('}');
  return {};
}

}  // namespace detail
}  // namespace trailguard

#endif  // TRAILGUARD_DETAIL_ENCODE_HPP
