// The encoder and the auditor on real generated events (shop.yaml): exact
// lines, forging-safe strings for arbitrary bytes (checked by an independent
// JSON parser), refusals, redaction, threads and allocations.
#include <kinds.hpp>
#include <shop.hpp>
#include <trailguard/audit.hpp>
#include <trailguard/sinks.hpp>
#include <trailguard/trail.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <new>
#include <random>
#include <set>
#include <thread>

// Counts heap allocations, to show the hot path makes none after warm-up.
#include "count_allocations.hpp"

namespace {

using namespace trailguard;
using Login = shop::audit::AuthnLoginSuccess;
using Fail = shop::audit::AuthzFail;
using json = nlohmann::json;

const auto fixed_time = std::chrono::system_clock::time_point(std::chrono::microseconds(1795750657123456));

auditor_options fixed_clock() {
  auditor_options o;
  o.clock = [] { return fixed_time; };
  return o;
}

const context request{"u-42", actor_type::user, "s-9", "203.0.113.9", "r-1"};

std::string emit_one(const Login &e, sink_options so = {}) {
  auditor a(fixed_clock());
  auto mem = std::make_shared<memory_sink>();
  a.add_sink(mem, std::move(so));
  emit_result r = a.emit(e, request);
  EXPECT_TRUE(r.ok()) << r.message();
  return mem->text();
}

TEST(Encoder, ExactLine) {
  Login e("alice", Login::Method::totp);
  e.attempts = -3;
  e.scopes = std::vector<std::string>{"read", "write"};
  EXPECT_EQ(emit_one(e),
            "{\"seq\":1,\"time\":\"2026-11-27T03:37:37.123456Z\",\"service\":\"shop\","
            "\"event\":\"authn.login_success\",\"version\":\"1.0\",\"schema\":\"" +
                std::string(Login::schema_hash) +
                "\",\"outcome\":\"success\",\"context\":{\"actor\":\"u-42\",\"actor_type\":"
                "\"user\",\"session\":\"s-9\",\"source_address\":\"203.0.113.9\","
                "\"request_id\":\"r-1\"},\"fields\":{\"user_id\":\"alice\",\"method\":\"totp\","
                "\"attempts\":-3,\"scopes\":[\"read\",\"write\"]}}\n");
}

TEST(Encoder, TypesAreExact) {
  auditor a(fixed_clock());
  auto mem = std::make_shared<memory_sink>();
  a.add_sink(mem);
  Fail f("/orders", std::chrono::system_clock::time_point(std::chrono::microseconds(-1)));
  f.took = std::chrono::nanoseconds(-1500);
  f.score = 0.1;
  f.bytes = 18446744073709551615ull;
  f.client_ip = "2001:db8::1";
  ASSERT_TRUE(a.emit(f, request));
  json j = json::parse(mem->lines().at(0));
  EXPECT_EQ(j["fields"]["when"], "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(j["fields"]["took"], -1500);
  EXPECT_EQ(j["fields"]["score"].get<double>(), 0.1);
  EXPECT_EQ(j["fields"]["bytes"].get<std::uint64_t>(), 18446744073709551615ull);
  EXPECT_EQ(j["outcome"], "failure");
  EXPECT_EQ(j["version"], "2.1");
}

TEST(Encoder, DoublesReadBackExactly) {
  std::mt19937_64 rng(7);
  auto check = [](double v) {
    std::string text;
    ASSERT_TRUE(detail::append_double(text, v));
    ASSERT_EQ(std::strtod(text.c_str(), nullptr), v) << text;
    ASSERT_EQ(std::signbit(std::strtod(text.c_str(), nullptr)), std::signbit(v)) << text;
    ASSERT_EQ(text.find_first_not_of("0123456789.-+e"), std::string::npos) << text;
  };
  for (double v : {0.0, -0.0, 0.75, -0.75, 0.1, 0.3, 1.5, 3.0, -3.0, 1e-7, 0.000001, 123456.789,
                   999999999.999999, 1e9, 1e300, -2.2250738585072014e-308, 5e-324})
    check(v);
  for (int i = 0; i < 200000; ++i) {
    // Decimals as people write them, and arbitrary bit patterns.
    const double cents = static_cast<double>(static_cast<std::int64_t>(rng() % 2000000) - 1000000);
    check(cents / static_cast<double>(1 + rng() % 1000000));
    check(cents / 100.0);
    std::uint64_t bits = rng();
    double any;
    std::memcpy(&any, &bits, sizeof any);
    if (std::isfinite(any)) check(any);
  }
  std::string text;
  EXPECT_EQ(detail::append_double(text, 0.75) && text == "0.75", true) << text;
  text.clear();
  EXPECT_EQ(detail::append_double(text, -0.001) && text == "-0.001", true) << text;
}

// The encoder writes numbers straight into its buffer's storage; the text
// must be what the string path writes, at every length and sign, also
// when the number lands where the buffer has to grow.
TEST(Encoder, NumbersWrittenIntoTheBufferMatchTheStringPath) {
  std::mt19937_64 rng(11);
  std::vector<std::int64_t> ints = {0, 1, -1, 9, 10, -10, 99, 100, 999, 1000, 9999, 10000,
                                    INT64_MAX, INT64_MIN, INT64_MIN + 1};
  for (std::int64_t p = 1; p < INT64_MAX / 10; p *= 10) {
    for (std::int64_t d : {p - 1, p, p + 1}) {
      ints.push_back(d);
      ints.push_back(-d);
    }
  }
  std::vector<double> doubles = {0.75, -0.75, 0.5, -0.001, 129900.0, 1e9, 999999999.999999,
                                 0.000001, -0.000001, 123456.789, 3.0, -3.0, 0.1};
  for (int i = 0; i < 100000; ++i) {
    ints.push_back(static_cast<std::int64_t>(rng()) >> (rng() % 64));
    const double cents = static_cast<double>(static_cast<std::int64_t>(rng() % 2000000) - 1000000);
    doubles.push_back(cents / static_cast<double>(1 + rng() % 1000000));
    doubles.push_back(cents / 100.0);
  }
  detail::buffer out;
  for (std::size_t i = 0; i < ints.size(); ++i) {
    // A prefix of varying length, so the number sometimes straddles the end
    // of the buffer's storage.
    out.clear();
    out.append(std::string(i % 300, 'x').data(), i % 300);
    std::string expected(i % 300, 'x');
    detail::append_int(out, ints[i]);
    detail::append_int(expected, ints[i]);
    ASSERT_EQ(out.view(), expected) << ints[i];
    ASSERT_EQ(std::to_string(ints[i]), expected.substr(i % 300));
    const auto u = static_cast<std::uint64_t>(ints[i]);
    out.clear();
    expected.clear();
    detail::append_uint(out, u);
    detail::append_uint(expected, u);
    ASSERT_EQ(out.view(), expected) << u;
    ASSERT_EQ(std::to_string(u), expected);
  }
  for (std::size_t i = 0; i < doubles.size(); ++i) {
    out.clear();
    out.append(std::string(i % 300, 'x').data(), i % 300);
    std::string expected(i % 300, 'x');
    ASSERT_TRUE(detail::append_double(out, doubles[i]));
    ASSERT_TRUE(detail::append_double(expected, doubles[i]));
    ASSERT_EQ(out.view(), expected) << doubles[i];
    ASSERT_EQ(std::strtod(expected.c_str() + i % 300, nullptr), doubles[i]) << expected;
  }
}

// Random bytes, biased towards the dangerous ones.
std::string random_bytes(std::mt19937 &rng) {
  static const char *pieces[] = {"a", "\"", "\\", "\n", "\r", "\x7f", "\xc2\x85", "\xe2\x80\xa8",
                                 "\xe2\x80\xae", "\xe2\x81\xa6", "\xef\xbb\xbf", "\xd8\x9c",
                                 "\xe2\x80\x8f", "\xed\xa0\x80", "\xc0\xaf", "\xe0\x80\xaf",
                                 "\xf4\x90\x80\x80", "\xf0\x9f\x98\x80", "\xe2\x82", "\xff",
                                 "\x80", "\x1b[31m", "},\"admin\":true,\"x\":{", "\xc3\xa9"};
  std::string s;
  const int n = static_cast<int>(rng() % 16);
  for (int i = 0; i < n; ++i) {
    if (rng() % 4 == 0)
      s.push_back(static_cast<char>(rng() % 256));
    else
      s += pieces[rng() % (sizeof pieces / sizeof *pieces)];
  }
  return s;
}

// Decodes UTF-8 strictly; false when the bytes are not valid UTF-8.
bool decode_utf8(const std::string &s, std::u32string &out) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0 || i + n >= s.size() + (n == 0)) return false;
    char32_t cp = n == 0 ? c : c & (0x3f >> n);
    for (int k = 1; k <= n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    if ((n == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)))
      return false;
    out.push_back(cp);
    i += n + 1;
  }
  return true;
}

