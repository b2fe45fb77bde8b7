// Tamper-evident trails: the keys, the sealer that chains and MACs each line
// with a key that ratchets forward at every checkpoint, and Ed25519-signed
// checkpoints a third party can check without the secret (docs/runtime.md,
// "The trail").
#ifndef TRAILGUARD_TRAIL_HPP
#define TRAILGUARD_TRAIL_HPP

#include <trailguard/audit.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

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
  // The writer's state (current epoch key, next sequence number, chain
  // head), replaced atomically at every checkpoint and read back on open.
  std::string state_file;
  // Ed25519 private key (PEM) that signs checkpoints.
  std::string signing_key_file;
  // The file the sealed lines go to (the file sink's path). When set, a
  // sealer opened after a crash takes over the lines sealed since the last
  // checkpoint that verify, and continues after them: no sequence number
  // is sealed twice. Without it, sealing resumes from the last checkpoint.
  std::string resume_file;
  // A checkpoint (and a key ratchet) after this many records or, at the
  // next record, once this much time has passed; and when the trail closes.
  std::uint64_t checkpoint_every = 1000;
  std::chrono::seconds checkpoint_interval{60};
  // Written into checkpoints; open_trail_sealer() refuses one that
  // invalid_service_name() refuses (trail_errc::bad_service).
  std::string service;
  // Checkpoint times and the interval's clock; tests fix it.
  std::function<std::chrono::system_clock::time_point()> clock;
  // Each checkpoint line once it is written: ship it off the host (a remote
  // log, a ticket) and it becomes the anchor `trailguard-verify --anchor`
  // checks the trail against (docs/runtime.md, "The trail").
  std::function<void(std::string_view line)> on_checkpoint;
  // Told when the state file cannot be replaced after a checkpoint; the
  // sealer retries at every later write. Never silent: without a handler
  // the message goes to stderr.
  std::function<void(const std::string &message)> error_handler;
};

enum class trail_errc {
  keys_exist = 1,   // create_trail_keys: a key or state file is already there
  bad_permissions,  // a secret file is readable or writable by group or others
  bad_state,        // the state file is not one the sealer wrote
  bad_signing_key,  // not a PEM Ed25519 private key
  crypto_failed,    // OpenSSL could not generate keys or randomness
  bad_service,      // trail_options::service is not printable UTF-8 (invalid_service_name())
};
const std::error_category &trail_category() noexcept;
inline std::error_code make_error_code(trail_errc e) noexcept {
  return {static_cast<int>(e), trail_category()};
}

// Creates the keys of a new trail in `dir` (which must exist): `mac.key`
// (K_0, hex, 0600: the verifier's secret; move it off the host), `state.json`
// (the writer's state, epoch 0, 0600), `signing.pem` (0600) and
// `signing.pub.pem` (Ed25519). Fails, touching nothing, if any exists.
// `detail`, when given, gets the file at fault.
std::error_code create_trail_keys(const std::string &dir, std::string *detail = nullptr);

// Opens (or resumes) the sealer of a trail whose keys create_trail_keys()
// made; the state's key is the current epoch's, earlier ones are gone. The
// sealer is called under one sink's lock: give each trail its own.
// `detail`, when given, gets the file at fault, or for bad_service what is
// wrong with the name.
std::shared_ptr<sealer> open_trail_sealer(const trail_options &options, std::error_code &error,
                                          std::string *detail = nullptr);

}  // namespace trailguard

namespace std {
template <> struct is_error_code_enum<trailguard::trail_errc> : true_type {};
}  // namespace std

#endif  // TRAILGUARD_TRAIL_HPP
