// Tamper-evident trails: the keys, the sealer that chains and MACs each line
// with a key that ratchets forward at every checkpoint, and Ed25519-signed
// checkpoints a third party can check without the secret (docs/runtime.md,
// "The trail").
#ifndef TRAILGUARD_TRAIL_HPP
#define TRAILGUARD_TRAIL_HPP

#include <trailguard/audit.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <system_error>

namespace trailguard {

// HMAC-SHA-256 tokens for redaction::token, under a key of their own (never
// the trail's MAC key), so a token cannot be reversed by hashing guesses
// without the key.
class hmac_tokenizer final : public detail::tokenizer {
 public:
  // `key` is raw bytes, at least 32 of them.
  explicit hmac_tokenizer(std::string_view key);
  ~hmac_tokenizer() override;
  void token(std::string_view encoded_value, unsigned char (&out)[size]) const override;

 private:
  std::string key_;
};

struct trail_options {
  // The trail's directory: the sealer keeps its state (current epoch key,
  // sequence, chain head) in `state_file`, replaced atomically.
  std::string state_file;
  // Ed25519 private key (PEM) that signs checkpoints.
  std::string signing_key_file;
  // A checkpoint (and a key ratchet) after this many records or this much
  // time, whichever comes first, and when the trail closes.
  std::uint64_t checkpoint_every = 1000;
  std::chrono::seconds checkpoint_interval{60};
  std::string service;  // written into checkpoints
};

// Creates the keys of a new trail in `dir`: `mac.key` (the initial MAC key
// the verifier needs; move it off the host), `state.json` (the writer's
// state, epoch 0), `signing.pem` and `signing.pub.pem` (Ed25519). Fails if
// they exist.
std::error_code create_trail_keys(const std::string &dir);

// Opens (or resumes) the sealer of a trail whose keys create_trail_keys()
// made; the state's key is the current epoch's, earlier ones are gone.
std::shared_ptr<sealer> open_trail_sealer(const trail_options &options, std::error_code &error);

}  // namespace trailguard

#endif  // TRAILGUARD_TRAIL_HPP
