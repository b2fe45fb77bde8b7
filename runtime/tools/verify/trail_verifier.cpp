// The verifier: walks a trail line by line, recomputing chain values and
// MACs and checking checkpoint signatures, and when something fails looks
// at the lines around it to say what happened (modified, deleted, ...).
#include "trail_verifier.hpp"

#include <trailguard/detail/json.hpp>
#include <trailguard/detail/record.hpp>

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <deque>
#include <unordered_map>

namespace trailguard {
namespace verify {

const char *to_string(problem_kind kind) noexcept {
  switch (kind) {
    case problem_kind::modified: return "modified";
    case problem_kind::deleted: return "deleted";
    case problem_kind::inserted: return "inserted";
    case problem_kind::reordered: return "reordered";
    case problem_kind::truncated: return "truncated";
    case problem_kind::bad_checkpoint: return "bad checkpoint";
    case problem_kind::malformed: return "malformed";
  }
  return "unknown";
}

std::string to_token(problem_kind kind) {
  std::string token = to_string(kind);
  for (char &c : token)
    if (c == ' ') c = '_';
  return token;
}

void verify_keys::pkey_deleter::operator()(void *key) const {
  EVP_PKEY_free(static_cast<EVP_PKEY *>(key));
}

verify_keys::verify_keys() = default;
verify_keys::~verify_keys() {
  if (mac_key_) OPENSSL_cleanse(mac_key_->data(), mac_key_->size());
}
verify_keys::verify_keys(verify_keys &&) noexcept = default;
verify_keys &verify_keys::operator=(verify_keys &&) noexcept = default;

bool verify_keys::set_mac_key(std::string_view text, std::string &error) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  detail::digest key;
  if (!detail::from_hex(text, key)) {
    error = "not a trail MAC key (64 lowercase hex digits, as create_trail_keys writes mac.key)";
    return false;
  }
  mac_key_ = key;
  OPENSSL_cleanse(key.data(), key.size());
  return true;
}

bool verify_keys::set_public_key(std::string_view pem, std::string &error) {
  BIO *bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY *key = bio ? PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr) : nullptr;
  BIO_free(bio);
  unsigned char raw[32];
  std::size_t size = sizeof raw;
  if (!key || !EVP_PKEY_is_a(key, "ED25519") ||
      EVP_PKEY_get_raw_public_key(key, raw, &size) != 1 || size != sizeof raw) {
    EVP_PKEY_free(key);
    ERR_clear_error();
    error = "not a PEM Ed25519 public key (signing.pub.pem)";
    return false;
  }
  public_key_.reset(key);
  fingerprint_ = detail::to_hex(detail::sha256({reinterpret_cast<const char *>(raw), size}));
  return true;
}

namespace {

using json = nlohmann::json;

struct line {
  std::string_view raw;  // without its '\n'
  bool complete = true;  // ends with '\n'
  std::uint64_t offset = 0;  // in its file
  // Parsed:
  std::string error;  // not empty: malformed
  json value;
  std::uint64_t seq = 0;
  std::string event;
  std::string_view record;  // the bytes the chain covers
  detail::digest chain{}, mac{};
};

std::vector<line> split_lines(std::string_view text) {
  std::vector<line> lines;
  std::uint64_t offset = 0;
  while (!text.empty()) {
    line l;
    l.offset = offset;
    const auto nl = text.find('\n');
    offset += nl == std::string_view::npos ? text.size() : nl + 1;
    l.raw = text.substr(0, nl);
    l.complete = nl != std::string_view::npos;
    text.remove_prefix(l.complete ? nl + 1 : text.size());
    lines.push_back(std::move(l));
  }
  return lines;
}

void parse(line &l) {
  try {
    l.value = json::parse(l.raw);
  } catch (const json::exception &) {
    l.error = "not a JSON object";
    return;
  }
  if (!l.value.is_object()) {
    l.error = "not a JSON object";
    return;
  }
  const auto seq = l.value.find("seq");
  if (seq == l.value.end() || !seq->is_number_unsigned()) {
    l.error = "no \"seq\" number";
    return;
  }
  l.seq = seq->get<std::uint64_t>();
  if (l.seq == 0) {
    l.error = "\"seq\" starts at 1";
    return;
  }
  const auto event = l.value.find("event");
  if (event == l.value.end() || !event->is_string()) {
    l.error = "no \"event\" name";
    return;
  }
  l.event = event->get<std::string>();
  // The chain covers the exact bytes before the suffix, so the suffix must
  // be exactly what the sealer writes.
  std::string_view chain, mac;
  if (!detail::split_seal(l.raw, l.record, chain, mac) || !detail::from_hex(chain, l.chain) ||
      !detail::from_hex(mac, l.mac)) {
    l.error = "does not end with its \"chain\" and \"mac\"";
    return;
  }
  // Only the trail's own records are looked into again; a parsed event
  // would cost more memory than its line.
  if (l.event != detail::checkpoint_event && l.event != detail::rotate_event) l.value = nullptr;
}

std::string range(std::uint64_t from, std::uint64_t to) {
  return from == to ? "record " + std::to_string(from) + " is"
                    : "records " + std::to_string(from) + ".." + std::to_string(to) + " are";
}

struct file_lines {
  const trail_file *file;
  std::vector<line> lines;
  // The line number of lines[0], and whether the lines before it are in
  // the same file (line_verifier forgets lines at a checkpoint).
  std::uint64_t first_line = 1;
  bool continued = false;
};

}  // namespace

