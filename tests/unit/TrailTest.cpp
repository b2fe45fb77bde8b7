// The sealed trail end to end: trails written by the auditor with real
// generated events (shop.yaml), checked value by value against OpenSSL
// directly: chain, MACs, checkpoints, rotation, restarts and service names.
#include "TrailFixture.hpp"

namespace {

using namespace trail_test;

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
