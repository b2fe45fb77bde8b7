// The trail's writer side: key creation, the state file, and the sealer
// that chains and MACs every line, signs checkpoints with Ed25519 and
// ratchets the MAC key forward after each one, erasing the old key.
#include <trailguard/detail/chain.hpp>
#include <trailguard/detail/json.hpp>
#include <trailguard/detail/record.hpp>
#include <trailguard/sinks.hpp>
#include <trailguard/trail.hpp>

// For SHA256_Init() and friends; see line_hasher.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <fcntl.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <mutex>
#include <stdexcept>

namespace trailguard {
namespace {

class trail_error_category final : public std::error_category {
 public:
  const char *name() const noexcept override { return "trailguard.trail"; }
  std::string message(int code) const override {
    switch (static_cast<trail_errc>(code)) {
      case trail_errc::keys_exist: return "trail keys already exist";
      case trail_errc::bad_permissions:
        return "secret file is accessible by group or others (chmod 600)";
      case trail_errc::bad_state: return "not a trailguard state file";
      case trail_errc::bad_signing_key: return "not a PEM Ed25519 private key";
      case trail_errc::crypto_failed: return "OpenSSL could not generate keys";
      case trail_errc::bad_service:
        return "the service name is not printable UTF-8 (invalid UTF-8 or a control, separator "
               "or bidi character)";
    }
    return "unknown trail error";
  }
};

std::error_code last_errno() { return {errno, std::generic_category()}; }

struct pkey_free {
  void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};
struct bio_free {
  void operator()(BIO *b) const { BIO_free(b); }
};
struct md_ctx_free {
  void operator()(EVP_MD_CTX *c) const { EVP_MD_CTX_free(c); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_free>;

// Erases what it holds when it goes: key material never outlives its use in
// freed heap memory.
struct secret_string {
  std::string text;
  ~secret_string() { OPENSSL_cleanse(text.data(), text.size()); }
};

std::string dir_of(const std::string &path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Creates `path` (never replacing one) with `mode` and writes `bytes`.
std::error_code write_new_file(const std::string &path, std::string_view bytes, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return last_errno();
  // The umask may have taken bits away, never added; fchmod makes the mode
  // exact either way.
  std::error_code ec = ::fchmod(fd, mode) != 0 ? last_errno() : detail::write_all(fd, bytes);
  if (!ec && ::fsync(fd) != 0) ec = last_errno();
  if (::close(fd) != 0 && !ec) ec = last_errno();
  return ec;
}

// Replaces `path` so that a crash leaves either the old or the new file,
// never a mix: temp file, fsync, rename, fsync of the directory.
std::error_code replace_file(const std::string &path, std::string_view bytes) {
  const std::string temp = path + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return last_errno();
  std::error_code ec = ::fchmod(fd, 0600) != 0 ? last_errno() : detail::write_all(fd, bytes);
  if (!ec && ::fsync(fd) != 0) ec = last_errno();
  if (::close(fd) != 0 && !ec) ec = last_errno();
  if (!ec && ::rename(temp.c_str(), path.c_str()) != 0) ec = last_errno();
  if (ec) {
    ::unlink(temp.c_str());
    return ec;
  }
  const int dir = ::open(dir_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return last_errno();
  if (::fsync(dir) != 0) ec = last_errno();
  ::close(dir);
  return ec;
}

// Reads a secret file, refusing one that group or others can reach: a key
// that leaked that way cannot be trusted to prove anything.
std::error_code read_secret_file(const std::string &path, std::string &out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return last_errno();
  struct stat st;
  std::error_code ec;
  if (::fstat(fd, &st) != 0)
    ec = last_errno();
  else if (!S_ISREG(st.st_mode))
    ec = std::make_error_code(std::errc::invalid_argument);
  else if ((st.st_mode & 077) != 0)
    ec = trail_errc::bad_permissions;
  else if (st.st_size > (1 << 16))
    ec = trail_errc::bad_state;
  if (!ec) {
    char buffer[4096];
    for (;;) {
      const ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        ec = last_errno();
        break;
      }
      if (n == 0) break;
      out.append(buffer, static_cast<std::size_t>(n));
    }
    OPENSSL_cleanse(buffer, sizeof buffer);
  }
  ::close(fd);
  return ec;
}

// What the state file holds. The key is the current epoch's; no earlier
// key is ever written.
struct trail_state {
  std::uint64_t epoch = 0;
  std::uint64_t next_seq = 1;
  std::uint64_t records = 0;  // records sealed in this epoch so far
  detail::digest head{};      // chain value of the last record
  detail::digest key{};
};

std::string format_state(const trail_state &s) {
  std::string out = "{\"version\":1,\"epoch\":";
  detail::append_uint(out, s.epoch);
  out += ",\"next_seq\":";
  detail::append_uint(out, s.next_seq);
  out += ",\"records\":";
  detail::append_uint(out, s.records);
  out += ",\"head\":\"";
  out += detail::to_hex(s.head);
  out += "\",\"key\":\"";
  out += detail::to_hex(s.key);
  out += "\"}\n";
  return out;
}

// Reads exactly what format_state() writes; the file is ours, so anything
// else means it was edited or damaged and the sealer refuses to guess.
bool parse_state(std::string_view text, trail_state &s) {
  auto literal = [&](std::string_view l) {
    if (text.substr(0, l.size()) != l) return false;
    text.remove_prefix(l.size());
    return true;
  };
  auto number = [&](std::uint64_t &v) {
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (r.ec != std::errc() || r.ptr == text.data()) return false;
    text.remove_prefix(static_cast<std::size_t>(r.ptr - text.data()));
    return true;
  };
  auto hex = [&](detail::digest &d) {
    if (!detail::from_hex(text.substr(0, 64), d)) return false;
    text.remove_prefix(64);
    return true;
  };
  return literal("{\"version\":1,\"epoch\":") && number(s.epoch) && literal(",\"next_seq\":") &&
         number(s.next_seq) && literal(",\"records\":") && number(s.records) &&
         literal(",\"head\":\"") && hex(s.head) && literal("\",\"key\":\"") && hex(s.key) &&
         literal("\"}") && (text.empty() || text == "\n") && s.next_seq >= 1;
}

// The sealer's hot path: SHA-256 and HMAC-SHA-256 of every line. It uses
// OpenSSL's SHA-256 through the low-level interface, which OpenSSL 3
// deprecates but keeps: each EVP digest or MAC call goes through provider
// dispatch, parameter lookup and (for a MAC restart) a context copy that
// allocates, about 110 ns per line on the benchmark machine, more than a
// tenth of the sealed path. The HMAC is RFC 2104's construction with the
// inner and outer key blocks hashed once per key, as OpenSSL's own HMAC
// does. It computes exactly what detail::chain_next() and
// detail::chain_mac() compute through EVP (the unit tests check both
// against OpenSSL called directly).
class line_hasher {
 public:
  line_hasher() = default;
  ~line_hasher() {
    OPENSSL_cleanse(&inner_, sizeof inner_);
    OPENSSL_cleanse(&outer_, sizeof outer_);
  }
  line_hasher(const line_hasher &) = delete;
  line_hasher &operator=(const line_hasher &) = delete;

  void set_key(const detail::digest &key) {
    static_assert(sizeof key <= SHA256_CBLOCK, "an HMAC key longer than a block is hashed first");
    unsigned char block[SHA256_CBLOCK];
    const auto start = [&](SHA256_CTX &ctx, unsigned char pad) {
      std::memset(block, pad, sizeof block);
      for (std::size_t i = 0; i < key.size(); ++i) block[i] ^= key[i];
      if (SHA256_Init(&ctx) != 1 || SHA256_Update(&ctx, block, sizeof block) != 1)
        failed("HMAC key");
    };
    start(inner_, 0x36);
    start(outer_, 0x5c);
    OPENSSL_cleanse(block, sizeof block);
  }

  detail::digest chain(const detail::digest &previous, std::string_view record) {
    detail::digest out;
    SHA256_CTX ctx;
    if (SHA256_Init(&ctx) != 1 || SHA256_Update(&ctx, previous.data(), previous.size()) != 1 ||
        SHA256_Update(&ctx, record.data(), record.size()) != 1 || SHA256_Final(out.data(), &ctx) != 1)
      failed("SHA-256");
    return out;
  }

  // Under the key of the last set_key().
  detail::digest mac(const detail::digest &chain) {
    detail::digest inner_hash, out;
    SHA256_CTX ctx = inner_;
    if (SHA256_Update(&ctx, chain.data(), chain.size()) != 1 || SHA256_Final(inner_hash.data(), &ctx) != 1)
      failed("HMAC-SHA-256");
    ctx = outer_;
    if (SHA256_Update(&ctx, inner_hash.data(), inner_hash.size()) != 1 ||
        SHA256_Final(out.data(), &ctx) != 1)
      failed("HMAC-SHA-256");
    return out;
  }

 private:
  [[noreturn]] static void failed(const char *what) {
    throw std::runtime_error(std::string("trailguard: OpenSSL failed: ") + what);
  }
  // The key's inner and outer blocks, hashed: the key itself is not kept.
  SHA256_CTX inner_{};
  SHA256_CTX outer_{};
};

class trail_sealer final : public sealer {
 public:
  trail_sealer(const trail_options &options, const trail_state &state, pkey_ptr signing,
               std::string fingerprint)
      : options_(options),
        signing_(std::move(signing)),
        fingerprint_(std::move(fingerprint)),
        key_(state.key),
        epoch_(state.epoch) {
    hasher_.set_key(key_);
    committed_.next_seq = state.next_seq;
    committed_.chain = state.head;
    committed_.records = state.records;
    committed_.last_checkpoint = now();
    pending_ = committed_;
  }

  ~trail_sealer() override {
    save_staged_state();  // whatever commit() staged and nobody wrote yet
    OPENSSL_cleanse(key_.data(), key_.size());
  }

  void seal(std::string &out, std::string_view record, std::uint64_t seq) override {
    seal_line(out, record, seq);
    ++pending_.records;
    if (pending_.records >= options_.checkpoint_every ||
        coarse_now() - pending_.last_checkpoint >= options_.checkpoint_interval)
      append_checkpoint(out);
  }

  void close(std::string &out, std::uint64_t next_seq) override {
    (void)next_seq;
    if (pending_.records > 0) append_checkpoint(out);
  }

  std::uint64_t next_seq() const override { return pending_.next_seq; }
  std::string head() const override { return detail::to_hex(pending_.chain); }

  void rollback() override {
    pending_ = committed_;
    checkpoint_pending_ = false;
    checkpoint_line_.clear();
  }

  void commit() override {
    committed_ = pending_;
    if (checkpoint_pending_) {
      checkpoint_pending_ = false;
      // The checkpoint is in the trail: from now on nothing needs K_e, so
      // it goes, and the state file stops holding it.
      detail::ratchet(key_);
      hasher_.set_key(key_);
      ++epoch_;
      state_dirty_ = true;
      if (options_.on_checkpoint) options_.on_checkpoint(checkpoint_line_);
      checkpoint_line_.clear();
    }
    if (state_dirty_) stage_state();
  }

  // The state file is replaced (two fsyncs) outside the sink's lock, so a
  // checkpoint does not stall the other emitters; the newest staged state
  // wins, and writes are serialized, so the file never goes back in time.
  void after_commit() override { save_staged_state(); }

 private:
  struct position {
    std::uint64_t next_seq = 1;
    detail::digest chain{};
    std::uint64_t records = 0;
    std::chrono::system_clock::time_point last_checkpoint;
  };

  std::chrono::system_clock::time_point now() const {
    return options_.clock ? options_.clock() : std::chrono::system_clock::now();
  }
  // For the checkpoint interval, asked at every line: whole seconds, so the
  // kernel's tick-resolution clock does, at a fraction of the cost.
  std::chrono::system_clock::time_point coarse_now() const {
    if (options_.clock) return options_.clock();
    timespec ts;
    if (::clock_gettime(CLOCK_REALTIME_COARSE, &ts) != 0) return now();
    return std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
        std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec)));
  }