class trail_checker {
 public:
  trail_checker(const verify_keys &keys, verify_report &report) : keys_(keys), report_(report) {}

  void run(std::vector<file_lines> &files, const std::vector<trail_file> &anchors);
  // One line at a time (line_verifier): the last line of the last file.
  bool check_last(std::vector<file_lines> &files) {
    return check_line(files, files.size() - 1, files.back().lines.size() - 1);
  }
  void finish(const std::vector<file_lines> &files);
  // Right after a checkpoint the lines before it are needed no more (a
  // restart resumes after the last checkpoint), but to name the record a
  // later repeat repeats: line_verifier may drop them, and this their places.
  void forget_before_checkpoint() { seen_.clear(); }
  bool at_checkpoint() const { return have_checkpoint_ && covered_to_ + 1 == expected_; }

 private:
  bool fail(problem_kind kind, const file_lines &f, std::size_t index, std::string what) {
    report_.first_problem =
        problem{kind, f.file->name, f.first_line + index, std::move(what), offset_of(f, index)};
    return false;
  }
  static std::uint64_t offset_of(const file_lines &f, std::size_t index) {
    return index < f.lines.size() ? f.lines[index].offset : f.file->text.size();
  }
  void warn(const file_lines &f, std::size_t index, std::string what) {
    report_.warnings.push_back(f.file->name + ":" + std::to_string(f.first_line + index) +
                               ": warning: " + what);
    report_.warning_list.push_back({f.file->name, f.first_line + index, std::move(what)});
  }

  bool mac_ok(const line &l, const detail::digest &key) const {
    return detail::equal(detail::chain_mac(key, l.chain), l.mac);
  }
  bool mac_ok(const line &l) const { return !keys_.mac_key_ || mac_ok(l, key_); }
  bool links(const line &l) const { return detail::equal(detail::chain_next(prev_, l.record), l.chain); }

  bool start(std::vector<file_lines> &files, std::size_t fi, std::size_t i);
  bool check_line(std::vector<file_lines> &files, std::size_t fi, std::size_t i);
  bool diagnose(std::vector<file_lines> &files, std::size_t fi, std::size_t i);
  bool restarted(std::vector<file_lines> &files, std::size_t fi, std::size_t i);
  bool check_checkpoint(const file_lines &f, std::size_t i);
  detail::digest key_at(std::uint64_t epoch) const {
    detail::digest k = *keys_.mac_key_;
    for (std::uint64_t e = 0; e < epoch; ++e) detail::ratchet(k);
    return k;
  }

  const verify_keys &keys_;
  verify_report &report_;
  bool started_ = false;
  detail::digest prev_{};
  std::uint64_t expected_ = 1;
  std::optional<std::uint64_t> epoch_;
  detail::digest key_{};
  std::optional<std::uint64_t> epoch_records_;  // records since the last checkpoint
  // Where each sequence number was seen, for repeats.
  std::unordered_map<std::uint64_t, std::pair<std::size_t, std::size_t>> seen_;
  // The last checkpoint, and the first record after it.
  std::uint64_t covered_to_ = 0;
  std::optional<std::pair<std::size_t, std::size_t>> first_uncovered_;
  detail::digest checkpoint_chain_{};  // the last checkpoint line's chain value
  bool have_checkpoint_ = false;
  std::string last_file_;
};

