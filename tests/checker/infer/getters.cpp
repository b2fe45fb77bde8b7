// RUN: %check_trailguard %s --infer-sensitive-names -- -std=c++17
// A getter of text returns what its name says; a getter of a flag, of a
// lexer's Token or of a look-alike word does not.
#include <cstdio>
#include <string>

struct Token {
  const char *text;
};

class Account {
public:
  std::string GetPass() const;
  const char *getPwd() const;
  const std::string &get_session_id() const;
  std::string getPassenger() const;
  bool getPassRequired() const;
  Token getToken() const;
  std::string getName() const;
};

void f(const Account &a) {
  printf("%s\n", a.GetPass().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", a.getPwd());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  printf("%s\n", a.get_session_id().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]

  printf("%s\n", a.getPassenger().c_str());
  printf("%d\n", a.getPassRequired());
  printf("%s\n", a.getToken().text);
  printf("%s\n", a.getName().c_str());
}
