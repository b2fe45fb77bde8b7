// The collector's validator: what the runtime's encoder writes passes and
// re-encodes to the same bytes; what a hostile sender writes is refused or
// made canonical, and the reply never carries the sender's bytes.
#include <trailguard/collector/validator.hpp>

#include <shop.hpp>
#include <trailguard/audit.hpp>
#include <trailguard/sinks.hpp>
#include <trailguard/trail.hpp>

#include <gtest/gtest.h>

#include <fstream>

namespace {

using trailguard::collector::validator;
using trailguard::collector::verdict;

const validator &shop() {
  static std::unique_ptr<validator> v = [] {
    std::string error;
    auto loaded = validator::load({SHOP_SCHEMA}, error);
    if (!loaded) ADD_FAILURE() << error;
    return loaded;
  }();
  return *v;
}

// A valid line of authn.login_success, as an application's auditor writes it.
const std::string base =
    R"({"seq":7,"time":"2026-11-27T03:37:37.123456Z","service":"shop","event":"authn.login_success",)"
    R"("version":"1.0","schema":"e8edb1bb1902b5ac","outcome":"success","context":{"actor":"u-42",)"
    R"("actor_type":"user","session":"s-9","source_address":"203.0.113.9","request_id":"r-1"},)"
    R"("fields":{"user_id":"alice","method":"password"}})";

std::string with(std::string line, const std::string &from, const std::string &to) {
  const std::size_t at = line.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) line.replace(at, from.size(), to);
  return line;
}

// check() and the full parse alone (check_slow) agree on the verdict and
// the body: the fast path for canonical lines changes no answer.
void expect_same_as_slow(const validator &v, const std::string &line) {
  std::string fast_body, slow_body;
  const verdict fast = v.check(line, 1 << 20, fast_body);
  const verdict slow = v.check_slow(line, 1 << 20, slow_body);
  EXPECT_EQ(fast.ok, slow.ok) << line;
  EXPECT_EQ(fast.kind, slow.kind) << line;
  EXPECT_EQ(fast.reason, slow.reason) << line;
  EXPECT_EQ(fast_body, slow_body) << line;
}

verdict check(const std::string &line, std::string *body = nullptr) {
  std::string b;
  verdict v = shop().check(line, 1 << 20, b);
  if (body) *body = b;
  EXPECT_EQ(v.reason.find('\n'), std::string::npos);
  expect_same_as_slow(shop(), line);
  return v;
}

std::string kind(const std::string &line) {
  const verdict v = check(line);
  return v.ok ? "ok" : v.kind;
}

TEST(CollectorValidator, LoadsTheSchema) {
  EXPECT_EQ(shop().events(), 3u);
  std::string error;
  EXPECT_EQ(validator::load({"/nonexistent.yaml"}, error), nullptr);
  EXPECT_NE(error.find("/nonexistent.yaml"), std::string::npos) << error;
  EXPECT_EQ(validator::load({SHOP_SCHEMA, SHOP_SCHEMA}, error), nullptr);
  EXPECT_NE(error.find("is also defined in"), std::string::npos) << error;
}

TEST(CollectorValidator, BaseLineReencodesToItself) {
  std::string body;
  const verdict v = check(base, &body);
  ASSERT_TRUE(v.ok) << v.reason;
  EXPECT_EQ("{\"seq\":7," + body + "}", base);
}

// Every line the runtime's encoder writes for the shop events, at every
// tier and with tokens, passes and comes out byte for byte the same.
TEST(CollectorValidator, RuntimeLinesRoundTrip) {
  using namespace trailguard;
  using Login = shop::audit::AuthnLoginSuccess;
  using Fail = shop::audit::AuthzFail;
  for (tier max : {tier::sensitive, tier::restricted, tier::unrestricted}) {
    for (bool tokens : {false, true}) {
      auditor audit;
      auto out = std::make_shared<memory_sink>();
      audit.add_sink(out, tokens ? sink_options(max, redaction::token,
                                                std::make_shared<hmac_tokenizer>(
                                                    std::string(32, 'k')))
                                 : sink_options(max));
      context ctx{"u-\xe2\x80\xa8", actor_type::service, "s-9", "2001:db8::7", "r-1"};
      Login full("b\xc3\xb6""b\"\n\xe2\x80\xae\xff", Login::Method::passkey);
      full.attempts = -1;
      full.session_token = "t0k3n\x1b[31m";
      full.scopes = std::vector<std::string>{"read", "\xed\xa0\x80", ""};
      Fail fail("/orders/", std::chrono::system_clock::now());
      fail.took = std::chrono::nanoseconds(-5);
      fail.client_ip = "203.0.113.9";
      fail.score = 0.1;
      fail.bytes = 18446744073709551615ull;
      ASSERT_TRUE(audit.emit(Login("alice", Login::Method::password), ctx));
      ASSERT_TRUE(audit.emit(full, ctx));
      ASSERT_TRUE(audit.emit(fail, context{"svc", actor_type::user, "", "", "r-2"}));
      // A deprecated event is still an event the collector takes.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
      ASSERT_TRUE(audit.emit(shop::audit::SysStartup(), context{}));
#pragma GCC diagnostic pop
      for (const std::string &line : out->lines()) {
        std::string body;
        const verdict v = check(line, &body);
        ASSERT_TRUE(v.ok) << v.reason << "\n" << line;
        // The runtime writes invalid UTF-8 as the escape \ufffd; the
        // collector sees only the decoded U+FFFD, which it writes raw.
        std::string expected = line;
        for (std::size_t at; (at = expected.find("\\ufffd")) != std::string::npos;)
          expected.replace(at, 6, "\xef\xbf\xbd");
        const std::string seq = line.substr(0, line.find(',') + 1);
        EXPECT_EQ(seq + body + "}", expected);
      }
    }
  }
}