// Sets up the state of the trail at its first line: record 1, or a later
// file on its own from its rotate record.
bool trail_checker::start(std::vector<file_lines> &files, std::size_t fi, std::size_t i) {
  const file_lines &f = files[fi];
  const line &l = f.lines[i];
  started_ = true;
  std::optional<std::uint64_t> epoch;
  if (l.seq == 1) {
    prev_ = {};
    expected_ = 1;
    epoch = 0;
    epoch_records_ = 0;
  } else {
    const json *previous = nullptr;
    if (l.event == detail::rotate_event) {
      const auto fields = l.value.find("fields");
      if (fields != l.value.end() && fields->is_object()) {
        const auto p = fields->find(detail::trail_field::previous_chain);
        if (p != fields->end() && p->is_string()) previous = &*p;
      }
    }
    if (!previous || !detail::from_hex(previous->get<std::string>(), prev_))
      return fail(problem_kind::deleted, f, i,
                  range(1, l.seq - 1) +
                      " missing: the trail starts at record " + std::to_string(l.seq) +
                      " without a trailguard.rotate record (give the earlier files too)");
    expected_ = l.seq;
    // The lines before the first checkpoint share its epoch.
    for (std::size_t g = fi; g < files.size() && !epoch; ++g)
      for (std::size_t k = g == fi ? i : 0; k < files[g].lines.size(); ++k) {
        const line &c = files[g].lines[k];
        if (!c.error.empty() || c.event != detail::checkpoint_event) continue;
        const auto fields = c.value.find("fields");
        if (fields != c.value.end() && fields->is_object()) {
          const auto e = fields->find(detail::trail_field::epoch);
          if (e != fields->end() && e->is_number_unsigned()) epoch = e->get<std::uint64_t>();
        }
        break;
      }
    if (keys_.mac_key_) {
      // Without a checkpoint to say (or when it lies), find the epoch whose
      // key the first line's MAC verifies under; a handful of HMACs each.
      if (!epoch || !mac_ok(l, key_at(*epoch))) {
        detail::digest k = *keys_.mac_key_;
        for (std::uint64_t e = 0; e < (1u << 20); ++e, detail::ratchet(k))
          if (mac_ok(l, k)) {
            epoch = e;
            break;
          }
        OPENSSL_cleanse(k.data(), k.size());
      }
    }
  }
  epoch_ = epoch;
  report_.first_seq = expected_;
  covered_to_ = expected_ - 1;
  if (keys_.mac_key_) key_ = key_at(epoch.value_or(0));
  return true;
}

bool trail_checker::check_checkpoint(const file_lines &f, std::size_t i) {
  const line &l = f.lines[i];
  const auto fields = l.value.find("fields");
  const auto service = l.value.find("service");
  auto get = [&](const char *name) -> const json * {
    if (fields == l.value.end() || !fields->is_object()) return nullptr;
    const auto it = fields->find(name);
    return it == fields->end() ? nullptr : &*it;
  };
  namespace field = detail::trail_field;
  const json *epoch = get(field::epoch), *head = get(field::head), *records = get(field::records),
             *key = get(field::key), *signature = get(field::signature);
  if (!epoch || !epoch->is_number_unsigned() || !head || !head->is_string() || !records ||
      !records->is_number_unsigned() || !key || !key->is_string() || !signature ||
      !signature->is_string() || service == l.value.end() || !service->is_string())
    return fail(problem_kind::bad_checkpoint, f, i,
                "a checkpoint needs service and fields epoch, head, records, key, signature");
  const std::string head_hex = head->get<std::string>();
  if (head_hex != detail::to_hex(prev_))
    return fail(problem_kind::bad_checkpoint, f, i,
                "head " + head_hex + " is not the chain value of the line before it");
  const std::uint64_t e = epoch->get<std::uint64_t>();
  if (epoch_ && e != *epoch_)
    return fail(problem_kind::bad_checkpoint, f, i,
                "epoch " + std::to_string(e) + ", expected " + std::to_string(*epoch_));
  const std::uint64_t n = records->get<std::uint64_t>();
  if (epoch_records_ && n != *epoch_records_)
    return fail(problem_kind::bad_checkpoint, f, i,
                "counts " + std::to_string(n) + " records since the last checkpoint, the trail has " +
                    std::to_string(*epoch_records_));
  if (keys_.public_key_) {
    if (key->get<std::string>() != keys_.fingerprint_)
      return fail(problem_kind::bad_checkpoint, f, i,
                  "signed by key " + key->get<std::string>() + ", not by the given public key " +
                      keys_.fingerprint_);
    unsigned char sig[64];
    const std::string message = detail::checkpoint_message(service->get<std::string>(), l.seq, e,
                                                           head_hex, n);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    const bool ok =
        detail::from_hex(signature->get<std::string>(), sig, sizeof sig) && ctx &&
        EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr,
                             static_cast<EVP_PKEY *>(keys_.public_key_.get())) == 1 &&
        EVP_DigestVerify(ctx, sig, sizeof sig, reinterpret_cast<const unsigned char *>(message.data()),
                         message.size()) == 1;
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    if (!ok) return fail(problem_kind::bad_checkpoint, f, i, "the Ed25519 signature does not verify");
  }
  ++report_.checkpoints;
  epoch_ = e + 1;
  epoch_records_ = 0;
  if (keys_.mac_key_) detail::ratchet(key_);
  return true;
}

