// Chain values, MACs and the key ratchet over OpenSSL 3's EVP digests and
// HMAC, shared by the sealer and the verifier.
#include <trailguard/detail/chain.hpp>
#include <trailguard/detail/json.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

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

bool equal(const digest &a, const digest &b) {
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace detail
}  // namespace trailguard
