// The trail line's format (detail/record.hpp): every record kind built by
// the shared builders, joined sealed and unsealed, comes back whole through
// the shared splitters and trailguard-verify's parser, and every malformed
// seal suffix is refused by both.
#include "trail_verifier.hpp"

#include <trailguard/detail/chain.hpp>
#include <trailguard/detail/json.hpp>
#include <trailguard/detail/record.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace trailguard;
using json = nlohmann::json;

const auto when = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));

// Text that looks like the line's own syntax: a seal suffix, a line break,
// another record's prefix and a trail event name, quotes, backslashes,
// controls and a line separator.
const std::string hostile = std::string(",\"chain\":\"") + std::string(64, 'a') + "\",\"mac\":\"" +
                            std::string(64, 'b') + "\"}\n{\"seq\":7,\"event\":\"" +
                            std::string(detail::checkpoint_event) + "\"}\\\"\r\t\x01\u2028";

// An event's record as the auditor lays it out: the prefix, then the body
// the encoder writes.
std::string event_record(std::uint64_t seq) {
  std::string r;
  detail::append_seq_prefix(r, seq);
  r += "\"time\":";
  EXPECT_TRUE(detail::append_timestamp(r, when));
  r += ",\"service\":\"svc\",\"event\":\"shop.note\",\"fields\":{\"text\":";
  detail::append_string(r, hostile);
  r += '}';
  return r;
}

struct signer {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key{EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"),
                                                          EVP_PKEY_free};
  std::string public_pem() const {
    BIO *bio = BIO_new(BIO_s_mem());
    EXPECT_EQ(PEM_write_bio_PUBKEY(bio, key.get()), 1);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<std::size_t>(size));
    BIO_free(bio);
    return pem;
  }
  std::string fingerprint() const {
    unsigned char raw[32];
    std::size_t size = sizeof raw;
    EXPECT_EQ(EVP_PKEY_get_raw_public_key(key.get(), raw, &size), 1);
    return detail::to_hex(detail::sha256({reinterpret_cast<const char *>(raw), size}));
  }
  std::vector<unsigned char> sign(const std::string &message) const {
    std::vector<unsigned char> sig(64);
    std::size_t length = sig.size();
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EXPECT_EQ(EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, key.get()), 1);
    EXPECT_EQ(EVP_DigestSign(ctx, sig.data(), &length,
                             reinterpret_cast<const unsigned char *>(message.data()), message.size()),
              1);
    EVP_MD_CTX_free(ctx);
    sig.resize(length);
    return sig;
  }
};

// Seals records as the sealer does: chained, MACed under the epoch's key,
// the key ratcheted after each checkpoint.
struct writer {
  detail::digest key{}, chain{};
  std::uint64_t records = 0, epoch = 0;
  std::string seal(const std::string &record, bool checkpoint) {
    chain = detail::chain_next(chain, record);
    std::string line;
    detail::append_sealed_line(line, record, chain, detail::chain_mac(key, chain));
    if (checkpoint) {
      detail::ratchet(key);
      ++epoch;
      records = 0;
    } else {
      ++records;
    }
    return line;
  }
};

struct kinds {
  std::string record, event;
  std::uint64_t seq;
};

class Record : public ::testing::Test {
 protected:
  void SetUp() override {
    for (std::size_t i = 0; i < k0.size(); ++i) k0[i] = static_cast<unsigned char>(i * 7 + 1);
    w.key = k0;
  }
  std::string checkpoint(std::uint64_t seq) {
    const std::string head = detail::to_hex(w.chain);
    const auto sig = s.sign(detail::checkpoint_message("svc", seq, w.epoch, head, w.records));
    std::string r;
    detail::append_checkpoint_record(r, seq, when, "svc", {w.epoch, head, w.records, fingerprint},
                                     sig.data(), sig.size());
    return r;
  }
  std::string rotate(std::uint64_t seq, std::string_view previous_chain) {
    std::string r;
    EXPECT_TRUE(detail::append_rotate_record(r, seq, when, "svc", hostile, previous_chain));
    return r;
  }
  verify::verify_keys keys() {
    verify::verify_keys k;
    std::string error;
    EXPECT_TRUE(k.set_mac_key(detail::to_hex(k0) + "\n", error)) << error;
    EXPECT_TRUE(k.set_public_key(s.public_pem(), error)) << error;
    return k;
  }

  detail::digest k0{};
  signer s;
  std::string fingerprint = s.fingerprint();
  writer w;
};