// A writer that crashed resumes from its state file, which is the one of
// its last checkpoint: it seals the records after that checkpoint again,
// with the same numbers, chained from the checkpoint under the same key.
// That is no tampering (the lines it abandoned stay in the file, and are
// no better protected than any line after the last checkpoint), but it is
// worth a warning.
bool trail_checker::restarted(std::vector<file_lines> &files, std::size_t fi, std::size_t i) {
  const line &l = files[fi].lines[i];
  if (!have_checkpoint_ || l.seq != covered_to_ + 1 || l.seq >= expected_ ||
      !detail::equal(detail::chain_next(checkpoint_chain_, l.record), l.chain) || !mac_ok(l))
    return false;
  // A copy of the line already there is a repeat: a restart seals anew.
  const auto earlier = seen_.find(l.seq);
  if (earlier != seen_.end() && files[earlier->second.first].lines[earlier->second.second].raw == l.raw)
    return false;
  warn(files[fi], i,
       "the writer restarted from its checkpoint at record " + std::to_string(covered_to_) + "; " +
           range(l.seq, expected_ - 1) + " sealed twice, the earlier ones never checkpointed");
  for (std::uint64_t s = l.seq; s < expected_; ++s) seen_.erase(s);
  prev_ = checkpoint_chain_;
  expected_ = l.seq;
  epoch_records_ = 0;
  first_uncovered_.reset();
  return true;
}

// Something is wrong with line i: say what, looking at its neighbours.
bool trail_checker::diagnose(std::vector<file_lines> &files, std::size_t fi, std::size_t i) {
  const file_lines &f = files[fi];
  const line &l = f.lines[i];
  // A line sealed under the key of this epoch or of one a few checkpoints
  // later (a gap may have swallowed checkpoints). Without the MAC key any
  // line may be genuine.
  bool genuine = true;
  if (keys_.mac_key_) {
    genuine = false;
    detail::digest k = key_;
    for (int e = 0; e < 64 && !genuine; ++e, detail::ratchet(k)) genuine = mac_ok(l, k);
    OPENSSL_cleanse(k.data(), k.size());
  }
  auto at = [&](std::size_t g, std::size_t k) {
    return files[g].file->name + ":" + std::to_string(files[g].first_line + k);
  };
  // A genuine line ahead of its turn, with the missing records further
  // on: the lines were moved, not lost.
  if (l.seq > expected_ && genuine)
    for (std::size_t g = fi; g < files.size(); ++g)
      for (std::size_t k = g == fi ? i + 1 : 0; k < files[g].lines.size(); ++k) {
        const line &later = files[g].lines[k];
        if (later.error.empty() && later.seq >= expected_ && later.seq < l.seq)
          return fail(problem_kind::reordered, f, i,
                      "record " + std::to_string(l.seq) + " comes before record " +
                          std::to_string(later.seq) + " (" + at(g, k) + ")");
      }
  const auto earlier = seen_.find(l.seq);
  const bool repeat =
      earlier != seen_.end() && files[earlier->second.first].lines[earlier->second.second].raw == l.raw;
  // The next line carries on from the previous one as if line i were not
  // there: line i was put in.
  if (i + 1 < f.lines.size()) {
    const line &next = f.lines[i + 1];
    if (next.complete && next.error.empty() && next.seq == expected_ && links(next) && mac_ok(next)) {
      if (repeat)
        return fail(problem_kind::inserted, f, i,
                    "repeats record " + std::to_string(l.seq) + " of " +
                        at(earlier->second.first, earlier->second.second));
      return fail(problem_kind::inserted, f, i,
                  "record " + std::to_string(l.seq) +
                      " does not belong here: the next line continues the chain without it");
    }
  }
  if (l.seq < expected_) {
    if (earlier != seen_.end())
      return fail(problem_kind::inserted, f, i,
                  std::string(repeat ? "repeats" : "reuses the sequence number of") + " record " +
                      std::to_string(l.seq) + " of " + at(earlier->second.first, earlier->second.second));
    return fail(problem_kind::inserted, f, i,
                "record " + std::to_string(l.seq) + " comes after record " +
                    std::to_string(expected_ - 1));
  }
  if (l.seq > expected_) {
    // Without the key: the next line following the expected number says
    // this line's number was changed.
    if (!keys_.mac_key_ && i + 1 < f.lines.size() && f.lines[i + 1].error.empty() &&
        f.lines[i + 1].seq == expected_ + 1)
      genuine = false;
    if (genuine) {
      if (i == 0 && fi > 0 && !f.continued)
        return fail(problem_kind::truncated, f, i,
                    files[fi - 1].file->name + " ends after record " + std::to_string(expected_ - 1) +
                        " but this file continues from record " + std::to_string(l.seq) + ": " +
                        range(expected_, l.seq - 1) + " missing");
      return fail(problem_kind::deleted, f, i, range(expected_, l.seq - 1) + " missing");
    }
    return fail(problem_kind::modified, f, i,
                "record " + std::to_string(l.seq) + " where " + std::to_string(expected_) +
                    " was due, and its MAC does not verify");
  }
  if (!links(l))
    return fail(problem_kind::modified, f, i,
                "record " + std::to_string(l.seq) + " does not match its chain value");
  return fail(problem_kind::modified, f, i,
              "the MAC of record " + std::to_string(l.seq) +
                  " does not verify (forged, or sealed with another epoch's key)");
}

