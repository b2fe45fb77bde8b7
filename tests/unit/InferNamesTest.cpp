// The name heuristics of --infer-sensitive-names: which words and forms give
// which tier, and the look-alikes they must leave alone.
#include "TierModel.h"

#include <gtest/gtest.h>

using trailguard::inferTierFromName;
using trailguard::Tier;

namespace {

const std::optional<Tier> Sensitive = Tier::sensitive;
const std::optional<Tier> Restricted = Tier::restricted;
const std::optional<Tier> None = std::nullopt;

TEST(InferNamesTest, Credentials) {
  for (const char *N : {"password", "apiKey", "API_KEY", "session_token",
                        "secret", "pin", "privateKey", "cookie"})
    EXPECT_EQ(inferTierFromName(N), Sensitive) << N;
}

TEST(InferNamesTest, SessionIds) {
  for (const char *N : {"session_id", "sessionId", "SessionID", "m_sessionId",
                        "SESSION_ID", "sessionid", "g_sessionId", "sess_id",
                        "sessId", "sessid", "JSESSIONID", "PHPSESSID"})
    EXPECT_EQ(inferTierFromName(N), Sensitive) << N;
  EXPECT_EQ(inferTierFromName("sess_id_len"), None);
  // A POSIX session id (getsid) or a Windows security identifier is not a
  // credential; `sid` alone is not inferred.
  EXPECT_EQ(inferTierFromName("sid"), None);
  EXPECT_EQ(inferTierFromName("session_id_len"), None);
}

TEST(InferNamesTest, ShortPasswordWords) {
  for (const char *N : {"pass", "passwd", "pwd", "user_pass", "dbPass",
                        "PASS", "pass_word", "passPhrase"})
    EXPECT_EQ(inferTierFromName(N), Sensitive) << N;
}

TEST(InferNamesTest, HungarianPrefixes) {
  for (const char *N : {"m_sPass", "m_pass", "s_pwd", "g_password", "pPass",
                        "szPwd", "szPassword", "strPass", "lpszPassword",
                        "m_strPwd", "m_szPass"})
    EXPECT_EQ(inferTierFromName(N), Sensitive) << N;
}

TEST(InferNamesTest, Digits) {
  for (const char *N : {"password2", "pwd1", "pass2", "token0", "apiKey2"})
    EXPECT_EQ(inferTierFromName(N), Sensitive) << N;
  EXPECT_EQ(inferTierFromName("sha256"), None);
}

TEST(InferNamesTest, PassLookAlikes) {
  for (const char *N : {"passenger", "compass", "bypass", "passthrough",
                        "pass_through", "by_pass", "passive", "passes",
                        "pass_count", "num_pass", "first_pass", "renderPass",
                        "pass_manager", "pass_fail", "surpass"})
    EXPECT_EQ(inferTierFromName(N), None) << N;
}

TEST(InferNamesTest, PwdLookAlikes) {
  for (const char *N : {"cwd", "getcwd", "cwd_buf", "pwd_dir", "current_pwd",
                        "PWD_ENV", "oldpwd", "work_pwd"})
    EXPECT_EQ(inferTierFromName(N), None) << N;
}

TEST(InferNamesTest, ShortWordsNeedText) {
  // `struct passwd *pwd` (getpwnam), `Pass *pass`, `int pass` (a loop's
  // pass number) are not text.
  EXPECT_EQ(inferTierFromName("pwd", /*Text=*/false), None);
  EXPECT_EQ(inferTierFromName("pass", /*Text=*/false), None);
  EXPECT_EQ(inferTierFromName("password", /*Text=*/false), Sensitive);
}

TEST(InferNamesTest, LexerAndStopTokens) {
  for (const char *N : {"stop_token", "cregex_token_iterator", "token_stream",
                        "token_handle_", "password_hash", "next_token"})
    EXPECT_EQ(inferTierFromName(N), None) << N;
}

TEST(InferNamesTest, PersonalData) {
  for (const char *N : {"email", "userEmail", "e_mail", "phone_number", "dob"})
    EXPECT_EQ(inferTierFromName(N), Restricted) << N;
}

} // namespace
