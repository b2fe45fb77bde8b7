// The format of a trail line, with one owner: the `{"seq":N,` prefix in
// front of a record, the end of an unsealed line, the seal suffix of a
// sealed one, and the records the trail writes itself (rotate, checkpoint)
// with the message a checkpoint signs. The auditor, the sealer, the
// collector and its forwarders, and trailguard-verify all join and split
// lines through these, so none of them can drift from the others.
#ifndef TRAILGUARD_DETAIL_RECORD_HPP
#define TRAILGUARD_DETAIL_RECORD_HPP

#include <trailguard/detail/chain.hpp>
#include <trailguard/detail/json.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace trailguard {
namespace detail {

// The domain of a checkpoint signature, so that it can never be mistaken
// for a signature over anything else the key might sign.
inline constexpr std::string_view checkpoint_domain = "trailguard-checkpoint-v1";

inline constexpr std::string_view checkpoint_event = "trailguard.checkpoint";
inline constexpr std::string_view rotate_event = "trailguard.rotate";

// The fields of the records the trail writes itself: the writer puts
// them, crash recovery, the verifier and the JSON Schema emitter read them.
namespace trail_field {
inline constexpr char previous_file[] = "previous_file";    // rotate
inline constexpr char previous_chain[] = "previous_chain";  // rotate, sealed trails
inline constexpr char epoch[] = "epoch";                    // checkpoint
inline constexpr char head[] = "head";
inline constexpr char records[] = "records";
inline constexpr char key[] = "key";
inline constexpr char signature[] = "signature";
}  // namespace trail_field

// A line is a record, `{"seq":N,...` without its closing brace, followed by
// its end: `}\n` unsealed, the seal suffix sealed. The record is what the
// chain covers.
inline constexpr std::string_view seq_key = "{\"seq\":";
// `{"seq":` + 20 digits + `,`: the most a record's prefix can take.
inline constexpr std::size_t seq_prefix_room = seq_key.size() + 20 + 1;

// Writes `{"seq":N,` so that it ends just before `end` and returns where it
// starts: the auditor leaves room in front of an encoded body, so the body
// is never copied to put its number first.
TRAILGUARD_DETAIL_INLINE char *put_seq_prefix(char *end, std::uint64_t seq) noexcept {
  *--end = ',';
  end = format_decimal(end, seq);
  end -= seq_key.size();
  std::memcpy(end, seq_key.data(), seq_key.size());
  return end;
}

// The same prefix at the end of `out`, where there is no room to leave.
inline void append_seq_prefix(std::string &out, std::uint64_t seq) {
  out += seq_key;
  append_uint(out, seq);
  out += ',';
}

// What ends an unsealed line.
inline constexpr std::string_view unsealed_end = "}\n";

// A sealed line is the record followed by exactly this suffix:
// ,"chain":"<64 hex>","mac":"<64 hex>"}\n
inline constexpr std::string_view chain_key = ",\"chain\":\"";
inline constexpr std::string_view mac_key = "\",\"mac\":\"";
inline constexpr std::string_view sealed_end = "\"}\n";
// Without the '\n'.
inline constexpr std::size_t seal_suffix_size =
    chain_key.size() + 64 + mac_key.size() + 64 + sealed_end.size() - 1;

// Appends the sealed line: `record`, its chain value and MAC, and '\n'.
// Inlined into the sealer, whose per-line cost it is part of.
TRAILGUARD_DETAIL_INLINE void append_sealed_line(std::string &out, std::string_view record, const digest &chain,
                               const digest &mac) {
  out += record;
  out += chain_key;
  append_hex(out, chain.data(), chain.size());
  out += mac_key;
  append_hex(out, mac.data(), mac.size());
  out += sealed_end;
}

// The seal suffix split off a line (given without its '\n'): false unless
// the line ends with exactly what append_sealed_line() writes, 64 lowercase
// hex digits each. The record before it is not looked into.
bool split_seal(std::string_view line, std::string_view &record, std::string_view &chain,
                std::string_view &mac);

// A sealed line's parts, as views into it.
struct sealed_parts {
  std::uint64_t seq = 0;
  std::string_view record;  // `{"seq":N,...` up to the seal suffix: what the chain covers
  std::string_view chain;   // 64 lowercase hex digits
  std::string_view mac;     // 64 lowercase hex digits
  std::string_view event;   // the event name, empty when the record has none
};
// Splits a sealed line (with or without its '\n') by its seal suffix and
// its `{"seq":N,` prefix, without a JSON parse; false when it is not one.
bool split_sealed_line(std::string_view line, sealed_parts &out);

// The `{"seq":N,` a line starts with, sealed or not: N from 1 on, without
// leading zeros, as put_seq_prefix() writes it; false otherwise. `rest` is
// what follows the comma.
bool split_seq_prefix(std::string_view line, std::uint64_t &seq, std::string_view &rest);

// The record (without its end) that starts a rotating sink's next file,
// naming the previous file and, on a sealed trail, its chain head (empty
// otherwise). False, and `out` as it was, when `time` cannot be written.
bool append_rotate_record(std::string &out, std::uint64_t seq,
                          std::chrono::system_clock::time_point time, std::string_view service,
                          std::string_view previous_file, std::string_view previous_chain);

// The previous file a rotate record names, decoded from its JSON string;
// false when `record` is not a rotate record or the name does not decode.
// Crash recovery follows it back to the file that holds the state's last
// record.
bool rotate_previous_file(std::string_view record, std::string &previous_file);

// What a checkpoint record says; `head` is the hex chain value of the line
// before it, `key` the signer's fingerprint.
struct checkpoint_fields {
  std::uint64_t epoch = 0;
  std::string_view head;
  std::uint64_t records = 0;
  std::string_view key;
};
// The checkpoint record (without its end) with `signature` over
// checkpoint_message(); a time that cannot be written is the epoch's start.
void append_checkpoint_record(std::string &out, std::uint64_t seq,
                              std::chrono::system_clock::time_point time, std::string_view service,
                              const checkpoint_fields &fields, const unsigned char *signature,
                              std::size_t signature_size);

// The bytes an Ed25519 checkpoint signature covers; one field per line, so
// no two different checkpoints give the same message. The service is
// escaped as in the line but held as a reader of the line gets it back, so
// the sealer (from the name's bytes) and the verifier (from the parsed
// line) build the same message for any bytes.
std::string checkpoint_message(std::string_view service, std::uint64_t seq, std::uint64_t epoch,
                               std::string_view head_hex, std::uint64_t records);

}  // namespace detail
}  // namespace trailguard

#endif  // TRAILGUARD_DETAIL_RECORD_HPP