TEST(Encoder, NoInputForgesALine) {
  std::mt19937 rng(20261127);
  for (int round = 0; round < 5000; ++round) {
    const std::string value = random_bytes(rng);
    Login e("alice", Login::Method::password);
    e.session_token = value;
    const bool in_list = value.size() <= Login::scopes_max_length;
    if (in_list) e.scopes = std::vector<std::string>{value, "x"};
    const std::string line = emit_one(e);
    // Exactly one line: the only newline is the last byte.
    ASSERT_EQ(line.find('\n'), line.size() - 1) << value;
    // Nothing raw that a terminal, log viewer or line splitter acts on.
    std::u32string decoded;
    ASSERT_TRUE(decode_utf8(line, decoded)) << "the line is not valid UTF-8";
    for (char32_t cp : decoded.substr(0, decoded.size() - 1))
      ASSERT_FALSE(cp != '"' && cp != '\\' && detail::is_escaped_code_point(cp))
          << "raw U+" << std::hex << static_cast<unsigned>(cp) << " for input " << value;
    // An independent parser sees the same keys and the value back.
    json j = json::parse(line);
    ASSERT_EQ(j.size(), 9u);
    ASSERT_EQ(j["fields"].size(), in_list ? 4u : 3u);
    std::u32string original;
    if (decode_utf8(value, original)) {
      ASSERT_EQ(j["fields"]["session_token"].get<std::string>(), value);
      if (in_list) ASSERT_EQ(j["fields"]["scopes"][0].get<std::string>(), value);
    }
  }
}

