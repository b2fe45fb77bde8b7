// What the trail's tests share: a sealed trail written by the auditor with
// real generated events (shop.yaml) in a temporary key directory, OpenSSL
// called directly to check its values, and the verifier to check it whole.
#ifndef TRAILGUARD_TESTS_UNIT_TRAIL_FIXTURE_HPP
#define TRAILGUARD_TESTS_UNIT_TRAIL_FIXTURE_HPP

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

namespace trail_test {

using namespace trailguard;
using verify::problem_kind;
using Login = shop::audit::AuthnLoginSuccess;
using json = nlohmann::json;
namespace fs = std::filesystem;

const context request{"u-42", actor_type::user, "s-9", "203.0.113.9", "r-1"};

inline std::string read(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write(const fs::path &p, const std::string &text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

inline std::vector<std::string> split(const std::string &text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

inline std::string join(const std::vector<std::string> &lines) {
  std::string s;
  for (const auto &l : lines) s += l + "\n";
  return s;
}

inline detail::digest unhex(const std::string &hex) {
  detail::digest d{};
  EXPECT_TRUE(detail::from_hex(hex, d)) << hex;
  return d;
}

// Independent of detail::chain_*: OpenSSL called the plain way.
inline detail::digest sha256_of(const detail::digest &prev, std::string_view record) {
  std::string bytes(reinterpret_cast<const char *>(prev.data()), prev.size());
  bytes += record;
  detail::digest out;
  unsigned int n = 0;
  EVP_Digest(bytes.data(), bytes.size(), out.data(), &n, EVP_sha256(), nullptr);
  return out;
}
inline detail::digest hmac_of(const detail::digest &key, const void *data, std::size_t size) {
  detail::digest out;
  unsigned int n = 32;
  HMAC(EVP_sha256(), key.data(), 32, static_cast<const unsigned char *>(data), size, out.data(), &n);
  return out;
}

// The record part of a line and its chain and MAC values.
struct sealed {
  std::string record, chain, mac;
};
inline sealed cut(const std::string &line) {
  const std::size_t at = line.size() - detail::seal_suffix_size;
  const json j = json::parse(line);
  return {line.substr(0, at), j["chain"], j["mac"]};
}
inline std::string reseal(const std::string &record, const detail::digest &chain, const detail::digest &mac) {
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

}  // namespace trail_test

#endif  // TRAILGUARD_TESTS_UNIT_TRAIL_FIXTURE_HPP
