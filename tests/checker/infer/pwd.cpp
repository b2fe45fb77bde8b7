// RUN: %check_trailguard %s --infer-sensitive-names -- -std=c++17
// `pwd` is a password when it holds text and the name does not say
// directory; `struct passwd *pwd` (getpwnam) and the working directory
// (cwd, getcwd, a `pwd_dir`) are not.
#include <cstdio>
#include <string>

struct passwd {
  char *pw_name;
  char *pw_dir;
};

struct Db {
  std::string db_pwd;
  const char *pwd;
  char cwd[256];
  std::string current_pwd;
  std::string pwd_dir;
};

void f(const Db &d, const passwd *pwd) {
  printf("%s\n", d.db_pwd.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", d.pwd);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]

  printf("%s %s\n", pwd->pw_name, pwd->pw_dir);
  printf("%s %s\n", d.cwd, d.current_pwd.c_str());
  printf("%s\n", d.pwd_dir.c_str());
}
