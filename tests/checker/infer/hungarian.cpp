// RUN: %check_trailguard %s --infer-sensitive-names -- -std=c++17
// Hungarian prefixes (m_, s_, g_, p, sz, str, m_s) are words of their own,
// so the rest of the name is read as usual.
#include <cstdio>
#include <string>

std::string g_password;

class Account {
  std::string m_sPass;
  char szPwd[32];
  std::string strPass;
  const char *pPassword;
  std::string m_strName;

  void dump() const {
    printf("%s\n", m_sPass.c_str());
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
    printf("%s\n", szPwd);
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
    printf("%s\n", strPass.c_str());
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
    printf("%s\n", pPassword);
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
    printf("%s\n", g_password.c_str());
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
    printf("%s\n", m_strName.c_str());
  }
};