TEST(Encoder, InvalidUtf8BecomesReplacementCharacters) {
  Login e("alice", Login::Method::password);
  e.session_token = std::string("a\xed\xa0\x80" "b\xc0\xaf" "c\xe2\x82" "d\xff", 12);
  json j = json::parse(emit_one(e));
  EXPECT_EQ(j["fields"]["session_token"],
            "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd"
            "c\xef\xbf\xbd" "d\xef\xbf\xbd");
}

TEST(Encoder, DangerousCodePointsAreEscaped) {
  Login e("alice", Login::Method::password);
  e.session_token = "\"\\\n\x7f\xc2\x85\xe2\x80\xa8\xe2\x80\xae\xe2\x81\xa9\xef\xbb\xbf\xd8\x9c\xe2\x80\x8e";
  const std::string line = emit_one(e);
  EXPECT_NE(line.find("\"session_token\":\"\\u0022\\u005c\\u000a\\u007f\\u0085\\u2028\\u202e"
                      "\\u2069\\ufeff\\u061c\\u200e\""),
            std::string::npos)
      << line;
}

// The short-value and long-value shortcuts against the byte-by-byte path:
// one unsafe byte or sequence at every position of every length around the
// 8- and 16-byte steps, and over several 16-byte chunks and their tails.
TEST(Encoder, UnsafeBytesAtEveryPositionAndLength) {
  const std::pair<std::string, std::string> unsafe[] = {
      {"\"", "\\u0022"}, {"\\", "\\u005c"}, {std::string(1, '\0'), "\\u0000"},
      {"\x1f", "\\u001f"}, {"\x7f", "\\u007f"}, {"\x80", "\\ufffd"},
      {"\xe2\x80\xa8", "\\u2028"}, {"\xc3\xa9", "\xc3\xa9"}};
  for (std::size_t n = 0; n <= 72; ++n) {
    detail::buffer plain;
    detail::append_string(plain, std::string(n, 'a'));
    ASSERT_EQ(plain.view(), "\"" + std::string(n, 'a') + "\"");
    for (std::size_t at = 0; at < n; ++at) {
      for (const auto &[raw, escaped] : unsafe) {
        const std::string value = std::string(at, 'a') + raw + std::string(n - at - 1, 'b');
        const std::string want = std::string(at, 'a') + escaped + std::string(n - at - 1, 'b');
        detail::buffer quoted, bare;
        detail::append_string(quoted, value);
        detail::append_escaped(bare, value);
        ASSERT_EQ(quoted.view(), "\"" + want + "\"") << "length " << n << ", at " << at;
        ASSERT_EQ(bare.view(), want) << "length " << n << ", at " << at;
      }
    }
  }
}