// Two files as start_next_file() leaves them: events, a checkpoint, then
// the next file's rotate record, its checkpoint and more events.
TEST_F(Record, EveryKindRoundTripsSealedThroughSplitterAndVerifier) {
  std::vector<kinds> records;
  std::string a, b;
  auto add = [&](std::string &file, std::string record, std::string_view event, std::uint64_t seq) {
    file += w.seal(record, event == detail::checkpoint_event);
    records.push_back({std::move(record), std::string(event), seq});
  };
  add(a, event_record(1), "shop.note", 1);
  add(a, event_record(2), "shop.note", 2);
  add(a, checkpoint(3), detail::checkpoint_event, 3);
  add(b, rotate(4, detail::to_hex(w.chain)), detail::rotate_event, 4);
  add(b, checkpoint(5), detail::checkpoint_event, 5);
  add(b, event_record(6), "shop.note", 6);

  // The shared splitters give back each record, its values and its name.
  std::size_t at = 0;
  const std::string lines = a + b;
  for (const kinds &k : records) {
    const std::size_t end = lines.find('\n', at) + 1;
    const std::string_view line = std::string_view(lines).substr(at, end - at);
    at = end;
    detail::sealed_parts parts;
    ASSERT_TRUE(detail::split_sealed_line(line, parts)) << line;
    EXPECT_EQ(parts.seq, k.seq);
    EXPECT_EQ(parts.record, k.record);
    EXPECT_EQ(parts.event, k.event);
    std::string rejoined;
    detail::digest chain, mac;
    ASSERT_TRUE(detail::from_hex(parts.chain, chain) && detail::from_hex(parts.mac, mac));
    detail::append_sealed_line(rejoined, parts.record, chain, mac);
    EXPECT_EQ(rejoined, line);
    std::string_view record, c, m;
    ASSERT_TRUE(detail::split_seal(line.substr(0, line.size() - 1), record, c, m));
    EXPECT_EQ(record, parts.record);
    EXPECT_EQ(c, parts.chain);
    EXPECT_EQ(m, parts.mac);
    // What the chain covers is a JSON object once closed, and holds the
    // hostile text as it was given.
    const json j = json::parse(std::string(record) + "}");
    EXPECT_EQ(j["seq"], k.seq);
    EXPECT_EQ(j["event"], k.event);
    if (k.event == "shop.note") EXPECT_EQ(j["fields"]["text"], hostile);
    if (k.event == detail::rotate_event) EXPECT_EQ(j["fields"]["previous_file"], hostile);
    // Crash recovery reads the name back without a JSON parser: the same
    // bytes as nlohmann's (invalid UTF-8 comes back as U+FFFD from both).
    std::string previous;
    EXPECT_EQ(detail::rotate_previous_file(parts.record, previous), k.event == detail::rotate_event);
    if (k.event == detail::rotate_event) EXPECT_EQ(previous, j["fields"]["previous_file"]);
  }

  // The verifier reads the same lines: MACs, signatures, the rotate record's
  // previous chain (file b alone) and the checkpoints' counts all agree.
  const verify::verify_keys k = keys();
  const verify::verify_report both = verify::verify_trail({{"a", a}, {"b", b}}, k);
  ASSERT_TRUE(both.intact()) << both.first_problem->what;
  EXPECT_EQ(both.records, 6u);
  EXPECT_EQ(both.checkpoints, 2u);
  const verify::verify_report alone = verify::verify_trail({{"b", b}}, k);
  ASSERT_TRUE(alone.intact()) << alone.first_problem->what;
  EXPECT_EQ(alone.first_seq, 4u);
  EXPECT_EQ(alone.checkpoints, 1u);
}

TEST_F(Record, EveryKindRoundTripsUnsealed) {
  const std::vector<kinds> records = {{event_record(1), "shop.note", 1},
                                      {rotate(2, {}), std::string(detail::rotate_event), 2},
                                      {checkpoint(3), std::string(detail::checkpoint_event), 3}};
  for (const kinds &k : records) {
    const std::string line = k.record + std::string(detail::unsealed_end);
    ASSERT_EQ(line.find('\n'), line.size() - 1) << "one line per record";
    std::uint64_t seq = 0;
    std::string_view rest;
    ASSERT_TRUE(detail::split_seq_prefix(line, seq, rest));
    EXPECT_EQ(seq, k.seq);
    EXPECT_EQ(rest, std::string_view(line).substr(line.find(',') + 1));
    const json j = json::parse(line);
    EXPECT_EQ(j["seq"], k.seq);
    EXPECT_EQ(j["event"], k.event);
    if (k.event == detail::rotate_event) EXPECT_FALSE(j["fields"].contains("previous_chain"));
    // Not sealed, whatever its body holds.
    detail::sealed_parts parts;
    EXPECT_FALSE(detail::split_sealed_line(line, parts)) << line;
  }
}

