// The sealed trail end to end: trails written by the auditor with real
// generated events (shop.yaml), checked value by value against OpenSSL
// directly, then tampered with in every way the verifier must name.
#include "trail_verifier.hpp"

#include <shop.hpp>
#include <trailguard/audit.hpp>
#include <trailguard/detail/chain.hpp>
#include <trailguard/detail/record.hpp>
#include <trailguard/sinks.hpp>
#include <trailguard/trail.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>

namespace {

using namespace trailguard;
using verify::problem_kind;
using Login = shop::audit::AuthnLoginSuccess;
using json = nlohmann::json;
namespace fs = std::filesystem;

const context request{"u-42", actor_type::user, "s-9", "203.0.113.9", "r-1"};

std::string read(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write(const fs::path &p, const std::string &text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

std::vector<std::string> split(const std::string &text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

std::string join(const std::vector<std::string> &lines) {
  std::string s;
  for (const auto &l : lines) s += l + "\n";
  return s;
}

detail::digest unhex(const std::string &hex) {
  detail::digest d{};
  EXPECT_TRUE(detail::from_hex(hex, d)) << hex;
  return d;
}

// Independent of detail::chain_*: OpenSSL called the plain way.
detail::digest sha256_of(const detail::digest &prev, std::string_view record) {
  std::string bytes(reinterpret_cast<const char *>(prev.data()), prev.size());
  bytes += record;
  detail::digest out;
  unsigned int n = 0;
  EVP_Digest(bytes.data(), bytes.size(), out.data(), &n, EVP_sha256(), nullptr);
  return out;
}
detail::digest hmac_of(const detail::digest &key, const void *data, std::size_t size) {
  detail::digest out;
  unsigned int n = 32;
  HMAC(EVP_sha256(), key.data(), 32, static_cast<const unsigned char *>(data), size, out.data(), &n);
  return out;
}

// The record part of a line and its chain and MAC values.
struct sealed {
  std::string record, chain, mac;
};
sealed cut(const std::string &line) {
  const std::size_t at = line.size() - detail::seal_suffix_size;
  const json j = json::parse(line);
  return {line.substr(0, at), j["chain"], j["mac"]};
}
std::string reseal(const std::string &record, const detail::digest &chain, const detail::digest &mac) {
  return record + ",\"chain\":\"" + detail::to_hex(chain) + "\",\"mac\":\"" + detail::to_hex(mac) + "\"}";
}

// A rotating sink in memory: each rotate() starts a new "file".
class files_sink final : public sink {
 public:
  std::error_code write(std::string_view lines) override {
    if (fail_next) {
      fail_next = false;
      return std::make_error_code(std::errc::no_space_on_device);
    }
    files.back() += lines;
    return {};
  }
  std::string name() const override { return "files"; }
  bool rotation_due() override { return rotate_now; }
  std::error_code rotate(std::string_view first) override {
    rotate_now = false;
    files.emplace_back(first);
    return {};
  }
  std::string current_file() const override { return "t" + std::to_string(files.size()) + ".jsonl"; }

  std::vector<std::string> files{std::string()};
  bool rotate_now = false;
  bool fail_next = false;
};

class Trail : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/trailguard-trail-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir = tmpl;
    std::string detail;
    ASSERT_FALSE(create_trail_keys(dir.string(), &detail)) << detail;
    k0 = unhex(read(dir / "mac.key").substr(0, 64));
    std::string error;
    EXPECT_TRUE(keys.set_mac_key(read(dir / "mac.key"), error)) << error;
    EXPECT_TRUE(public_only.set_public_key(read(dir / "signing.pub.pem"), error)) << error;
    EXPECT_TRUE(both.set_mac_key(read(dir / "mac.key"), error));
    EXPECT_TRUE(both.set_public_key(read(dir / "signing.pub.pem"), error));
  }
  void TearDown() override { fs::remove_all(dir); }

  trail_options options(std::uint64_t every = 4) {
    trail_options o;
    o.state_file = (dir / "state.json").string();
    o.signing_key_file = (dir / "signing.pem").string();
    o.checkpoint_every = every;
    o.checkpoint_interval = std::chrono::hours(1);
    o.service = "shop";
    o.clock = [this] { return now; };
    o.on_checkpoint = [this](std::string_view line) { anchor += std::string(line) + "\n"; };
    return o;
  }

  std::shared_ptr<sealer> open(std::uint64_t every = 4) {
    std::error_code ec;
    std::string detail;
    auto s = open_trail_sealer(options(every), ec, &detail);
    EXPECT_TRUE(s) << ec.message() << ": " << detail;
    return s;
  }

  // `events` logins through an auditor with one sealed sink, then close.
  std::string write_trail(int events, std::uint64_t every = 4) {
    auditor_options ao;
    ao.service = "shop";
    ao.clock = [this] { return now; };
    auditor a(ao);
    auto mem = std::make_shared<memory_sink>();
    sink_options so;
    so.seal = open(every);
    a.add_sink(mem, so);
    for (int i = 0; i < events; ++i) {
      Login e("user-" + std::to_string(i), Login::Method::password);
      EXPECT_TRUE(a.emit(e, request).ok());
    }
    EXPECT_FALSE(a.close());
    return mem->text();
  }

  verify::verify_report check(const std::vector<std::string> &texts, const verify::verify_keys &k,
                              const std::string &anchor_text = {}) {
    std::vector<verify::trail_file> files;
    for (std::size_t i = 0; i < texts.size(); ++i)
      files.push_back({"t" + std::to_string(i + 1) + ".jsonl", texts[i]});
    std::vector<verify::trail_file> anchors;
    if (!anchor_text.empty()) anchors.push_back({"anchor.jsonl", anchor_text});
    return verify::verify_trail(files, k, anchors);
  }

  fs::path dir;
  detail::digest k0;
  verify::verify_keys keys, public_only, both;
  std::string anchor;
  std::chrono::system_clock::time_point now{std::chrono::microseconds(1795750657123456)};
};

#define EXPECT_PROBLEM(report, kind_, line_)                                                    \
  do {                                                                                          \
    const auto &r_ = (report);                                                                  \
    ASSERT_TRUE(r_.first_problem) << "no problem found";                                        \
    EXPECT_EQ(verify::to_string(r_.first_problem->kind), std::string(verify::to_string(kind_))) \
        << r_.first_problem->what;                                                              \
    EXPECT_EQ(r_.first_problem->line, std::uint64_t(line_)) << r_.first_problem->what;          \
  } while (0)

TEST_F(Trail, ChainAndMacAreSha256AndHmacOverTheRecordBytes) {
  const auto lines = split(write_trail(2, 100));
  ASSERT_EQ(lines.size(), 3u);  // two records and the final checkpoint
  detail::digest prev{};
  for (const auto &line : lines) {
    const sealed s = cut(line);
    const detail::digest chain = sha256_of(prev, s.record);
    EXPECT_EQ(s.chain, detail::to_hex(chain));
    EXPECT_EQ(s.mac, detail::to_hex(hmac_of(k0, chain.data(), chain.size())));
    prev = chain;
  }
  EXPECT_EQ(json::parse(lines[0])["seq"], 1);
  EXPECT_EQ(json::parse(lines[1])["seq"], 2);
  EXPECT_TRUE(lines[0].rfind("{\"seq\":1,\"time\":", 0) == 0);
}

TEST_F(Trail, CheckpointsSignTheHeadAndRatchetTheKey) {
  const auto lines = split(write_trail(5, 2));
  // 1 2 cp 3 4 cp 5 cp(close)
  ASSERT_EQ(lines.size(), 8u);
  const json cp = json::parse(lines[2]);
  EXPECT_EQ(cp["seq"], 3);
  EXPECT_EQ(cp["event"], "trailguard.checkpoint");
  EXPECT_EQ(cp["service"], "shop");
  EXPECT_EQ(cp["fields"]["epoch"], 0);
  EXPECT_EQ(cp["fields"]["records"], 2);
  EXPECT_EQ(cp["fields"]["head"], json::parse(lines[1])["chain"]);
  EXPECT_EQ(cp["fields"]["signature"].get<std::string>().size(), 128u);
  // The checkpoint is MACed with the epoch's own key, the next line with
  // K_1 = HMAC(K_0, label).
  EXPECT_EQ(cp["mac"], detail::to_hex(hmac_of(k0, unhex(cp["chain"]).data(), 32)));
  const detail::digest k1 = hmac_of(k0, detail::ratchet_label.data(), detail::ratchet_label.size());
  const json after = json::parse(lines[3]);
  EXPECT_EQ(after["mac"], detail::to_hex(hmac_of(k1, unhex(after["chain"]).data(), 32)));
  EXPECT_EQ(json::parse(lines[5])["fields"]["epoch"], 1);
  EXPECT_EQ(json::parse(lines[7])["fields"]["epoch"], 2);
  EXPECT_EQ(json::parse(lines[7])["fields"]["records"], 1);

  // The state holds K_3 only: no earlier key is left on disk.
  const std::string state = read(dir / "state.json");
  const detail::digest k2 = hmac_of(k1, detail::ratchet_label.data(), detail::ratchet_label.size());
  const detail::digest k3 = hmac_of(k2, detail::ratchet_label.data(), detail::ratchet_label.size());
  EXPECT_EQ(state.find(detail::to_hex(k0)), std::string::npos);
  EXPECT_EQ(state.find(detail::to_hex(k1)), std::string::npos);
  EXPECT_EQ(state.find(detail::to_hex(k2)), std::string::npos);
  EXPECT_NE(state.find(detail::to_hex(k3)), std::string::npos);
  EXPECT_NE(state.find("\"epoch\":3,\"next_seq\":9"), std::string::npos) << state;
  EXPECT_EQ(fs::status(dir / "state.json").permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_FALSE(fs::exists(dir / "state.json.tmp"));

  // Every checkpoint was handed over for shipping, in order.
  EXPECT_EQ(anchor, lines[2] + "\n" + lines[5] + "\n" + lines[7] + "\n");

  const auto report = check({join(lines)}, both);
  EXPECT_TRUE(report.intact()) << report.first_problem->what;
  EXPECT_EQ(report.records, 8u);
  EXPECT_EQ(report.checkpoints, 3u);
  EXPECT_EQ(report.epochs, 3u);
}

// The state file is replaced in after_commit(), which the auditor calls
// once the sink's lock is released: a checkpoint's fsyncs do not stall the
// other emitters. Until then the file still holds the older key.
TEST_F(Trail, StateIsReplacedAfterTheLockNotUnderIt) {
  auto s = open(2);
  std::string lines;
  s->seal(lines, "{\"seq\":1,\"time\":\"2026-11-27T03:37:37.123456Z\"", 1);
  s->commit();
  s->after_commit();
  lines.clear();
  s->seal(lines, "{\"seq\":2,\"time\":\"2026-11-27T03:37:37.123456Z\"", 2);  // + checkpoint
  ASSERT_EQ(split(lines).size(), 2u);
  s->commit();
  EXPECT_NE(read(dir / "state.json").find(detail::to_hex(k0)), std::string::npos)
      << "replaced under the lock";
  s->after_commit();
  const std::string state = read(dir / "state.json");
  EXPECT_EQ(state.find(detail::to_hex(k0)), std::string::npos) << "K_0 is still on disk";
  EXPECT_NE(state.find("\"epoch\":1,\"next_seq\":4"), std::string::npos) << state;
}

TEST_F(Trail, CheckpointAfterTheIntervalAtTheNextRecord) {
  auditor_options ao;
  ao.service = "shop";
  ao.clock = [this] { return now; };
  auditor a(ao);
  auto mem = std::make_shared<memory_sink>();
  sink_options so;
  so.seal = open(1000);
  a.add_sink(mem, so);
  Login e("alice", Login::Method::totp);
  ASSERT_TRUE(a.emit(e, request));
  now += std::chrono::minutes(59);
  ASSERT_TRUE(a.emit(e, request));
  EXPECT_EQ(mem->lines().size(), 2u);
  now += std::chrono::minutes(2);
  ASSERT_TRUE(a.emit(e, request));
  ASSERT_EQ(mem->lines().size(), 4u);
  EXPECT_EQ(json::parse(mem->lines()[3])["event"], "trailguard.checkpoint");
  EXPECT_EQ(json::parse(mem->lines()[3])["fields"]["records"], 3);
}

TEST_F(Trail, AFailedWriteIsRolledBackWithoutAGap) {
  auditor_options ao;
  ao.service = "shop";
  auditor a(ao);
  auto files = std::make_shared<files_sink>();
  sink_options so;
  so.seal = open(2);
  a.add_sink(files, so);
  Login e("alice", Login::Method::totp);
  ASSERT_TRUE(a.emit(e, request));
  files->fail_next = true;  // record 2 and its checkpoint are lost
  EXPECT_EQ(a.emit(e, request).status(), emit_status::write_failed);
  EXPECT_EQ(so.seal->next_seq(), 2u);
  ASSERT_TRUE(a.emit(e, request));
  ASSERT_FALSE(a.close());
  const auto lines = split(files->files[0]);
  ASSERT_EQ(lines.size(), 3u);  // 1 2 cp(3), nothing left for close()
  EXPECT_EQ(json::parse(lines[1])["seq"], 2);
  const auto report = check({files->files[0]}, both);
  EXPECT_TRUE(report.intact()) << report.first_problem->what;
}

TEST_F(Trail, ResumesFromTheStateFileAfterARestart) {
  const std::string first = write_trail(3, 2);   // 1 2 cp 3 cp
  const std::string second = write_trail(3, 2);  // 6 7 cp 8 9 cp
  EXPECT_EQ(json::parse(split(second)[0])["seq"], 6);
  const auto report = check({first + second}, both);
  EXPECT_TRUE(report.intact()) << report.first_problem->what;
  EXPECT_EQ(report.checkpoints, 4u);
}

TEST_F(Trail, KeyAndStateProblemsAreErrorsNotCrashes) {
  std::error_code ec;
  std::string detail;
  EXPECT_EQ(create_trail_keys(dir.string(), &detail), trail_errc::keys_exist);
  EXPECT_EQ(detail, (dir / "mac.key").string());
  EXPECT_EQ(fs::status(dir / "mac.key").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(fs::status(dir / "signing.pem").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);

  ::chmod((dir / "state.json").c_str(), 0644);
  EXPECT_FALSE(open_trail_sealer(options(), ec, &detail));
  EXPECT_EQ(ec, trail_errc::bad_permissions);
  EXPECT_EQ(detail, (dir / "state.json").string());
  ::chmod((dir / "state.json").c_str(), 0600);

  const std::string good_state = read(dir / "state.json");
  for (const std::string bad : {std::string(), std::string("{}"), good_state.substr(0, 40),
                                good_state + "x", std::string("\0\0\0", 3)}) {
    write(dir / "state.json", bad);
    EXPECT_FALSE(open_trail_sealer(options(), ec, &detail));
    EXPECT_EQ(ec, trail_errc::bad_state) << bad;
  }
  write(dir / "state.json", good_state);

  ::chmod((dir / "signing.pem").c_str(), 0640);
  EXPECT_FALSE(open_trail_sealer(options(), ec, &detail));
  EXPECT_EQ(ec, trail_errc::bad_permissions);
  EXPECT_EQ(detail, (dir / "signing.pem").string());
  EXPECT_NE(ec.message().find("chmod 600"), std::string::npos);
  ::chmod((dir / "signing.pem").c_str(), 0600);

  const std::string pem = read(dir / "signing.pem");
  write(dir / "signing.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
  EXPECT_FALSE(open_trail_sealer(options(), ec, &detail));
  EXPECT_EQ(ec, trail_errc::bad_signing_key);
  EXPECT_EQ(detail, (dir / "signing.pem").string());
  write(dir / "signing.pem", pem);

  trail_options missing = options();
  missing.state_file = (dir / "nope.json").string();
  EXPECT_FALSE(open_trail_sealer(missing, ec, &detail));
  EXPECT_EQ(ec, std::errc::no_such_file_or_directory);
  EXPECT_TRUE(open(4));

  std::string error;
  verify::verify_keys k;
  EXPECT_FALSE(k.set_mac_key("xyz", error));
  EXPECT_FALSE(k.set_public_key(pem, error));  // a private key is not a public one
  EXPECT_FALSE(k.set_public_key("", error));
}

// --- Tampering -----------------------------------------------------------

class Tamper : public Trail {
 protected:
  void SetUp() override {
    Trail::SetUp();
    // 1 2 3 cp(4) 5 6 7 cp(8) 9 10 11 cp(12) 12.. with every = 3
    lines = split(write_trail(10, 3));
    ASSERT_EQ(lines.size(), 14u);
    ASSERT_TRUE(check({join(lines)}, both).intact());
  }
  // An attacker without the MAC key recomputes the chain from `from` on, so
  // that every line links again; the MACs stay as they were.
  void rechain(std::vector<std::string> &ls, std::size_t from, const detail::digest *mac_key = nullptr) {
    detail::digest prev = from == 0 ? detail::digest{} : unhex(cut(ls[from - 1]).chain);
    for (std::size_t i = from; i < ls.size(); ++i) {
      const sealed s = cut(ls[i]);
      const detail::digest chain = sha256_of(prev, s.record);
      const detail::digest mac = mac_key ? hmac_of(*mac_key, chain.data(), 32) : unhex(s.mac);
      ls[i] = reseal(s.record, chain, mac);
      prev = chain;
    }
  }
  std::vector<std::string> lines;
};

TEST_F(Tamper, IntactTrailVerifiesWithEitherKey) {
  for (const auto *k : {&keys, &public_only, &both}) {
    const auto r = check({join(lines)}, *k);
    EXPECT_TRUE(r.intact());
    EXPECT_EQ(r.records, 14u);
    EXPECT_TRUE(r.warnings.empty());
  }
  EXPECT_EQ(check({join(lines)}, public_only).checkpoints, 4u);
  EXPECT_EQ(check({join(lines)}, keys).checkpoints, 4u);  // by their MACs
}

TEST_F(Tamper, ModifiedByte) {
  auto ls = lines;
  const auto at = ls[5].find("user-4");
  ASSERT_NE(at, std::string::npos);
  ls[5][at + 5] = '9';
  for (const auto *k : {&keys, &public_only, &both}) EXPECT_PROBLEM(check({join(ls)}, *k), problem_kind::modified, 6);
}

TEST_F(Tamper, ModifiedAndRechainedWithoutTheKey) {
  auto ls = lines;
  ls[1].replace(ls[1].find("user-1"), 6, "user-X");
  rechain(ls, 1);
  EXPECT_PROBLEM(check({join(ls)}, keys), problem_kind::modified, 2);
  // Without the MAC key, the signed head of the next checkpoint gives it away.
  EXPECT_PROBLEM(check({join(ls)}, public_only), problem_kind::bad_checkpoint, 4);
}

TEST_F(Tamper, DeletedLine) {
  auto ls = lines;
  ls.erase(ls.begin() + 5);
  const auto r = check({join(ls)}, keys);
  EXPECT_PROBLEM(r, problem_kind::deleted, 6);
  EXPECT_NE(r.first_problem->what.find("record 6 is missing"), std::string::npos) << r.first_problem->what;
  EXPECT_PROBLEM(check({join(ls)}, public_only), problem_kind::deleted, 6);
  // Several lines, a checkpoint among them.
  ls = lines;
  ls.erase(ls.begin() + 2, ls.begin() + 6);
  EXPECT_PROBLEM(check({join(ls)}, both), problem_kind::deleted, 3);
}

TEST_F(Tamper, InsertedForgedLine) {
  auto ls = lines;
  // A plausible line in the right place: next number, chain recomputed,
  // MAC guessed; the genuine lines after it are left alone.
  std::string record = cut(ls[4]).record;
  record.replace(0, 8, "{\"seq\":6");
  record.replace(record.find("user-3"), 6, "mallory");
  const detail::digest chain = sha256_of(unhex(cut(ls[4]).chain), record);
  ls.insert(ls.begin() + 5, reseal(record, chain, chain));
  EXPECT_PROBLEM(check({join(ls)}, keys), problem_kind::inserted, 6);
  EXPECT_PROBLEM(check({join(ls)}, both), problem_kind::inserted, 6);
}

TEST_F(Tamper, InsertedRepeat) {
  auto ls = lines;
  ls.insert(ls.begin() + 5, ls[4]);
  const auto r = check({join(ls)}, both);
  EXPECT_PROBLEM(r, problem_kind::inserted, 6);
  EXPECT_NE(r.first_problem->what.find("repeats record 5 of t1.jsonl:5"), std::string::npos)
      << r.first_problem->what;
  // A copy of an old line at the end, with nothing after it.
  ls = lines;
  ls.push_back(ls[0]);
  EXPECT_PROBLEM(check({join(ls)}, keys), problem_kind::inserted, 15);
}

TEST_F(Tamper, ReorderedLines) {
  auto ls = lines;
  std::swap(ls[5], ls[6]);
  const auto r = check({join(ls)}, both);
  EXPECT_PROBLEM(r, problem_kind::reordered, 6);
  EXPECT_NE(r.first_problem->what.find("record 7 comes before record 6"), std::string::npos)
      << r.first_problem->what;
  // A line moved far down.
  ls = lines;
  const std::string moved = ls[1];
  ls.erase(ls.begin() + 1);
  ls.insert(ls.begin() + 9, moved);
  EXPECT_PROBLEM(check({join(ls)}, keys), problem_kind::reordered, 2);
}

TEST_F(Tamper, TruncatedMidLine) {
  std::string text = join(lines);
  text.resize(text.size() - 30);
  EXPECT_PROBLEM(check({text}, keys), problem_kind::truncated, 14);
  text = join(lines);
  text.pop_back();  // only the final newline
  EXPECT_PROBLEM(check({text}, public_only), problem_kind::truncated, 14);
}

TEST_F(Tamper, TailDroppedAfterACheckpoint) {
  auto ls = lines;
  ls.resize(8);  // ends with the checkpoint of record 8
  // The trail alone cannot tell (docs: an external anchor can) ...
  EXPECT_TRUE(check({join(ls)}, both).intact());
  // ... the checkpoints shipped off the host can.
  const auto r = check({join(ls)}, both, anchor);
  EXPECT_PROBLEM(r, problem_kind::truncated, 9);
  EXPECT_NE(r.first_problem->what.find("the trail ends after record 8 but anchor.jsonl:3 holds record 12"),
            std::string::npos)
      << r.first_problem->what;
  EXPECT_TRUE(check({join(lines)}, both, anchor).intact());
}

TEST_F(Tamper, BadCheckpointSignature) {
  auto ls = lines;
  const auto at = ls[7].find("\"signature\":\"") + 13;
  ls[7][at] = ls[7][at] == '0' ? '1' : '0';
  // With the MAC key any change shows as a modified line ...
  EXPECT_PROBLEM(check({join(ls)}, keys), problem_kind::modified, 8);
  // ... without it the attacker can rechain, and the signature says no.
  rechain(ls, 7);
  const auto r = check({join(ls)}, public_only);
  EXPECT_PROBLEM(r, problem_kind::bad_checkpoint, 8);
  EXPECT_NE(r.first_problem->what.find("signature does not verify"), std::string::npos);
}

TEST_F(Tamper, CheckpointFromAnotherKey) {
  const fs::path other = dir / "other";
  fs::create_directory(other);
  ASSERT_FALSE(create_trail_keys(other.string()));
  verify::verify_keys wrong;
  std::string error;
  ASSERT_TRUE(wrong.set_public_key(read(other / "signing.pub.pem"), error));
  const auto r = check({join(lines)}, wrong);
  EXPECT_PROBLEM(r, problem_kind::bad_checkpoint, 4);
  EXPECT_NE(r.first_problem->what.find("not by the given public key"), std::string::npos);
}

TEST_F(Tamper, ForwardSecurityAStolenKeyCannotRewriteEarlierEpochs) {
  // The attacker takes the host after the trail closed: state.json holds
  // the current key, K_4. Rewriting record 2 (epoch 0) and re-MACing every
  // line with the stolen key does not verify.
  const json state = json::parse(read(dir / "state.json"));
  const detail::digest stolen = unhex(state["key"]);
  auto ls = lines;
  ls[1].replace(ls[1].find("user-1"), 6, "user-X");
  rechain(ls, 1, &stolen);
  EXPECT_PROBLEM(check({join(ls)}, keys), problem_kind::modified, 2);
  // Even a line of the last epoch was sealed with a key the attacker never had.
  ls = lines;
  ls[12].replace(ls[12].find("user-9"), 6, "user-X");
  rechain(ls, 12, &stolen);
  EXPECT_PROBLEM(check({join(ls)}, keys), problem_kind::modified, 13);
}

TEST_F(Tamper, Malformed) {
  auto ls = lines;
  ls[3] = "not json at all";
  EXPECT_PROBLEM(check({join(ls)}, keys), problem_kind::malformed, 4);
  ls = lines;
  ls[3] = cut(ls[3]).record + "}";  // the chain and MAC cut off
  EXPECT_PROBLEM(check({join(ls)}, keys), problem_kind::malformed, 4);
}

TEST_F(Trail, UncoveredLinesAreAWarningWithThePublicKeyOnly) {
  auditor_options ao;
  ao.service = "shop";
  auto mem = std::make_shared<memory_sink>();
  {
    auditor a(ao);
    sink_options so;
    so.seal = open(3);
    a.add_sink(mem, so);
    Login e("alice", Login::Method::totp);
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(a.emit(e, request));
  }  // closes: 1 2 3 cp 5 6 cp
  auto ls = mem->lines();
  ls.pop_back();  // as if the writer were still running
  const auto r = check({join(ls)}, public_only);
  ASSERT_TRUE(r.intact());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], "t1.jsonl:5: warning: records 5..6 are not yet covered by a checkpoint");
  EXPECT_TRUE(check({join(ls)}, keys).warnings.empty());
}

TEST_F(Trail, ARestartAfterACrashIsAWarning) {
  auditor_options ao;
  ao.service = "shop";
  auto files = std::make_shared<files_sink>();
  Login e("alice", Login::Method::totp);
  {
    auditor a(ao);
    sink_options so;
    so.seal = open(3);
    a.add_sink(files, so);
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(a.emit(e, request));
    files->fail_next = true;  // the final checkpoint never lands: a crash
  }  // 1 2 3 cp 5 6
  {
    auditor a(ao);
    sink_options so;
    so.seal = open(3);  // resumes from the checkpoint at record 4
    a.add_sink(files, so);
    for (int i = 0; i < 2; ++i) ASSERT_TRUE(a.emit(e, request));
  }  // 5 6 cp
  const auto ls = split(files->files[0]);
  ASSERT_EQ(ls.size(), 9u);
  EXPECT_EQ(json::parse(ls[6])["seq"], 5);
  for (const auto *k : {&keys, &public_only, &both}) {
    const auto r = check({files->files[0]}, *k);
    ASSERT_TRUE(r.intact()) << r.first_problem->what;
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_EQ(r.warnings[0],
              "t1.jsonl:7: warning: the writer restarted from its checkpoint at record 4; records "
              "5..6 are sealed twice, the earlier ones never checkpointed");
  }
  // Anything else that goes back is still an insertion.
  auto forged = ls;
  forged.insert(forged.begin() + 6, ls[4]);
  EXPECT_PROBLEM(check({join(forged)}, keys), problem_kind::inserted, 7);
}

// A crash, simulated by copying the state file and the trail file at some
// moment and going on from the copies in a new process' place.
class TrailCrash : public Trail {
 protected:
  // Events into trail.jsonl through a file sink; `at_copy` runs after each.
  void write_file(int events, std::uint64_t every, const std::function<void(int)> &after = {},
                  std::uint64_t rotate_bytes = 0) {
    auditor_options ao;
    ao.service = "shop";
    ao.clock = [this] { return now; };
    auditor a(ao);
    std::error_code ec;
    file_sink_options fo;
    fo.rotate_bytes = rotate_bytes;
    auto file = open_file_sink((dir / "trail.jsonl").string(), fo, ec);
    ASSERT_TRUE(file) << ec.message();
    sink_options so;
    so.seal = open(every);
    a.add_sink(file, so);
    for (int i = 0; i < events; ++i) {
      ASSERT_TRUE(a.emit(Login("user-" + std::to_string(i), Login::Method::password), request));
      if (after) after(i + 1);
    }
  }
  void copy_state() { fs::copy_file(dir / "state.json", dir / "crash-state.json"); }
  void copy_trail() { fs::copy_file(dir / "trail.jsonl", dir / "crash.jsonl"); }

  // Reopens from the copies with resume_file set, writes `events` more, closes.
  std::vector<std::string> messages;
  void resume_and_write(int events, std::uint64_t every) {
    trail_options o = options(every);
    o.state_file = (dir / "crash-state.json").string();
    o.resume_file = (dir / "crash.jsonl").string();
    o.error_handler = [this](const std::string &m) { messages.push_back(m); };
    std::error_code ec;
    std::string detail;
    sink_options so;
    so.seal = open_trail_sealer(o, ec, &detail);
    ASSERT_TRUE(so.seal) << ec.message() << ": " << detail;
    auditor_options ao;
    ao.service = "shop";
    ao.clock = [this] { return now; };
    auditor a(ao);
    auto file = open_file_sink(o.resume_file, {}, ec);
    ASSERT_TRUE(file) << ec.message();
    a.add_sink(file, so);
    for (int i = 0; i < events; ++i)
      ASSERT_TRUE(a.emit(Login("late-" + std::to_string(i), Login::Method::password), request));
    ASSERT_FALSE(a.close());
  }
  std::vector<std::uint64_t> seqs(const std::vector<std::string> &lines) {
    std::vector<std::uint64_t> out;
    for (const auto &l : lines) out.push_back(json::parse(l)["seq"]);
    return out;
  }
};

TEST_F(TrailCrash, ResumesAfterTheLinesWrittenSinceTheCheckpoint) {
  write_file(5, 3, [this](int n) {
    if (n == 5) copy_state(), copy_trail();
  });  // 1 2 3 cp4 5 6, the state at cp4
  resume_and_write(2, 3);
  const auto ls = split(read(dir / "crash.jsonl"));
  EXPECT_EQ(seqs(ls), (std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_TRUE(messages.empty());
  for (const auto *k : {&keys, &public_only, &both}) {
    const auto r = check({read(dir / "crash.jsonl")}, *k);
    ASSERT_TRUE(r.intact()) << r.first_problem->what;
    EXPECT_TRUE(r.warnings.empty()) << r.warnings[0];
  }
}

TEST_F(TrailCrash, TakesOverACheckpointTheStateMissed) {
  write_file(5, 3, [this](int n) {
    if (n == 2) copy_state();  // K0, before the checkpoint at 4
    if (n == 5) copy_trail();
  });
  resume_and_write(1, 3);
  // The taken-over checkpoint ratcheted the key: K0 is gone from the state.
  EXPECT_EQ(read(dir / "crash-state.json").find(detail::to_hex(k0)), std::string::npos);
  const auto r = check({read(dir / "crash.jsonl")}, both);
  ASSERT_TRUE(r.intact()) << r.first_problem->what;
  EXPECT_TRUE(r.warnings.empty()) << r.warnings[0];
  EXPECT_EQ(seqs(split(read(dir / "crash.jsonl"))).back(), 8u);  // 1 2 3 cp4 5 6, then 7 and cp8
}

// A rotation seals a checkpoint right after its record, so the state's last
// record is in the new file and a crash before the next regular checkpoint
// is still taken over.
TEST_F(TrailCrash, ResumesInTheFileARotationStarted) {
  std::uintmax_t size_before = 0;
  write_file(
      12, 1000,
      [&](int n) {
        const std::uintmax_t size = fs::file_size(dir / "trail.jsonl");
        if (n > 1 && size < size_before && !fs::exists(dir / "crash.jsonl"))
          copy_state(), copy_trail();  // just rotated: rotate, checkpoint, one line
        size_before = size;
      },
      2000);
  ASSERT_TRUE(fs::exists(dir / "crash.jsonl")) << "no rotation happened";
  resume_and_write(1, 1000);
  EXPECT_TRUE(messages.empty()) << messages[0];
  const auto ls = split(read(dir / "crash.jsonl"));
  ASSERT_GE(ls.size(), 5u);
  EXPECT_EQ(json::parse(ls[0])["event"], "trailguard.rotate");
  EXPECT_EQ(json::parse(ls[1])["event"], "trailguard.checkpoint");
  const auto s = seqs(ls);
  for (std::size_t i = 1; i < s.size(); ++i) EXPECT_EQ(s[i], s[i - 1] + 1) << "line " << i + 1;
}

TEST_F(TrailCrash, ALineTornByTheCrashIsReportedAndLeftAlone) {
  write_file(5, 3, [this](int n) {
    if (n == 5) copy_state(), copy_trail();
  });
  std::ofstream(dir / "crash.jsonl", std::ios::app) << "{\"seq\":7,\"time\":\"2026-";
  resume_and_write(1, 3);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0].find("resuming after seq 6; 1 later line(s) do not verify"), std::string::npos)
      << messages[0];
  auto ls = split(read(dir / "crash.jsonl"));
  ASSERT_EQ(ls.size(), 9u);
  EXPECT_EQ(ls[6], "{\"seq\":7,\"time\":\"2026-");  // ended by the file sink, not rewritten
  ls.erase(ls.begin() + 6);
  const auto r = check({join(ls)}, both);
  ASSERT_TRUE(r.intact()) << r.first_problem->what;
  EXPECT_EQ(seqs(ls), (std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 7, 8}));
}

TEST_F(Trail, RotatedFilesVerifyTogetherAndAlone) {
  auditor_options ao;
  ao.service = "shop";
  auto files = std::make_shared<files_sink>();
  {
    auditor a(ao);
    sink_options so;
    so.seal = open(3);
    a.add_sink(files, so);
    Login e("alice", Login::Method::totp);
    for (int i = 0; i < 12; ++i) {
      if (i == 4 || i == 8) files->rotate_now = true;
      ASSERT_TRUE(a.emit(e, request));
    }
  }
  const auto &f = files->files;
  ASSERT_EQ(f.size(), 3u);
  const json rotate = json::parse(split(f[1])[0]);
  EXPECT_EQ(rotate["event"], "trailguard.rotate");
  EXPECT_EQ(rotate["fields"]["previous_file"], "t1.jsonl");
  EXPECT_EQ(rotate["fields"]["previous_chain"], json::parse(split(f[0]).back())["chain"]);

  for (const auto *k : {&keys, &public_only, &both}) {
    const auto all = check({f[0], f[1], f[2]}, *k);
    EXPECT_TRUE(all.intact()) << all.first_problem->what;
    EXPECT_EQ(all.files, 3u);
    for (std::size_t i = 1; i < 3; ++i) {
      const auto alone = check({f[i]}, *k);
      EXPECT_TRUE(alone.intact()) << i << ": " << alone.first_problem->what;
    }
    EXPECT_TRUE(check({f[1], f[2]}, *k).intact());
  }
  // A file left out in the middle: the next file starts later than the
  // previous one ends.
  EXPECT_PROBLEM(check({f[0], f[2]}, both), problem_kind::truncated, 1);
  // The tail of the first file dropped, after its checkpoint.
  auto first = split(f[0]);
  first.pop_back();
  const auto r = check({join(first), f[1], f[2]}, keys);
  EXPECT_PROBLEM(r, problem_kind::truncated, 1);
  EXPECT_EQ(r.first_problem->file, "t2.jsonl");
  // A middle file alone that lost its rotate record has nothing to start from.
  auto second = split(f[1]);
  second.erase(second.begin());
  EXPECT_PROBLEM(check({join(second)}, keys), problem_kind::deleted, 1);
}

// Service names a deployment might get wrong or an attacker might choose:
// quotes and backslashes, controls, invalid UTF-8, separators, bidi
// controls, a BOM, a replacement character that is really there, and the
// extremes of length.
std::vector<std::string> hostile_service_names() {
  std::vector<std::string> names = {
      "", "shop", "a\"b", "a\\b", "\\u0041", "\\ufffd", "\",\"event\":\"forged", "caf\xc3\xa9",
      "\xf0\x9f\x98\x80", "\xef\xbf\xbd", "x\xef\xbf\xbdy", std::string(4096, 's'),
      // Refused: controls, separators, bidi, BOM, invalid UTF-8.
      "line\nbreak", "cr\r", "tab\t", std::string("nul\0x", 5), "del\x7f", "nel\xc2\x85",
      "ls\xe2\x80\xa8", "ps\xe2\x80\xa9", "rlo\xe2\x80\xae", "lri\xe2\x81\xa6", "alm\xd8\x9c",
      "bom\xef\xbb\xbf", "\xff", "a\xfe", "\xc0\xaf", "\xed\xa0\x80", "\xe2\x80", "\xf4\x90\x80\x80",
      "\xc3", "x\xff\xef\xbf\xbd", "\xf8\x88\x80\x80\x80", std::string(4096, 's') + "\xff"};
  return names;
}

// The bytes a checkpoint signs hold the service name as a reader of the
// line gets it back: what the sealer signs and what the verifier rebuilds
// from the parsed line are the same message, whatever the name's bytes.
TEST(CheckpointMessage, TheSameFromTheNameAndFromItsLine) {
  for (const std::string &name : hostile_service_names()) {
    std::string line = "{\"service\":";
    detail::append_string(line, name);
    line += '}';
    const std::string decoded = json::parse(line)["service"].get<std::string>();
    EXPECT_EQ(detail::checkpoint_message(name, 4, 1, std::string(64, 'a'), 3),
              detail::checkpoint_message(decoded, 4, 1, std::string(64, 'a'), 3))
        << json(decoded).dump();
  }
}

// A trail the runtime wrote always verifies: a service name is refused
// where the trail is set up (the sealer, the auditor), or written the same
// way into every record and checkpoint, through rotations, and verified.
TEST_F(Trail, HostileServiceNamesAreRefusedOrVerify) {
  int verified = 0, refused = 0;
  for (const std::string &name : hostile_service_names()) {
    SCOPED_TRACE(json(name).dump(-1, ' ', false, json::error_handler_t::replace));
    // Keys of its own for each name: a trail that fails must not be
    // mistaken for a repeat of the previous name's.
    const fs::path sub = dir / std::to_string(verified + refused);
    fs::create_directory(sub);
    ASSERT_FALSE(create_trail_keys(sub.string()));
    std::string error;
    verify::verify_keys mac, pub, both_keys;
    ASSERT_TRUE(mac.set_mac_key(read(sub / "mac.key"), error));
    ASSERT_TRUE(pub.set_public_key(read(sub / "signing.pub.pem"), error));
    ASSERT_TRUE(both_keys.set_mac_key(read(sub / "mac.key"), error));
    ASSERT_TRUE(both_keys.set_public_key(read(sub / "signing.pub.pem"), error));
    trail_options o = options(3);
    o.state_file = (sub / "state.json").string();
    o.signing_key_file = (sub / "signing.pem").string();
    o.service = name;
    std::error_code ec;
    std::string detail;
    auto seal = open_trail_sealer(o, ec, &detail);
    auditor_options ao;
    ao.service = name;
    if (!seal) {
      EXPECT_EQ(ec, trail_errc::bad_service) << ec.message();
      EXPECT_NE(ec.message().find("service"), std::string::npos) << ec.message();
      EXPECT_THROW(auditor{ao}, std::invalid_argument);
      EXPECT_NE(invalid_service_name(name), nullptr);
      ++refused;
      continue;
    }
    EXPECT_EQ(invalid_service_name(name), nullptr);
    auto files = std::make_shared<files_sink>();
    {
      auditor a(ao);
      sink_options so;
      so.seal = seal;
      a.add_sink(files, so);
      Login e("alice", Login::Method::totp);
      for (int i = 0; i < 9; ++i) {
        if (i == 4 || i == 7) files->rotate_now = true;
        ASSERT_TRUE(a.emit(e, request));
      }
      ASSERT_FALSE(a.close());
    }
    const auto &f = files->files;
    ASSERT_EQ(f.size(), 3u);
    for (const auto &text : f)
      for (const auto &line : split(text)) {
        const json j = json::parse(line);
        if (j["event"] == "trailguard.rotate" || j["event"] == "trailguard.checkpoint")
          EXPECT_EQ(j["service"], name);
      }
    for (const auto *k : {&mac, &pub, &both_keys}) {
      const auto all = check({f[0], f[1], f[2]}, *k);
      EXPECT_TRUE(all.intact()) << all.first_problem->line << ": " << all.first_problem->what;
      EXPECT_GE(all.checkpoints, 4u);
      for (std::size_t i = 1; i < 3; ++i) {
        const auto alone = check({f[i]}, *k);
        EXPECT_TRUE(alone.intact()) << i << ": " << alone.first_problem->what;
      }
    }
    ++verified;
  }
  EXPECT_EQ(verified, 12);
  EXPECT_EQ(refused, 22);
}

// With the real file sink: its rotated files are one trail, and each one
// verifies alone from its rotate record.
TEST_F(Trail, FileSinkRotationCarriesTheChain) {
  const fs::path logs = dir / "logs";
  fs::create_directory(logs);
  file_sink_options fo;
  fo.sync = fsync_policy::never;
  fo.rotate_bytes = 3000;
  std::error_code ec;
  auto file = open_file_sink((logs / "audit.jsonl").string(), fo, ec);
  ASSERT_TRUE(file) << ec.message();
  {
    auditor_options ao;
    ao.service = "shop";
    auditor a(ao);
    sink_options so;
    so.seal = open(5);
    a.add_sink(file, so);
    for (int i = 0; i < 30; ++i) {
      Login e("user-" + std::to_string(i), Login::Method::passkey);
      ASSERT_TRUE(a.emit(e, request));
    }
  }
  file.reset();
  // In trail order: by the first record's number.
  std::vector<std::pair<std::uint64_t, std::string>> files;
  for (const auto &entry : fs::directory_iterator(logs)) {
    const std::string text = read(entry.path());
    files.emplace_back(json::parse(text.substr(0, text.find('\n')))["seq"].get<std::uint64_t>(), text);
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 3u);
  std::vector<std::string> texts;
  for (const auto &f : files) texts.push_back(f.second);
  const auto all = check(texts, both);
  EXPECT_TRUE(all.intact()) << all.first_problem->file << ":" << all.first_problem->line << ": "
                            << all.first_problem->what;
  EXPECT_EQ(all.files, files.size());
  for (std::size_t i = 1; i < texts.size(); ++i) {
    const auto alone = check({texts[i]}, both);
    EXPECT_TRUE(alone.intact()) << i << ": " << alone.first_problem->what;
  }
}

}  // namespace