// Timestamps against the C library's calendar over all that a nanosecond
// system_clock holds (1678 to 2262), with the same second twice in a row
// (the per-thread cache) and apart.
TEST(Encoder, TimestampsMatchGmtime) {
  std::mt19937_64 rng(20261127);
  std::uniform_int_distribution<std::int64_t> seconds(-9200000000, 9200000000);
  std::uniform_int_distribution<std::int64_t> micros(0, 999999);
  for (int i = 0; i < 200000; ++i) {
    const std::int64_t second = i % 3 == 2 ? seconds(rng) / 1000 : seconds(rng);
    const std::int64_t us = second * 1000000 + micros(rng);
    const std::time_t t = static_cast<std::time_t>(second);
    std::tm tm{};
    ASSERT_NE(::gmtime_r(&t, &tm), nullptr);
    char want[40];
    std::snprintf(want, sizeof want, "\"%04d-%02d-%02dT%02d:%02d:%02d.%06dZ\"", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(us - second * 1000000));
    for (int twice = 0; twice < 2; ++twice) {
      detail::buffer out;
      ASSERT_TRUE(detail::append_timestamp(out, std::chrono::system_clock::time_point(std::chrono::microseconds(us))));
      ASSERT_EQ(out.view(), want) << us;
    }
  }
}

TEST(Auditor, RefusesInvalidEvents) {
  auditor a(fixed_clock());
  auto mem = std::make_shared<memory_sink>();
  a.add_sink(mem);
  Fail nan("/orders", fixed_time);
  nan.score = std::nan("");
  emit_result r = a.emit(nan, request);
  EXPECT_EQ(r.status(), emit_status::invalid_event);
  EXPECT_EQ(r.detail(), "score");
  Login long_id(std::string(65, 'x'), Login::Method::password);
  EXPECT_EQ(a.emit(long_id, request).detail(), "user_id");
  Fail bad_path("admin", fixed_time);
  EXPECT_EQ(a.emit(bad_path, request).detail(), "resource");
  EXPECT_EQ(a.stats().refused, 3u);
  EXPECT_TRUE(mem->text().empty());
}

// `static_cast<Enum>(N)` is valid C++ for any N an enum class's underlying
// type holds: a value that is not a member is refused with the field named,
// in required and optional fields, at every tier and redaction, and the
// name table is never read past its end (N = 3 printed garbage, N = 200
// crashed).
TEST(Auditor, RefusesEnumValuesThatAreNotMembers) {
  using Kinds = kinds::audit::KindsEveryType;
  auto tokens = std::make_shared<hmac_tokenizer>(std::string(32, 'k'));
  for (const sink_options &so :
       {sink_options(), sink_options(tier::unrestricted), sink_options(tier::restricted),
        sink_options(tier::unrestricted, redaction::token, tokens)}) {
    auditor a(fixed_clock());
    auto mem = std::make_shared<memory_sink>();
    a.add_sink(mem, so);
    for (const int n : {3, 4, 7, 200, 255}) {
      Kinds level(static_cast<Kinds::Level>(n), "x");
      emit_result r = a.emit(level, request);
      EXPECT_EQ(r.status(), emit_status::invalid_event) << n;
      EXPECT_EQ(r.detail(), "level") << n;
      Kinds mode(Kinds::Level::low, "x");
      mode.mode = static_cast<Kinds::Mode>(n);
      r = a.emit(mode, request);
      EXPECT_EQ(r.status(), emit_status::invalid_event) << n;
      EXPECT_EQ(r.detail(), "mode") << n;
      Kinds grade(Kinds::Level::high, "x");
      grade.grade = static_cast<Kinds::Grade>(n < 4 ? 4 : n);  // d is 3
      EXPECT_EQ(a.emit(grade, request).detail(), "grade") << n;
    }
    EXPECT_TRUE(mem->text().empty()) << mem->text();
    // The last member of each is still a member.
    Kinds last(Kinds::Level::high, "x");
    last.mode = Kinds::Mode::secret;
    last.grade = Kinds::Grade::d;
    EXPECT_TRUE(a.emit(last, request).ok());
  }
  EXPECT_EQ(Kinds::to_string(static_cast<Kinds::Level>(3)), nullptr);
  EXPECT_STREQ(Kinds::to_string(Kinds::Level::high), "high");
  // The encoder itself refuses a value without a name, whatever
  // invalid_field() says: a hand-written event cannot slip one through.
  detail::buffer out, scratch;
  EXPECT_FALSE(detail::append_value(out, static_cast<Kinds::Level>(200)));
  EXPECT_TRUE(detail::append_value(out, Kinds::Level::mid));
  EXPECT_EQ(out.view(), "\"mid\"");
}