bool trail_checker::check_line(std::vector<file_lines> &files, std::size_t fi, std::size_t i) {
  file_lines &f = files[fi];
  line &l = f.lines[i];
  if (!l.complete)
    return fail(problem_kind::truncated, f, i,
                "the file ends mid-line (" + std::to_string(l.raw.size()) + " bytes without a newline)");
  if (!l.error.empty()) return fail(problem_kind::malformed, f, i, l.error);
  if (!started_ && !start(files, fi, i)) return false;
  if ((l.seq != expected_ || !links(l) || !mac_ok(l)) && !restarted(files, fi, i))
    return diagnose(files, fi, i);
  if (l.event == detail::checkpoint_event) {
    if (!check_checkpoint(f, i)) return false;
    covered_to_ = l.seq;
    checkpoint_chain_ = l.chain;
    have_checkpoint_ = true;
    first_uncovered_.reset();
  } else {
    if (epoch_records_) ++*epoch_records_;
    if (!first_uncovered_) first_uncovered_ = {fi, i};
  }
  seen_.emplace(l.seq, std::make_pair(fi, i));
  prev_ = l.chain;
  expected_ = l.seq + 1;
  ++report_.records;
  return true;
}

void trail_checker::run(std::vector<file_lines> &files, const std::vector<trail_file> &anchors) {
  for (std::size_t fi = 0; fi < files.size(); ++fi) {
    for (std::size_t i = 0; i < files[fi].lines.size(); ++i)
      if (!check_line(files, fi, i)) return;
    ++report_.files;
  }
  report_.epochs = report_.checkpoints + (first_uncovered_ ? 1 : 0);
  // Lines shipped off the host must all be in the trail: a trail that
  // ends before one was cut short.
  for (const trail_file &anchor : anchors) {
    std::vector<line> lines = split_lines(anchor.text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      line &a = lines[i];
      parse(a);
      if (!a.error.empty()) {
        report_.first_problem = problem{problem_kind::malformed, anchor.name, i + 1, a.error,
                                        a.offset};
        return;
      }
      const auto at = seen_.find(a.seq);
      if (at == seen_.end() && started_ && a.seq < report_.first_seq) {
        // The anchor knows records from before the first file: older files
        // were left out (or deleted).
        report_.first_problem = problem{
            problem_kind::deleted, files.front().file->name, 1,
            range(1, report_.first_seq - 1) + " missing: the trail starts at record " +
                std::to_string(report_.first_seq) + " but " + anchor.name + ":" +
                std::to_string(i + 1) + " holds record " + std::to_string(a.seq) +
                " (give the older files too)",
            0};
        return;
      }
      if (at == seen_.end()) {
        const file_lines &last = files.back();
        report_.first_problem = problem{
            problem_kind::truncated, last.file->name, last.lines.size() + 1,
            "the trail ends after record " + std::to_string(expected_ - 1) + " but " + anchor.name +
                ":" + std::to_string(i + 1) + " holds record " + std::to_string(a.seq),
            last.file->text.size()};
        return;
      }
      const line &ours = files[at->second.first].lines[at->second.second];
      if (ours.raw != a.raw) {
        report_.first_problem =
            problem{a.event == detail::checkpoint_event ? problem_kind::bad_checkpoint
                                                        : problem_kind::modified,
                    files[at->second.first].file->name, at->second.second + 1,
                    "differs from record " + std::to_string(a.seq) + " in " + anchor.name + ":" +
                        std::to_string(i + 1),
                    offset_of(files[at->second.first], at->second.second)};
        return;
      }
    }
  }
  finish(files);
}

