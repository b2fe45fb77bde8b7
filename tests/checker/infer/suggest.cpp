// RUN: %check_trailguard %s --suggest-annotations -- -std=c++17 -I%annotations_include
// RUN: %trailguard_check %s --suggest-annotations -- -std=c++17 -I%annotations_include | FileCheck %s --check-prefix=FIXIT
// --suggest-annotations lists unannotated declarations that look sensitive,
// with a fix-it; suggestions are remarks and do not fail the run (exit 0).
#include <trailguard/annotations.hpp>
#include <string>

struct Account {
  std::string user;
  std::string password;
  TG_SENSITIVE std::string api_token;
  std::string password_hash;
};

bool login(const std::string &user, const std::string &passphrase);

bool login(const std::string &user, const std::string &passphrase) {
  return user.size() > passphrase.size();
}
// CHECK-MESSAGES-NOT: warning:
// FIXIT: suggest.cpp:10:15: remark: 'password' looks like it holds a credential; annotate it with TG_SENSITIVE [trailguard-suggest-annotation]
// FIXIT-NEXT: {{^}}   10 |   std::string password;
// FIXIT-NEXT: {{^}}      |               ^
// FIXIT-NEXT: {{^}}      |   TG_SENSITIVE
// FIXIT: suggest.cpp:17:56: remark: 'passphrase' looks like

// Personal data is restricted; a shared declaration gets no fix-it, since a
// macro before it would mark every declarator.
struct Contact {
  std::string email;
  std::string name, phone;
  void *secret;
  int token_index;
};
// FIXIT: suggest.cpp:30:15: remark: 'email' looks like it holds personal data; annotate it with TG_RESTRICTED [trailguard-suggest-annotation]
// FIXIT: {{^}}      |   TG_RESTRICTED
// FIXIT: suggest.cpp:31:21: remark: 'phone' looks like it holds personal data; annotate it with TG_RESTRICTED [trailguard-suggest-annotation]
// FIXIT-NOT: TG_RESTRICTED
// FIXIT-NOT: remark:
