// Keyed-hash tokens for redacted fields, with OpenSSL's HMAC-SHA-256.
#include <trailguard/trail.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace trailguard {

hmac_tokenizer::hmac_tokenizer(std::string_view key) : key_(key) {
  // Shorter keys make tokens guessable offline; refuse them at setup, not
  // at the first event.
  if (key_.size() < 32) throw std::invalid_argument("trailguard: token key needs at least 32 bytes");
}

hmac_tokenizer::~hmac_tokenizer() { OPENSSL_cleanse(key_.data(), key_.size()); }

void hmac_tokenizer::token(std::string_view encoded_value, unsigned char (&out)[size]) const {
  unsigned int length = size;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
       reinterpret_cast<const unsigned char *>(encoded_value.data()), encoded_value.size(), out,
       &length);
}

}  // namespace trailguard
