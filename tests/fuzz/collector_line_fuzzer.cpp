// libFuzzer target for the collector's trust boundary: whatever bytes an
// application sends, the validator refuses them or returns a body that is
// one line of JSON with no dangerous code point raw, and that body is a
// fixed point (validating the line it makes gives the same body back); and
// the validator's fast path agrees with its full parse.
#include <trailguard/collector/validator.hpp>
#include <trailguard/detail/json.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(const char *why, std::string_view line) {
  std::fprintf(stderr, "collector validator property broken: %s\n%.*s\n", why,
               static_cast<int>(line.size()), line.data());
  std::abort();
}

const trailguard::collector::validator &the_validator() {
  static const std::unique_ptr<trailguard::collector::validator> v = [] {
    std::string error;
    auto loaded = trailguard::collector::validator::load({TRAILGUARD_FUZZ_SCHEMA}, error);
    if (!loaded) {
      std::fprintf(stderr, "cannot load %s: %s\n", TRAILGUARD_FUZZ_SCHEMA, error.c_str());
      std::abort();
    }
    return loaded;
  }();
  return *v;
}

// Whether the bytes hold, raw, a code point the encoder always escapes.
bool has_raw_dangerous(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return true;
    if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9f) return true;
    if (c == 0xe2 && i + 2 < s.size()) {
      const auto b = static_cast<unsigned char>(s[i + 1]), d = static_cast<unsigned char>(s[i + 2]);
      const char32_t cp = 0x2000 | (b & 0x3f) << 6 | (d & 0x3f);
      if (trailguard::detail::is_escaped_code_point(cp)) return true;
    }
    if (c == 0xef && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xbb &&
        static_cast<unsigned char>(s[i + 2]) == 0xbf)
      return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char *>(data), size);
  std::string body;
  const auto verdict = the_validator().check(line, 1 << 16, body);
  // The fast path for lines in the encoder's own form must agree with the
  // full parse on every input: same verdict, same body.
  std::string slow_body;
  const auto slow = the_validator().check_slow(line, 1 << 16, slow_body);
  if (slow.ok != verdict.ok) fail("the fast path and the full parse disagree", line);
  if (verdict.ok && slow_body != body) fail("the fast path's body differs from the full parse's", line);
  if (!verdict.ok) {
    if (verdict.kind.empty()) fail("a refusal without a kind", line);
    if (verdict.reason.find('\n') != std::string::npos) fail("a reason with a newline", line);
    return 0;
  }
  const std::string record = "{\"seq\":1," + body + "}";
  if (record.find('\n') != std::string::npos) fail("a newline in the body", line);
  if (has_raw_dangerous(record)) fail("a dangerous code point raw in the body", line);
  const auto parsed = nlohmann::json::parse(record, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) fail("the body is not JSON", line);
  std::string again;
  if (!the_validator().check(record, 1 << 16, again).ok) fail("its own output is refused", line);
  if (again != body) fail("its own output is re-encoded differently", line);
  return 0;
}
