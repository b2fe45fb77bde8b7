// Chain values, MACs and the key ratchet over OpenSSL 3's EVP digests and
// HMAC, shared by the sealer and the verifier.
#include <trailguard/detail/chain.hpp>
#include <trailguard/detail/json.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>
#include <memory>
#include <stdexcept>

namespace trailguard {
namespace detail {
namespace {

struct md_ctx_free {
  void operator()(EVP_MD_CTX *c) const { EVP_MD_CTX_free(c); }
};

// Failures here are allocation failures inside OpenSSL; a trail cannot be
// sealed or checked without them, so they are not recoverable per line.
[[noreturn]] void crypto_failed(const char *what) {
  throw std::runtime_error(std::string("trailguard: OpenSSL failed: ") + what);
}

digest hmac(const unsigned char *key, std::size_t key_size, const unsigned char *data,
            std::size_t size) {
  digest out;
  unsigned int length = static_cast<unsigned int>(out.size());
  if (!HMAC(EVP_sha256(), key, static_cast<int>(key_size), data, size, out.data(), &length))
    crypto_failed("HMAC-SHA-256");
  return out;
}

}  // namespace

digest chain_next(const digest &previous, std::string_view record) {
  std::unique_ptr<EVP_MD_CTX, md_ctx_free> ctx(EVP_MD_CTX_new());
  digest out;
  unsigned int length = 0;
  if (!ctx || !EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) ||
      !EVP_DigestUpdate(ctx.get(), previous.data(), previous.size()) ||
      !EVP_DigestUpdate(ctx.get(), record.data(), record.size()) ||
      !EVP_DigestFinal_ex(ctx.get(), out.data(), &length))
    crypto_failed("SHA-256");
  return out;
}

digest sha256(std::string_view bytes) {
  digest out;
  unsigned int length = 0;
  if (!EVP_Digest(bytes.data(), bytes.size(), out.data(), &length, EVP_sha256(), nullptr))
    crypto_failed("SHA-256");
  return out;
}

digest chain_mac(const digest &key, const digest &chain) {
  return hmac(key.data(), key.size(), chain.data(), chain.size());
}

void ratchet(digest &key) {
  digest next = hmac(key.data(), key.size(),
                     reinterpret_cast<const unsigned char *>(ratchet_label.data()),
                     ratchet_label.size());
  key = next;
  OPENSSL_cleanse(next.data(), next.size());
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

std::string to_hex(const digest &d) {
  std::string out;
  append_hex(out, d.data(), d.size());
  return out;
}

bool from_hex(std::string_view hex, unsigned char *out, std::size_t size) {
  if (hex.size() != 2 * size) return false;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < size; ++i) {
    const int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  return true;
}

namespace {

bool is_hex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

bool split_sealed_line(std::string_view line, sealed_parts &out) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  // ,"chain":"<64>","mac":"<64>"}
  if (line.size() < seal_suffix_size + 8) return false;
  const std::size_t at = line.size() - seal_suffix_size;
  std::string_view rest = line.substr(at);
  if (rest.substr(0, chain_key.size()) != chain_key) return false;
  const std::string_view chain = rest.substr(chain_key.size(), 64);
  rest.remove_prefix(chain_key.size() + 64);
  if (rest.substr(0, mac_key.size()) != mac_key) return false;
  const std::string_view mac = rest.substr(mac_key.size(), 64);
  if (rest.substr(mac_key.size() + 64) != "\"}" || !is_hex64(chain) || !is_hex64(mac)) return false;

  constexpr std::string_view seq_key = "{\"seq\":";
  if (line.substr(0, seq_key.size()) != seq_key) return false;
  const char *digits = line.data() + seq_key.size();
  std::uint64_t seq = 0;
  const auto parsed = std::from_chars(digits, line.data() + at, seq);
  if (parsed.ec != std::errc() || parsed.ptr == digits || *parsed.ptr != ',' || seq == 0 ||
      *digits == '0')
    return false;

  // The first "event" key: the service before it is an escaped string,
  // which cannot hold a raw quote, so this is the record's own.
  const std::string_view record = line.substr(0, at);
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

bool equal(const digest &a, const digest &b) {
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace detail
}  // namespace trailguard
