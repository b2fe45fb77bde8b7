// RUN: %check_trailguard %s --infer-sensitive-names -- -std=c++17
// A session id is the bearer credential of a session: sensitive in every
// spelling; `sid` alone (getsid, a Windows SID) and lengths are not.
#include <cstdio>
#include <string>

struct Session {
  std::string session_id;
  std::string sessionId;
  std::string m_sessionId;
  const char *SESSION_ID;
  std::string sid;
  size_t session_id_len;
};

void f(const Session &s) {
  printf("%s\n", s.session_id.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", s.sessionId.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", s.m_sessionId.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", s.SESSION_ID);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s %zu\n", s.sid.c_str(), s.session_id_len);
}
