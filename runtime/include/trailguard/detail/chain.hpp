// The arithmetic of a sealed trail, shared by the sealer that writes it and
// the verifier that checks it, so the two cannot drift apart: chain values,
// MACs, the key ratchet and the message a checkpoint signs.
#ifndef TRAILGUARD_DETAIL_CHAIN_HPP
#define TRAILGUARD_DETAIL_CHAIN_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace trailguard {
namespace detail {

using digest = std::array<unsigned char, 32>;

// What the ratchet MACs to derive the next epoch's key.
inline constexpr std::string_view ratchet_label = "trailguard-ratchet-v1";
// The domain of a checkpoint signature, so that it can never be mistaken
// for a signature over anything else the key might sign.
inline constexpr std::string_view checkpoint_domain = "trailguard-checkpoint-v1";

inline constexpr std::string_view checkpoint_event = "trailguard.checkpoint";
inline constexpr std::string_view rotate_event = "trailguard.rotate";

// A sealed line is the record followed by exactly this suffix:
// ,"chain":"<64 hex>","mac":"<64 hex>"}\n
inline constexpr std::string_view chain_key = ",\"chain\":\"";
inline constexpr std::string_view mac_key = "\",\"mac\":\"";
inline constexpr std::size_t seal_suffix_size = chain_key.size() + 64 + mac_key.size() + 64 + 2;

// A sealed line's parts, as views into it.
struct sealed_parts {
  std::uint64_t seq = 0;
  std::string_view record;  // `{"seq":N,...` up to the seal suffix: what the chain covers
  std::string_view chain;   // 64 lowercase hex digits
  std::string_view mac;     // 64 lowercase hex digits
  std::string_view event;   // the event name, empty when the record has none
};
// Splits a sealed line (with or without its '\n') by the fixed suffix the
// sealer writes, without a JSON parse; false when it is not one.
bool split_sealed_line(std::string_view line, sealed_parts &out);

// chain_N = SHA-256(chain_{N-1} || record bytes).
digest chain_next(const digest &previous, std::string_view record);
// mac_N = HMAC-SHA-256(K_epoch, chain_N).
digest chain_mac(const digest &key, const digest &chain);
// K_{e+1} = HMAC-SHA-256(K_e, ratchet_label); `key` is overwritten in place
// and no copy of K_e is left behind.
void ratchet(digest &key);
digest sha256(std::string_view bytes);

// The bytes an Ed25519 checkpoint signature covers; one field per line, so
// no two different checkpoints give the same message. The service is
// escaped as in the line but held as a reader of the line gets it back, so
// the sealer (from the name's bytes) and the verifier (from the parsed
// line) build the same message for any bytes.
std::string checkpoint_message(std::string_view service, std::uint64_t seq, std::uint64_t epoch,
                               std::string_view head_hex, std::uint64_t records);

std::string to_hex(const digest &d);
// Exactly 2 * size lowercase hex digits (what we write); false otherwise.
bool from_hex(std::string_view hex, unsigned char *out, std::size_t size);
inline bool from_hex(std::string_view hex, digest &out) {
  return from_hex(hex, out.data(), out.size());
}

// Constant time, so a MAC comparison leaks nothing about where it differs.
bool equal(const digest &a, const digest &b);

}  // namespace detail
}  // namespace trailguard

#endif  // TRAILGUARD_DETAIL_CHAIN_HPP
