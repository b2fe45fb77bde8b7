// A sealed trail tampered with in every way the verifier must name:
// modified, deleted, inserted, reordered, truncated, forged checkpoints.
#include "TrailFixture.hpp"

namespace {

using namespace trail_test;

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

}  // namespace