TEST(CollectorValidator, DangerousCharactersAreReencoded) {
  std::string body;
  // Raw U+2028 and U+202E (bidi override) are valid JSON; the trail gets
  // the runtime's escapes instead.
  ASSERT_TRUE(check(with(base, "alice", "al\xe2\x80\xa8i\xe2\x80\xae" "ce"), &body).ok);
  EXPECT_NE(body.find(R"("user_id":"al\u2028i\u202ece")"), std::string::npos) << body;
  // Odd but valid escapes become the canonical spelling.
  ASSERT_TRUE(check(with(base, "alice", R"(\u0061lice\/)"), &body).ok);
  EXPECT_NE(body.find(R"("user_id":"alice/")"), std::string::npos) << body;
  // A raw DEL and an escaped ESC.
  ASSERT_TRUE(check(with(base, "alice", "a\x7f\\u001b"), &body).ok);
  EXPECT_NE(body.find(R"("user_id":"a\u007f\u001b")"), std::string::npos) << body;
  // Whitespace between tokens is not kept.
  ASSERT_TRUE(check(with(base, "\"fields\":{", "\"fields\" : {  "), &body).ok);
  EXPECT_NE(body.find("\"fields\":{\"user_id\""), std::string::npos) << body;
}

TEST(CollectorValidator, MalformedAndOversized) {
  EXPECT_EQ(kind("garbage"), "malformed");
  EXPECT_EQ(kind(""), "malformed");
  EXPECT_EQ(kind("[1,2]"), "malformed");
  EXPECT_EQ(kind(base + "{}"), "malformed");
  EXPECT_EQ(kind(base.substr(0, base.size() - 1)), "malformed");
  EXPECT_EQ(kind(with(base, "alice", "al\xffice")), "malformed");        // invalid UTF-8
  EXPECT_EQ(kind(with(base, "alice", "al\xed\xa0\x80ice")), "malformed");  // a surrogate
  EXPECT_EQ(kind(with(base, "alice", "al\nice")), "malformed");           // raw control
  std::string body;
  const verdict v = shop().check(base, base.size() - 1, body);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.kind, "too_long");
  EXPECT_TRUE(body.empty());
}

// The line is the object and nothing else: the JSON parser stops at a NUL
// and skips whitespace, so bytes around the object were answered "ok".
TEST(CollectorValidator, LineIsTheObjectAlone) {
  EXPECT_EQ(kind(base + std::string(1, '\0')), "malformed");
  EXPECT_EQ(kind(base + std::string("\0{\"forged\":1}", 13)), "malformed");
  EXPECT_EQ(kind(std::string(1, '\0') + base), "malformed");
  EXPECT_EQ(kind(with(base, "alice", std::string("al\0ice", 6))), "malformed");  // inside
  EXPECT_EQ(kind(with(base, ",\"fields\"", std::string(",\0\"fields\"", 10))), "malformed");
  EXPECT_EQ(kind(base + "\r"), "malformed");  // CRLF line ends
  EXPECT_NE(check(base + "\r").reason.find("CR before the newline"), std::string::npos);
  EXPECT_EQ(kind(base + " "), "malformed");
  EXPECT_EQ(kind(base + "\t"), "malformed");
  EXPECT_EQ(kind(" " + base), "malformed");
  EXPECT_EQ(kind("\xef\xbb\xbf" + base), "malformed");  // a BOM, which the parser skips
  EXPECT_NE(check(base + " ").reason.find("bytes before or after the JSON object"),
            std::string::npos);
  EXPECT_EQ(kind(base + "x"), "malformed");
  EXPECT_EQ(kind(base + "}"), "malformed");
  // An escaped NUL is data, re-encoded as the runtime escapes it.
  std::string body;
  ASSERT_TRUE(check(with(base, "alice", "al\\u0000ice"), &body).ok);
  EXPECT_NE(body.find(R"("user_id":"al\u0000ice")"), std::string::npos) << body;
}

TEST(CollectorValidator, ForgedOriginAndDuplicates) {
  EXPECT_EQ(kind(with(base, "\"fields\":", R"("origin":{"pid":1,"uid":0},"fields":)")),
            "forged_origin");
  EXPECT_EQ(kind(with(base, "}}", R"(},"origin":{"uid":0}})")), "forged_origin");
  EXPECT_EQ(kind(with(base, "\"seq\":7,", R"("seq":7,"seq":8,)")), "duplicate_key");
  EXPECT_EQ(kind(with(base, R"("user_id":"alice")", R"("user_id":"alice","user_id":"root")")),
            "duplicate_key");
  EXPECT_EQ(kind(with(base, R"("actor":"u-42")", R"("actor":"u-42","actor":"root")")),
            "duplicate_key");
}

TEST(CollectorValidator, KeysExactlyAndInOrder) {
  EXPECT_EQ(kind(with(base, "\"seq\":7,", "")), "bad_key");
  EXPECT_EQ(kind(with(base, "\"seq\":7,", R"("seq":7,"extra":1,)")), "bad_key");
  EXPECT_EQ(kind(with(base, R"("outcome":"success",)", "")), "bad_key");
  EXPECT_EQ(kind(with(base, R"("seq":7,"time":"2026-11-27T03:37:37.123456Z")",
                      R"("time":"2026-11-27T03:37:37.123456Z","seq":7)")),
            "bad_key");
  EXPECT_EQ(kind(with(base, "\"seq\":7,", R"("seq":7,"chain":"00",)")), "bad_key");
  // A key with a newline is not echoed.
  const verdict v = check(with(base, "\"seq\":7,", "\"seq\":7,\"a\\nb\":1,"));
  EXPECT_EQ(v.kind, "bad_key");
  EXPECT_NE(v.reason.find("(name not shown)"), std::string::npos) << v.reason;
}

TEST(CollectorValidator, HeaderValues) {
  EXPECT_EQ(kind(with(base, "\"seq\":7", "\"seq\":-7")), "bad_seq");
  EXPECT_EQ(kind(with(base, "\"seq\":7", "\"seq\":\"7\"")), "bad_seq");
  EXPECT_EQ(kind(with(base, "03:37:37.123456Z", "03:37:37Z")), "bad_time");
  EXPECT_EQ(kind(with(base, "2026-11-27T", "2026-02-31T")), "bad_time");
  // Beyond what a nanosecond system_clock holds (found by the fuzzer: the
  // conversion overflowed).
  EXPECT_EQ(kind(with(base, "2026-11-27T", "6281-11-27T")), "bad_time");
  EXPECT_EQ(kind(with(base, "2026-11-27T", "1601-01-01T")), "bad_time");
  EXPECT_EQ(kind(with(base, "\"service\":\"shop\"", "\"service\":\"bank\"")), "bad_service");
  EXPECT_EQ(kind(with(base, "authn.login_success", "authn.logout")), "unknown_event");
  EXPECT_EQ(kind(with(base, "\"version\":\"1.0\"", "\"version\":\"1.1\"")), "bad_version");
  EXPECT_EQ(kind(with(base, "\"version\":\"1.0\"", "\"version\":\"2.0\"")), "bad_version");
  EXPECT_EQ(kind(with(base, "\"version\":\"1.0\"", "\"version\":\"1.00\"")), "bad_version");
  EXPECT_EQ(kind(with(base, "\"version\":\"1.0\"", "\"version\":1.0")), "bad_version");
  EXPECT_EQ(kind(with(base, "e8edb1bb1902b5ac", "E8EDB1")), "bad_schema");
  // Another schema hash is fine: the collector's schema may be newer.
  EXPECT_EQ(kind(with(base, "e8edb1bb1902b5ac", "0123456789abcdef")), "ok");
  EXPECT_EQ(kind(with(base, "\"outcome\":\"success\"", "\"outcome\":\"failure\"")), "bad_outcome");
}

TEST(CollectorValidator, Context) {
  EXPECT_EQ(kind(with(base, R"("session":"s-9",)", "")), "bad_context");  // required
  EXPECT_EQ(kind(with(base, "203.0.113.9", "localhost")), "bad_context");
  EXPECT_EQ(kind(with(base, R"("actor_type":"user")", R"("actor_type":"root")")), "bad_context");
  EXPECT_EQ(kind(with(base, R"("actor_type":"user",)", "")), "bad_context");
  EXPECT_EQ(kind(with(base, R"("request_id":"r-1")", R"("request_id":"r-1","tenant":"x")")),
            "bad_context");
  EXPECT_EQ(kind(with(base, R"("request_id":"r-1")", R"("request_id":"")")), "bad_context");
  EXPECT_EQ(kind(with(base, R"("request_id":"r-1")", R"("request_id":5)")), "bad_context");
}

TEST(CollectorValidator, Fields) {
  EXPECT_EQ(kind(with(base, R"("user_id":"alice",)", "")), "missing_field");
  EXPECT_EQ(kind(with(base, R"("method":"password")", R"("method":"password","root":true)")),
            "unknown_field");
  EXPECT_EQ(kind(with(base, R"("method":"password")", R"("method":"sms")")), "invalid_field");
  EXPECT_EQ(kind(with(base, R"("user_id":"alice")", R"("user_id":5)")), "invalid_field");
  EXPECT_EQ(kind(with(base, R"("user_id":"alice")", "\"user_id\":\"" + std::string(65, 'a') + "\"")),
            "invalid_field");
  EXPECT_EQ(kind(with(base, R"("user_id":"alice")", R"("user_id":null)")), "invalid_field");
  EXPECT_EQ(kind(with(base, R"("user_id":"alice","method":"password")",
                      R"("method":"password","user_id":"alice")")),
            "invalid_field");  // schema order
  const std::string more = R"("method":"password")";
  EXPECT_EQ(kind(with(base, more, more + R"(,"attempts":1.5)")), "invalid_field");
  EXPECT_EQ(kind(with(base, more, more + R"(,"attempts":9223372036854775808)")), "invalid_field");
  EXPECT_EQ(kind(with(base, more, more + R"(,"attempts":-9223372036854775808)")), "ok");
  EXPECT_EQ(kind(with(base, more, more + R"(,"scopes":["a",1])")), "invalid_field");
  EXPECT_EQ(kind(with(base, more, more + R"(,"scopes":[")" + std::string(33, 'x') + "\"]")),
            "invalid_field");
  EXPECT_EQ(kind(with(base, more, more + R"(,"legacy_flag":"yes")")), "invalid_field");
  // Redaction markers stand for fields above a sink's tier, of that tier.
  EXPECT_EQ(kind(with(base, R"("user_id":"alice")", R"("user_id":{"redacted":"restricted"})")), "ok");
  EXPECT_EQ(kind(with(base, R"("user_id":"alice")", R"("user_id":{"redacted":"sensitive"})")),
            "invalid_field");
  EXPECT_EQ(kind(with(base, more, more + R"(,"session_token":{"redacted":"sensitive","hmac":")" +
                                      std::string(64, 'a') + "\"}")),
            "ok");
  EXPECT_EQ(kind(with(base, more, more + R"(,"session_token":{"redacted":"sensitive","hmac":"zz"})")),
            "invalid_field");
  EXPECT_EQ(kind(with(base, R"("method":"password")", R"("method":{"redacted":"unrestricted"})")),
            "invalid_field");
}

// What the runtime refuses as invalid_event (an enum value that names no
// member, see EncoderTest's RefusesEnumValuesThatAreNotMembers) a sender
// cannot put in a line either: anything but a member's exact name is
// refused, with the field named.
TEST(CollectorValidator, EnumValuesThatAreNotMembersAreRefused) {
  const std::string member = R"("method":"password")";
  for (const std::string bad :
       {R"("sms")", R"("")", R"("Password")", R"("passwor")", R"("password ")",
        R"("password\u0000")", R"("totp,passkey")", R"("\ufffd")", "3", "0", "-1", "true",
        "null", R"(["password"])", R"({"password":1})"}) {
    const verdict v = check(with(base, member, "\"method\":" + bad));
    EXPECT_FALSE(v.ok) << bad;
    EXPECT_EQ(v.kind, "invalid_field") << bad;
    EXPECT_NE(v.reason.find("method"), std::string::npos) << bad << ": " << v.reason;
  }
  for (const char *good : {"password", "totp", "passkey"})
    EXPECT_EQ(kind(with(base, member, std::string("\"method\":\"") + good + "\"")), "ok") << good;
}

const std::string fail_line =
    R"({"seq":1,"time":"2026-11-27T03:37:37.123456Z","service":"shop","event":"authz.fail",)"
    R"("version":"2.0","schema":"e8edb1bb1902b5ac","outcome":"failure","context":{"actor":"u",)"
    R"("actor_type":"user","request_id":"r"},"fields":{"resource":"/orders",)"
    R"("when":"2026-11-27T03:37:37.000000Z","took":-5,"client_ip":"::1","score":0.5,"bytes":3}})";

TEST(CollectorValidator, TypedFields) {
  EXPECT_EQ(kind(fail_line), "ok");  // an older minor version
  EXPECT_EQ(kind(with(fail_line, "/orders", "/Orders")), "invalid_field");  // pattern
  EXPECT_EQ(kind(with(fail_line, "\"::1\"", "\"::g\"")), "invalid_field");
  EXPECT_EQ(kind(with(fail_line, "37.000000Z", "37.000000+00:00")), "invalid_field");
  EXPECT_EQ(kind(with(fail_line, "\"bytes\":3", "\"bytes\":-3")), "invalid_field");
  EXPECT_EQ(kind(with(fail_line, "\"score\":0.5", "\"score\":\"0.5\"")), "invalid_field");
  EXPECT_EQ(kind(with(fail_line, "\"took\":-5", "\"took\":1e3")), "invalid_field");
  std::string body;
  ASSERT_TRUE(check(with(fail_line, "\"score\":0.5", "\"score\":5E-1"), &body).ok);
  EXPECT_NE(body.find("\"score\":0.5"), std::string::npos) << body;
}

// Issue 12, defect 8: std::regex recursed once per character, so one long
// value overflowed the connection thread's stack and killed the daemon.
// resource has pattern "^/[a-z/]*$" and no max_length.
TEST(CollectorValidator, LongValueAgainstAPatternIsNoCrash) {
  const std::string long_path = "/" + std::string(100000, 'a');
  EXPECT_EQ(kind(with(fail_line, "\"/orders\"", "\"" + long_path + "\"")), "ok");
  EXPECT_EQ(kind(with(fail_line, "\"/orders\"", "\"" + long_path + "A\"")), "invalid_field");
}

// A pattern a backtracking engine takes exponential time over: checked in
// one pass all the same. With std::regex 41 characters cost 13 s of CPU and
// each more multiplies that by 1.6, so 65 would outlast ctest's timeout.
TEST(CollectorValidator, AmbiguousPatternIsLinear) {
  const std::string path = ::testing::TempDir() + "/ambiguous-pattern.yaml";
  {
    std::ofstream out(path);
    out << "format: 1\nnamespace: t\nservice: t\nversion: \"1.0\"\nevents:\n"
           "  - name: t.e\n    version: \"1.0\"\n    context: []\n    fields:\n"
           "      - { name: v, type: string, tier: unrestricted, required: true, "
           "pattern: \"(a|aa)+$\" }\n";
  }
  std::string error;
  const auto v = validator::load({path}, error);
  ASSERT_NE(v, nullptr) << error;
  auto line = [](const std::string &value) {
    return R"({"seq":1,"time":"2026-11-27T03:37:37.123456Z","service":"t","event":"t.e",)"
           R"("version":"1.0","schema":"ab","context":{},"fields":{"v":")" +
           value + "\"}}";
  };
  std::string body;
  EXPECT_TRUE(v->check(line(std::string(64, 'a')), 1 << 20, body).ok);
  const verdict refused = v->check(line(std::string(64, 'a') + "b"), 1 << 20, body);
  EXPECT_FALSE(refused.ok);
  EXPECT_EQ(refused.kind, std::string("invalid_field")) << refused.reason;
}

// Every line one edit away from a valid one (a byte changed to one of
// the bytes JSON and the fast path care about, deleted or doubled): the
// fast path and the full parse give the same verdict and body.
TEST(CollectorValidator, FastPathAgreesWithTheFullParseOnEdits) {
  const std::string alphabet = "\"\\{}[],:0123456789-+.eE aZ\x7f\xc3\x01";
  for (const std::string &line : {base, fail_line}) {
    for (std::size_t i = 0; i < line.size(); ++i) {
      for (char c : alphabet) {
        std::string edited = line;
        edited[i] = c;
        expect_same_as_slow(shop(), edited);
      }
      expect_same_as_slow(shop(), std::string(line).erase(i, 1));
      expect_same_as_slow(shop(), std::string(line).insert(i, 1, line[i]));
    }
  }
}

}  // namespace
