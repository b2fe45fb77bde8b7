// Checks sealed trails: every line's chain value and MAC, checkpoint
// signatures, and names the first line that is modified, deleted, inserted,
// reordered or truncated (docs/runtime.md, "The trail").
#ifndef TRAILGUARD_TRAIL_VERIFIER_HPP
#define TRAILGUARD_TRAIL_VERIFIER_HPP

#include <trailguard/detail/chain.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trailguard {
namespace verify {

enum class problem_kind : unsigned char {
  modified,        // content, chain value or MAC does not match
  deleted,         // a gap in the sequence numbers
  inserted,        // a line that belongs nowhere (a repeat or a forgery)
  reordered,       // genuine lines out of sequence
  truncated,       // the file ends mid-line, or before a later file or an anchor says it should
  bad_checkpoint,  // signature, signer, head, epoch or count does not match
  malformed,       // not a JSON object with the keys of a sealed line
};
// "modified", ..., "bad checkpoint".
const char *to_string(problem_kind kind) noexcept;

struct problem {
  problem_kind kind;
  std::string file;
  std::uint64_t line = 0;  // 1-based
  std::string what;
  // Where the line starts in its file (the file's size for a line after
  // its end), for tools that seek to it.
  std::uint64_t offset = 0;
};
// "modified" stays "modified"; "bad checkpoint" becomes "bad_checkpoint":
// the kind as a machine-readable token (trailguard-verify --format json).
std::string to_token(problem_kind kind);

// Something worth saying about an intact trail (a restart, records no
// checkpoint covers yet): not tampering.
struct warning {
  std::string file;
  std::uint64_t line = 0;  // 1-based
  std::string what;
};

// The keys a verification uses; at least one must be set.
class verify_keys {
 public:
  verify_keys();
  ~verify_keys();
  verify_keys(verify_keys &&) noexcept;
  verify_keys &operator=(verify_keys &&) noexcept;

  // K_0 as create_trail_keys() writes it: 64 hex digits and a newline.
  // False, with `error` set, for anything else.
  bool set_mac_key(std::string_view file_text, std::string &error);
  // An Ed25519 public key in PEM (signing.pub.pem).
  bool set_public_key(std::string_view pem, std::string &error);

  bool has_mac_key() const noexcept { return mac_key_.has_value(); }
  bool has_public_key() const noexcept { return public_key_ != nullptr; }

 private:
  friend class trail_checker;
  std::optional<detail::digest> mac_key_;
  struct pkey_deleter {
    void operator()(void *key) const;
  };
  std::unique_ptr<void, pkey_deleter> public_key_;  // EVP_PKEY
  std::string fingerprint_;                         // sha-256 hex of the raw key
};

struct trail_file {
  std::string name;
  std::string text;
};

struct verify_report {
  std::optional<problem> first_problem;  // empty: intact
  std::vector<std::string> warnings;     // "FILE:LINE: warning: ..." lines, not tampering
  std::vector<warning> warning_list;     // the same, one field each
  std::uint64_t records = 0;             // lines verified, checkpoints included
  std::uint64_t files = 0;
  std::uint64_t epochs = 0;
  std::uint64_t checkpoints = 0;  // by MAC, by signature or both, as the keys allow
  // The first record's number: above 1 when the first file starts from its
  // trailguard.rotate record, and the records before it were not checked.
  std::uint64_t first_seq = 0;
  bool intact() const noexcept { return !first_problem; }
};

// Verifies `files` as one trail in order: the first one starts the trail
// (record 1) or with its `trailguard.rotate` record; each later one
// continues where the previous one ended. `anchor` holds lines shipped off
// the host (checkpoints): each must be in the trail, byte for byte.
verify_report verify_trail(const std::vector<trail_file> &files, const verify_keys &keys,
                           const std::vector<trail_file> &anchors = {});

// The same checks one line at a time, as a trail is read or written
// (trailguard-trail, --follow): what verify_trail would say about the
// first bad line, except that a problem is told apart (deleted, inserted,
// ...) from the lines read so far (and kept: forget_after()) only. After
// the first problem nothing vouches for any later line: add() says false
// for each.
class line_verifier {
 public:
  explicit line_verifier(const verify_keys &keys);
  ~line_verifier();
  line_verifier(const line_verifier &) = delete;
  line_verifier &operator=(const line_verifier &) = delete;

  // The next file of the trail; its lines follow.
  void begin_file(std::string name);
  // A line of the current file without its '\n', starting at `offset`;
  // `complete` false for bytes the file ends with and no '\n' after them.
  // True when the line verified.
  bool add(std::string_view text, std::uint64_t offset, bool complete = true);
  // At the end of what was read: the warnings verify_trail would add.
  void finish();
  // The lines read are kept to tell a problem apart; at a checkpoint, once
  // there are this many (default 10000), the ones before it are dropped,
  // so that following a trail takes bounded memory. A later repeat of a
  // dropped line is then named "inserted" without the line it repeats.
  void forget_after(std::size_t lines);
  std::size_t lines_kept() const noexcept;

  const std::optional<problem> &first_problem() const noexcept;
  const std::vector<warning> &warnings() const noexcept;
  std::uint64_t records() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace verify
}  // namespace trailguard

#endif  // TRAILGUARD_TRAIL_VERIFIER_HPP