void trail_checker::finish(const std::vector<file_lines> &files) {
  if (keys_.public_key_ && first_uncovered_) {
    const file_lines &f = files[first_uncovered_->first];
    warn(f, first_uncovered_->second,
         "records " + std::to_string(covered_to_ + 1) + ".." + std::to_string(expected_ - 1) +
             " are not yet covered by a checkpoint");
  }
}

verify_report verify_trail(const std::vector<trail_file> &files, const verify_keys &keys,
                           const std::vector<trail_file> &anchors) {
  verify_report report;
  std::vector<file_lines> parsed;
  parsed.reserve(files.size());
  for (const trail_file &f : files) {
    file_lines fl{&f, split_lines(f.text)};
    for (line &l : fl.lines)
      if (l.complete) parse(l);
    parsed.push_back(std::move(fl));
  }
  trail_checker checker(keys, report);
  checker.run(parsed, anchors);
  return report;
}

// The lines are kept (the checker looks back at them for repeats), each in
// a string of its own so that views into it survive later lines.
struct line_verifier::impl {
  explicit impl(const verify_keys &keys) : checker(keys, report) {}
  verify_report report;
  trail_checker checker;
  std::deque<trail_file> names;
  std::deque<std::string> texts;
  std::vector<file_lines> files;
  std::size_t forget_after = 10000;
};

line_verifier::line_verifier(const verify_keys &keys) : impl_(std::make_unique<impl>(keys)) {}
line_verifier::~line_verifier() = default;

void line_verifier::begin_file(std::string name) {
  impl_->names.push_back({std::move(name), {}});
  impl_->files.push_back({&impl_->names.back(), {}});
}

bool line_verifier::add(std::string_view text, std::uint64_t offset, bool complete) {
  impl &s = *impl_;
  if (s.report.first_problem) return false;
  if (s.files.empty()) begin_file("-");
  s.texts.emplace_back(text);
  line l;
  l.raw = s.texts.back();
  l.complete = complete;
  l.offset = offset;
  if (complete) parse(l);
  s.files.back().lines.push_back(std::move(l));
  const bool ok = s.checker.check_last(s.files);
  // A line that verified is needed again only if a later one repeats it;
  // its parsed form (a checkpoint's) only while it is the latest.
  if (ok) s.files.back().lines.back().value = nullptr;
  // A followed trail must not grow the follower without bound: at a
  // checkpoint, once enough are kept, the lines before it go.
  std::size_t kept = 0;
  for (const file_lines &f : s.files) kept += f.lines.size();
  if (ok && kept >= s.forget_after && s.checker.at_checkpoint()) {
    const file_lines &last = s.files.back();
    file_lines rest{last.file, {}, last.first_line + last.lines.size(), true};
    s.checker.forget_before_checkpoint();
    s.files.clear();
    s.files.push_back(std::move(rest));
    s.texts.clear();
  }
  return ok;
}

void line_verifier::forget_after(std::size_t lines) { impl_->forget_after = lines; }
std::size_t line_verifier::lines_kept() const noexcept {
  std::size_t kept = 0;
  for (const file_lines &f : impl_->files) kept += f.lines.size();
  return kept;
}

void line_verifier::finish() {
  if (!impl_->report.first_problem) impl_->checker.finish(impl_->files);
}

const std::optional<problem> &line_verifier::first_problem() const noexcept {
  return impl_->report.first_problem;
}
const std::vector<warning> &line_verifier::warnings() const noexcept {
  return impl_->report.warning_list;
}
std::uint64_t line_verifier::records() const noexcept { return impl_->report.records; }

}  // namespace verify
}  // namespace trailguard
