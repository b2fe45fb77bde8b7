// The arithmetic of a sealed trail, shared by the sealer that writes it and
// the verifier that checks it, so the two cannot drift apart: chain values,
// MACs and the key ratchet. The line's format is detail/record.hpp's.
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

// chain_N = SHA-256(chain_{N-1} || record bytes).
digest chain_next(const digest &previous, std::string_view record);
// mac_N = HMAC-SHA-256(K_epoch, chain_N).
digest chain_mac(const digest &key, const digest &chain);
// K_{e+1} = HMAC-SHA-256(K_e, ratchet_label); `key` is overwritten in place
// and no copy of K_e is left behind.
void ratchet(digest &key);
digest sha256(std::string_view bytes);

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