  void seal_line(std::string &out, std::string_view record, std::uint64_t seq) {
    pending_.chain = hasher_.chain(pending_.chain, record);
    const detail::digest mac = hasher_.mac(pending_.chain);
    detail::append_sealed_line(out, record, pending_.chain, mac);
    pending_.next_seq = seq + 1;
  }

  // A checkpoint line, MACed with this epoch's key; the ratchet waits for
  // commit(), so that a failed write does not lose the key of lines that
  // are still to be written again.
  void append_checkpoint(std::string &out) {
    const std::uint64_t seq = pending_.next_seq;
    const std::string head = detail::to_hex(pending_.chain);
    const std::string message =
        detail::checkpoint_message(options_.service, seq, epoch_, head, pending_.records);
    unsigned char signature[64];
    std::size_t length = sizeof signature;
    std::unique_ptr<EVP_MD_CTX, md_ctx_free> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, signing_.get()) != 1 ||
        EVP_DigestSign(ctx.get(), signature, &length,
                       reinterpret_cast<const unsigned char *>(message.data()), message.size()) != 1)
      throw std::runtime_error("trailguard: OpenSSL failed: Ed25519 signature");

    std::string record;
    detail::append_checkpoint_record(record, seq, now(), options_.service,
                                     {epoch_, head, pending_.records, fingerprint_}, signature,
                                     length);

    const std::size_t start = out.size();
    seal_line(out, record, seq);
    checkpoint_line_.assign(out, start, out.size() - start - 1);
    pending_.records = 0;
    pending_.last_checkpoint = now();
    checkpoint_pending_ = true;
  }

  // Under the sink's lock: what the state file must say now. The ratchet
  // has already erased the old key in memory; the file follows in
  // after_commit().
  void stage_state() {
    trail_state s;
    s.epoch = epoch_;
    s.next_seq = committed_.next_seq;
    s.records = committed_.records;
    s.head = committed_.chain;
    s.key = key_;
    {
      std::lock_guard<std::mutex> guard(state_lock_);
      OPENSSL_cleanse(staged_state_.text.data(), staged_state_.text.size());
      staged_state_.text = format_state(s);
      ++staged_version_;
      state_waiting_.store(true, std::memory_order_release);
    }
    OPENSSL_cleanse(s.key.data(), s.key.size());
    state_dirty_ = false;
  }

  void save_staged_state() {
    // Called after every line; a state change is rare (checkpoints).
    if (!state_waiting_.load(std::memory_order_acquire)) return;
    std::lock_guard<std::mutex> guard(state_lock_);
    if (written_version_ == staged_version_) {
      state_waiting_.store(false, std::memory_order_relaxed);
      return;
    }
    if (const std::error_code ec = replace_file(options_.state_file, staged_state_.text)) {
      // The old file still holds an older key: report it loudly and try
      // again after the next write rather than fail the audit event itself.
      const std::string message = "trailguard: cannot replace the trail state " +
                                  options_.state_file + ": " + ec.message();
      if (options_.error_handler)
        options_.error_handler(message);
      else
        std::cerr << message << '\n';
      return;
    }
    written_version_ = staged_version_;
    state_waiting_.store(false, std::memory_order_relaxed);
  }

  trail_options options_;
  pkey_ptr signing_;
  std::string fingerprint_;
  detail::digest key_;
  line_hasher hasher_;
  std::uint64_t epoch_;
  position committed_, pending_;
  bool checkpoint_pending_ = false;
  bool state_dirty_ = false;
  std::string checkpoint_line_;
  std::mutex state_lock_;  // the staged state and the file's writes
  secret_string staged_state_;
  std::atomic<bool> state_waiting_{false};  // staged but not yet written
  std::uint64_t staged_version_ = 0, written_version_ = 0;
};

// SHA-256 of the raw 32-byte public key: what checkpoints name their
// signer by, and what `trailguard-verify --pubkey` compares.
std::string key_fingerprint(EVP_PKEY *key) {
  unsigned char raw[32];
  std::size_t size = sizeof raw;
  if (EVP_PKEY_get_raw_public_key(key, raw, &size) != 1 || size != sizeof raw) return {};
  return detail::to_hex(detail::sha256({reinterpret_cast<const char *>(raw), size}));
}


// Crash recovery (trail_options::resume_file). After a crash the state is
// the last checkpoint's, but the file may hold lines sealed after it; each
// of them verifies under the state's chain and key (and a checkpoint among
// them ratchets the key, as commit() would have). The sealer continues
// after the last line that verifies, so a restart neither reuses sequence
// numbers nor loses what was written. A rotation may have come between
// the state and the crash (its checkpoint is in the new file, but the
// state file is replaced after the lines are written): then the state's
// last record is in an older file, which the new file's rotate record
// names, and recovery follows it back.
struct recovered_tail {
  std::uint64_t lines = 0;    // lines taken over from the files
  std::uint64_t skipped = 0;  // complete lines after them that do not verify
  bool anchored = true;       // the state's last record (or the start) was found
};

// Rotations that recovery follows back: more than one only when the state
// file could not be replaced for a while (the error handler said so).
constexpr int max_rotations_followed = 16;

// Where the lines after the state's last record start in `text`, read from
// the file's end backwards until it holds that record: lines after a
// checkpoint are at most a checkpoint's worth. npos when the file does not
// hold it; `text` is then the whole file.
std::size_t find_resume_point(int fd, std::uint64_t size, const trail_state &state, std::string &text) {
  const std::string head_hex = detail::to_hex(state.head);
  std::size_t start = std::string::npos;
  for (std::uint64_t want = std::min<std::uint64_t>(size, 4u << 20);; want = std::min(size, want * 4)) {
    const std::uint64_t from = size - want;
    text.resize(want);
    std::size_t got = 0;
    while (got < want) {
      const ssize_t n = ::pread(fd, text.data() + got, want - got, static_cast<off_t>(from + got));
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    text.resize(got);
    std::size_t at = 0;
    if (from > 0) {  // the chunk starts mid-line
      at = text.find('\n');
      at = at == std::string::npos ? text.size() : at + 1;
    }
    if (state.next_seq == 1 && from == 0) {
      // A trail's first file starts at seq 1; a later one (the state's
      // first record was sealed into a file rotated away since) does not.
      std::uint64_t seq = 0;
      std::string_view rest;
      if (detail::split_seq_prefix(text, seq, rest) && seq == 1) start = 0;
    }
    for (std::size_t end; start == std::string::npos && (end = text.find('\n', at)) != std::string::npos; at = end + 1) {
      detail::sealed_parts parts;
      if (detail::split_sealed_line(std::string_view(text).substr(at, end - at), parts) &&
          parts.seq + 1 == state.next_seq && parts.chain == head_hex)
        start = end + 1;
    }
    if (start != std::string::npos || got < want || want == size) return start;
  }
}

// The file a rotate record on the first line of `text` names, looked for
// next to `path` (where the sink renamed it), never elsewhere: the name is
// read from the trail, and nothing is taken from a file unless its lines
// verify under the state's key.
std::string previous_file_of(const std::string &path, std::string_view text) {
  detail::sealed_parts parts;
  std::string named;
  if (!detail::split_sealed_line(text.substr(0, text.find('\n')), parts) ||
      parts.event != detail::rotate_event || !detail::rotate_previous_file(parts.record, named))
    return {};
  const std::size_t slash = named.rfind('/');
  const std::string base = slash == std::string::npos ? named : named.substr(slash + 1);
  if (base.empty() || base == "." || base == "..") return {};
  const std::size_t dir = path.rfind('/');
  const std::string previous = dir == std::string::npos ? base : path.substr(0, dir + 1) + base;
  return previous == path ? std::string() : previous;
}

recovered_tail recover_tail(const std::string &path, trail_state &state, int rotations = 0) {
  recovered_tail result;
  // No live file yet: nothing was written after the state. A file a
  // rotate record names but that is missing holds nothing to anchor on.
  result.anchored = rotations == 0;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return result;
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
    ::close(fd);
    return result;
  }
  result.anchored = true;
  std::string text;
  std::size_t start = find_resume_point(fd, static_cast<std::uint64_t>(st.st_size), state, text);
  ::close(fd);
  if (start == std::string::npos) {
    const std::string previous =
        rotations < max_rotations_followed ? previous_file_of(path, text) : std::string();
    if (!previous.empty()) result = recover_tail(previous, state, rotations + 1);
    if (previous.empty() || !result.anchored) {
      result.anchored = false;
      OPENSSL_cleanse(text.data(), text.size());
      return result;
    }
    start = 0;  // the state's last record is behind this file's first line
  }
  // A line that does not verify (torn by an earlier crash, and ended by
  // the file sink when it reopened the file) is passed over: only lines
  // that continue the chain under the state's key are taken over.
  line_hasher hasher;
  hasher.set_key(state.key);
  std::size_t at = start;
  for (std::size_t end; at < text.size(); at = end + 1) {
    end = text.find('\n', at);
    if (end == std::string::npos) {  // a last line the crash cut
      ++result.skipped;
      break;
    }
    detail::sealed_parts parts;
    detail::digest chain, mac;
    if (!detail::split_sealed_line(std::string_view(text).substr(at, end - at), parts) ||
        parts.seq != state.next_seq || !detail::from_hex(parts.chain, chain) ||
        !detail::from_hex(parts.mac, mac) ||
        !detail::equal(hasher.chain(state.head, parts.record), chain) ||
        !detail::equal(hasher.mac(chain), mac)) {
      ++result.skipped;
      continue;
    }
    state.head = chain;
    ++state.next_seq;
    ++result.lines;
    if (parts.event == detail::checkpoint_event) {
      detail::ratchet(state.key);
      hasher.set_key(state.key);
      ++state.epoch;
      state.records = 0;
    } else {
      ++state.records;
    }
  }
  OPENSSL_cleanse(text.data(), text.size());
  return result;
}

}  // namespace

const std::error_category &trail_category() noexcept {
  static const trail_error_category category;
  return category;
}

std::error_code create_trail_keys(const std::string &dir, std::string *detail) {
  const std::string mac_file = dir + "/mac.key", state_file = dir + "/state.json",
                    signing_file = dir + "/signing.pem", public_file = dir + "/signing.pub.pem";
  for (const std::string *f : {&mac_file, &state_file, &signing_file, &public_file}) {
    struct stat st;
    if (::lstat(f->c_str(), &st) == 0) {
      if (detail) *detail = *f;
      return trail_errc::keys_exist;
    }
  }
  trail_state state;
  if (RAND_bytes(state.key.data(), static_cast<int>(state.key.size())) != 1)
    return trail_errc::crypto_failed;
  pkey_ptr signing(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  std::unique_ptr<BIO, bio_free> private_pem(BIO_new(BIO_s_secmem()));
  std::unique_ptr<BIO, bio_free> public_pem(BIO_new(BIO_s_mem()));
  if (!signing || !private_pem || !public_pem ||
      PEM_write_bio_PrivateKey(private_pem.get(), signing.get(), nullptr, nullptr, 0, nullptr,
                               nullptr) != 1 ||
      PEM_write_bio_PUBKEY(public_pem.get(), signing.get()) != 1) {
    OPENSSL_cleanse(state.key.data(), state.key.size());
    return trail_errc::crypto_failed;
  }
  auto bio_text = [](BIO *b) {
    char *data = nullptr;
    const long size = BIO_get_mem_data(b, &data);
    return std::string_view(data, size > 0 ? static_cast<std::size_t>(size) : 0);
  };
  secret_string mac_text{detail::to_hex(state.key) + "\n"};
  secret_string state_text{format_state(state)};
  OPENSSL_cleanse(state.key.data(), state.key.size());

  // The public key last: its presence says the others were written.
  const std::pair<const std::string *, std::pair<std::string_view, mode_t>> files[] = {
      {&mac_file, {mac_text.text, 0600}},
      {&state_file, {state_text.text, 0600}},
      {&signing_file, {bio_text(private_pem.get()), 0600}},
      {&public_file, {bio_text(public_pem.get()), 0644}},
  };
  for (const auto &f : files) {
    if (const std::error_code ec = write_new_file(*f.first, f.second.first, f.second.second)) {
      if (detail) *detail = *f.first;
      return ec;
    }
  }
  return {};
}

std::shared_ptr<sealer> open_trail_sealer(const trail_options &options, std::error_code &error,
                                          std::string *detail) {
  error.clear();
  auto fail = [&](std::error_code ec, const std::string &file) -> std::shared_ptr<sealer> {
    error = ec;
    if (detail) *detail = file;
    return nullptr;
  };
  // Before any file is touched: a checkpoint must carry the name it signs.
  if (const char *why = invalid_service_name(options.service))
    return fail(trail_errc::bad_service, std::string("trail_options::service ") + why);
  secret_string state_text;
  if (std::error_code ec = read_secret_file(options.state_file, state_text.text))
    return fail(ec, options.state_file);
  trail_state state;
  const bool parsed = parse_state(state_text.text, state);
  if (!parsed) {
    OPENSSL_cleanse(state.key.data(), state.key.size());
    return fail(trail_errc::bad_state, options.state_file);
  }

  secret_string pem;
  if (std::error_code ec = read_secret_file(options.signing_key_file, pem.text)) {
    OPENSSL_cleanse(state.key.data(), state.key.size());
    return fail(ec == trail_errc::bad_state ? make_error_code(trail_errc::bad_signing_key) : ec,
                options.signing_key_file);
  }
  std::unique_ptr<BIO, bio_free> bio(BIO_new_mem_buf(pem.text.data(), static_cast<int>(pem.text.size())));
  pkey_ptr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  std::string fingerprint;
  if (key && EVP_PKEY_is_a(key.get(), "ED25519")) fingerprint = key_fingerprint(key.get());
  if (fingerprint.empty()) {
    ERR_clear_error();  // what OpenSSL queued about the bad PEM is ours to report
    OPENSSL_cleanse(state.key.data(), state.key.size());
    return fail(trail_errc::bad_signing_key, options.signing_key_file);
  }
  if (!options.resume_file.empty()) {
    const recovered_tail tail = recover_tail(options.resume_file, state);
    const auto report = [&](const std::string &message) {
      if (options.error_handler)
        options.error_handler(message);
      else
        std::cerr << message << '\n';
    };
    if (!tail.anchored)
      report("trailguard: " + options.resume_file + " does not hold the state's last record (seq " +
             std::to_string(state.next_seq - 1) +
             "), nor do the files its rotate records name (replaced by hand?): sealing resumes "
             "from the state file, and the verifier will warn about records sealed twice");
    if (tail.skipped > 0)
      report("trailguard: " + options.resume_file + ": resuming after seq " +
             std::to_string(state.next_seq - 1) + "; " + std::to_string(tail.skipped) +
             " later line(s) do not verify (torn by a crash?) and stay as they are");
    if (tail.lines > 0) {
      // The file is ahead of the state, maybe by a checkpoint whose old key
      // must not stay on disk: the state catches up now.
      secret_string caught_up;
      caught_up.text = format_state(state);
      if (std::error_code ec = replace_file(options.state_file, caught_up.text)) {
        OPENSSL_cleanse(state.key.data(), state.key.size());
        return fail(ec, options.state_file);
      }
    }
  }
  auto s = std::make_shared<trail_sealer>(options, state, std::move(key), std::move(fingerprint));
  OPENSSL_cleanse(state.key.data(), state.key.size());
  return s;
}

}  // namespace trailguard
