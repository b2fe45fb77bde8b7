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
// FIXIT: suggest.cpp:10:15: remark: 'password' looks like it holds a credential or personal data; annotate it with TG_SENSITIVE (or TG_RESTRICTED) [trailguard-suggest-annotation]
// FIXIT-NEXT: {{^}}   10 |   std::string password;
// FIXIT-NEXT: {{^}}      |               ^
// FIXIT-NEXT: {{^}}      |   TG_SENSITIVE
// FIXIT: suggest.cpp:17:56: remark: 'passphrase' looks like
// FIXIT-NOT: remark:
