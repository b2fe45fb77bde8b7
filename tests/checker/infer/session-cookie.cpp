// RUN: %check_trailguard %s --infer-sensitive-names -- -std=c++17
// Session ids abbreviated (sess_id, sessId) and as the cookie names of Java
// and PHP (JSESSIONID, PHPSESSID) are sensitive; their lengths are not.
#include <cstdio>
#include <string>

struct Request {
  std::string sess_id;
  std::string sessId;
  const char *JSESSIONID;
  std::string phpsessid;
  size_t sess_id_len;
};

void f(const Request &r) {
  printf("%s\n", r.sess_id.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", r.sessId.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", r.JSESSIONID);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", r.phpsessid.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%zu\n", r.sess_id_len);
}