TEST(Auditor, RequiredContext) {
  auditor a(fixed_clock());
  a.add_sink(std::make_shared<memory_sink>());
  Login e("alice", Login::Method::password);
  context no_session = request;
  no_session.session.clear();
  emit_result r = a.emit(e, no_session);
  EXPECT_EQ(r.status(), emit_status::missing_context);
  EXPECT_EQ(r.detail(), "session");
  // authz.fail needs only actor and request id.
  context minimal{"svc", actor_type::service, "", "", "r-2"};
  EXPECT_TRUE(a.emit(Fail("/x", fixed_time), minimal).ok());
  context bad_address = request;
  bad_address.source_address = "10.0.0.1\n{\"forged\":1}";
  EXPECT_EQ(a.emit(e, bad_address).status(), emit_status::invalid_context);
  // Without a scoped_context, an event that needs context is refused.
  EXPECT_EQ(a.emit(e).status(), emit_status::missing_context);
  scoped_context scope(request);
  EXPECT_TRUE(a.emit(e).ok());
}

TEST(Auditor, RedactsAboveTheSinkTier) {
  Login e("alice", Login::Method::password);
  e.session_token = "t0k3n";
  json full = json::parse(emit_one(e));
  EXPECT_EQ(full["fields"]["session_token"], "t0k3n");
  json log = json::parse(emit_one(e, sink_options(tier::unrestricted)));
  EXPECT_EQ(log["fields"]["user_id"], json({{"redacted", "restricted"}}));
  EXPECT_EQ(log["fields"]["session_token"], json({{"redacted", "sensitive"}}));
  EXPECT_EQ(log["fields"]["method"], "password");

  auto tokens = std::make_shared<hmac_tokenizer>(std::string(32, 'k'));
  json a = json::parse(emit_one(e, sink_options(tier::restricted, redaction::token, tokens)));
  json b = json::parse(emit_one(e, sink_options(tier::restricted, redaction::token, tokens)));
  auto other = std::make_shared<hmac_tokenizer>(std::string(32, 'q'));
  json c = json::parse(emit_one(e, sink_options(tier::restricted, redaction::token, other)));
  const std::string token = a["fields"]["session_token"]["hmac"];
  EXPECT_EQ(token.size(), 64u);
  EXPECT_EQ(b["fields"]["session_token"]["hmac"], token) << "same key, same value: same token";
  EXPECT_NE(c["fields"]["session_token"]["hmac"], token) << "another key: another token";
  EXPECT_EQ(a["fields"]["user_id"], "alice");
  EXPECT_EQ(std::string(emit_one(e, sink_options(tier::restricted, redaction::token, tokens)))
                .find("t0k3n"),
            std::string::npos);
  EXPECT_THROW(hmac_tokenizer("short"), std::invalid_argument);
}

TEST(Auditor, OneLinePerEventAcrossThreads) {
  auditor a;
  auto mem = std::make_shared<memory_sink>();
  a.add_sink(mem);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&a, t] {
      scoped_context scope({"u-" + std::to_string(t), actor_type::user, "s", "10.0.0.1", "r"});
      for (int i = 0; i < 500; ++i) {
        Login e(std::string(40, static_cast<char>('a' + t)), Login::Method::passkey);
        ASSERT_TRUE(a.emit(e).ok());
      }
    });
  for (auto &t : threads) t.join();
  std::set<std::uint64_t> seqs;
  for (const std::string &line : mem->lines()) {
    json j = json::parse(line);
    seqs.insert(j["seq"].get<std::uint64_t>());
    const std::string actor = j["context"]["actor"];
    EXPECT_EQ(j["fields"]["user_id"], std::string(40, static_cast<char>('a' + (actor[2] - '0'))));
  }
  EXPECT_EQ(seqs.size(), 4000u);
  EXPECT_EQ(*seqs.begin(), 1u);
  EXPECT_EQ(*seqs.rbegin(), 4000u);
}

class null_sink final : public sink {
 public:
  std::error_code write(std::string_view lines) override {
    bytes += lines.size();
    return {};
  }
  std::string name() const override { return "null"; }
  std::size_t bytes = 0;
};

TEST(Auditor, NoAllocationAfterWarmUp) {
  auditor a(fixed_clock());
  a.add_sink(std::make_shared<null_sink>());
  a.add_sink(std::make_shared<null_sink>(), sink_options(tier::unrestricted));
  Login e("alice", Login::Method::totp);
  e.session_token = std::string(200, 's');
  e.scopes = std::vector<std::string>{"read", "write"};
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(a.emit(e, request).ok());
  const long before = allocations.load();
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(a.emit(e, request).ok());
  EXPECT_EQ(allocations.load() - before, 0);
}

TEST(Auditor, NoSinksIsAnError) {
  auditor a;
  EXPECT_EQ(a.emit(Login("a", Login::Method::totp), request).status(), emit_status::no_sinks);
}

}  // namespace