// The records the trail writes itself keep the bytes they always had:
// trails written before and after the line format got one owner match.
TEST_F(Record, TrailRecordsKeepTheirBytes) {
  std::string r;
  ASSERT_TRUE(detail::append_rotate_record(r, 12, when, "svc", "a \"b\".jsonl", std::string(64, 'c')));
  EXPECT_EQ(r,
            "{\"seq\":12,\"time\":\"2023-11-14T22:13:20.000000Z\",\"service\":\"svc\","
            "\"event\":\"trailguard.rotate\",\"fields\":{\"previous_file\":\"a \\u0022b\\u0022.jsonl\","
            "\"previous_chain\":\"" +
                std::string(64, 'c') + "\"}");
  r.clear();
  const unsigned char sig[2] = {0xab, 0x01};
  detail::append_checkpoint_record(r, 13, when, "svc", {2, std::string(64, 'd'), 5, "ff"}, sig, 2);
  EXPECT_EQ(r, "{\"seq\":13,\"time\":\"2023-11-14T22:13:20.000000Z\",\"service\":\"svc\","
               "\"event\":\"trailguard.checkpoint\",\"fields\":{\"epoch\":2,\"head\":\"" +
                   std::string(64, 'd') +
                   "\",\"records\":5,\"key\":\"ff\",\"signature\":\"ab01\"}");
  char room[detail::seq_prefix_room];
  const char *start = detail::put_seq_prefix(room + sizeof room, UINT64_MAX);
  EXPECT_EQ(std::string_view(start, static_cast<std::size_t>(room + sizeof room - start)),
            "{\"seq\":18446744073709551615,");
  EXPECT_EQ(start, room) << "the room is exactly the longest prefix";
}

// Every change to a seal suffix that leaves it other than what the sealer
// writes: a byte replaced, dropped or added, the line cut short.
TEST_F(Record, EveryMalformedSuffixIsRefused) {
  const std::string line = w.seal(event_record(1), false);
  const std::string body = line.substr(0, line.size() - 1);  // without '\n'
  const std::size_t from = body.size() - detail::seal_suffix_size;
  const std::size_t chain_at = from + detail::chain_key.size();
  const std::size_t mac_at = chain_at + 64 + detail::mac_key.size();
  auto is_hex_position = [&](std::size_t p) {
    return (p >= chain_at && p < chain_at + 64) || (p >= mac_at && p < mac_at + 64);
  };
  std::vector<std::string> bad;
  for (std::size_t p = from; p < body.size(); ++p) {
    for (char c : std::string("xAF0a\" }\\,:\n")) {
      if (c == body[p]) continue;
      if (is_hex_position(p) && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) continue;
      std::string changed = body;
      changed[p] = c;
      bad.push_back(changed);
    }
    std::string dropped = body;
    dropped.erase(p, 1);
    bad.push_back(dropped);
    if (p == from) continue;  // before the suffix: the record's byte
    std::string added = body;
    added.insert(p, 1, is_hex_position(p) ? '0' : ' ');
    bad.push_back(added);
  }
  for (std::size_t n = 1; n <= detail::seal_suffix_size; ++n) bad.push_back(body.substr(0, body.size() - n));
  for (const char *tail : {" ", "}", "\r", "\"}", "\n"}) bad.push_back(body + tail);

  const verify::verify_keys k = keys();
  // The suffix alone has no record in front, and no `{"seq":N,`.
  detail::sealed_parts parts;
  EXPECT_FALSE(detail::split_sealed_line(body.substr(from), parts));
  EXPECT_FALSE(verify::verify_trail({{"t", body.substr(from) + "\n"}}, k).intact());
  for (const std::string &b : bad) {
    std::string_view record, chain, mac;
    EXPECT_FALSE(detail::split_seal(b, record, chain, mac)) << b;
    detail::sealed_parts parts;
    EXPECT_FALSE(detail::split_sealed_line(b + "\n", parts)) << b;
    const verify::verify_report r = verify::verify_trail({{"t", b + "\n"}}, k);
    ASSERT_FALSE(r.intact()) << b;
    if (b.find('\n') != std::string::npos) continue;  // two lines: the first is cut short
    EXPECT_EQ(r.first_problem->kind, verify::problem_kind::malformed) << b;
    if (json::accept(b))
      EXPECT_EQ(r.first_problem->what, "does not end with its \"chain\" and \"mac\"") << b;
  }
}

// The `{"seq":N,` in front of a sealed line's record, as the collector and
// crash recovery read it: only what put_seq_prefix() writes.
TEST_F(Record, EveryMalformedSeqPrefixIsRefused) {
  const std::string line = w.seal(event_record(1), false);
  const std::string after = line.substr(detail::seq_key.size() + 2);  // past `{"seq":1,`
  for (const std::string prefix :
       {"{\"seq\":0,", "{\"seq\":01,", "{\"seq\":-1,", "{\"seq\":+1,", "{\"seq\": 1,", "{\"seq\":1 ,",
        "{\"seq\":18446744073709551616,", "{ \"seq\":1,", "{\"seq\":1x,", "{\"seq\":,", "{\"Seq\":1,",
        "{\"seq\":1.0,", "[\"seq\":1,", ""}) {
    std::uint64_t seq = 0;
    std::string_view rest;
    EXPECT_FALSE(detail::split_seq_prefix(prefix + after, seq, rest)) << prefix;
    detail::sealed_parts parts;
    EXPECT_FALSE(detail::split_sealed_line(prefix + after, parts)) << prefix;
  }
  std::uint64_t seq = 0;
  std::string_view rest;
  ASSERT_TRUE(detail::split_seq_prefix("{\"seq\":18446744073709551615,x", seq, rest));
  EXPECT_EQ(seq, UINT64_MAX);
  EXPECT_EQ(rest, "x");
}

}  // namespace
