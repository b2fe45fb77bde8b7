// libFuzzer target for the JSON Lines encoder: for arbitrary field bytes the
// record is exactly one line, nlohmann::json parses it, valid UTF-8 comes
// back byte for byte, and no dangerous code point appears raw.
#include <shop.hpp>
#include <trailguard/detail/encode.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using Login = shop::audit::AuthnLoginSuccess;

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

[[noreturn]] void fail(const char *why) {
  std::fprintf(stderr, "encoder property broken: %s\n", why);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using namespace trailguard;
  const std::string value(reinterpret_cast<const char *>(data), size);
  Login event("alice", Login::Method::totp);
  event.session_token = value;
  if (value.size() <= Login::scopes_max_length) event.scopes = std::vector<std::string>{value};
  const context ctx{value.substr(0, 16), actor_type::user, value, "", "r"};

  detail::buffer line, scratch;
  line += "{";
  const detail::encode_result r = detail::encode_body(
      line, scratch, event, ctx, std::chrono::system_clock::time_point(), detail::field_policy{});
  if (r.status == detail::encode_status::missing_context) return 0;  // an empty actor
  if (r.status != detail::encode_status::ok) fail("a valid event was refused");
  line += "}";

  const std::string_view text = line.view();
  if (text.find('\n') != std::string_view::npos || text.find('\r') != std::string_view::npos)
    fail("a raw line break");
  std::u32string decoded;
  if (!decode(text, decoded)) fail("the line is not valid UTF-8");
  for (char32_t cp : decoded)
    if (cp != '"' && cp != '\\' && detail::is_escaped_code_point(cp)) fail("a dangerous code point raw");

  const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) fail("nlohmann::json cannot parse the line");
  if (j.size() != 8 || j["fields"].size() != (event.scopes ? 4u : 3u)) fail("keys were added or lost");
  std::u32string original;
  if (decode(value, original)) {
    if (j["fields"]["session_token"] != value) fail("valid UTF-8 did not round-trip");
    if (j["context"]["session"] != value) fail("valid UTF-8 did not round-trip in the context");
  }
  return 0;
}
