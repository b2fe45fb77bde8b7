// REQUIRES: tidy-module
// RUN: %clang_tidy --load %tidy_module -checks='-*,trailguard-*' -quiet %s \
// RUN:   -- -std=c++17 -I%annotations_include 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
// RUN: %clang_tidy --load %tidy_module -checks='-*,trailguard-tier-leak' -quiet %s \
// RUN:   -- -std=c++17 -I%annotations_include 2>&1 \
// RUN:   | FileCheck %s --check-prefix=LEAK-ONLY --implicit-check-not=warning:
// RUN: not %clang_tidy --load %tidy_module -checks='-*,trailguard-*' \
// RUN:   --warnings-as-errors='trailguard-tier-leak' -quiet %s \
// RUN:   -- -std=c++17 -I%annotations_include 2>&1 \
// RUN:   | FileCheck %s --check-prefix=WERROR
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/leak.cpp
// RUN: printf 'version: 1\nsink: []\n' > %t/.trailguard.yaml
// RUN: not %clang_tidy --load %tidy_module -checks='-*,trailguard-*' -quiet \
// RUN:   %t/leak.cpp -- -std=c++17 -I%annotations_include 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BADCONFIG \
// RUN:       --implicit-check-not=warning: --implicit-check-not=error:
// BADCONFIG: error: trailguard: {{.*}}.trailguard.yaml:2:1: unknown key 'sink'{{.*}} [trailguard-tier-leak]
// The clang-tidy module reports trailguard's findings under the check names,
// with the notes walking the path, and nothing for the clean look-alikes.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

struct Fields {
  std::string user;
};
TG_AUDIT_SINK void audit(const std::string &message, const Fields &fields = {});

void leak(const User &u) {
  std::string msg = "pw=" + u.password;
  puts(msg.c_str());
  // CHECK: tier-leak.cpp:[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  // CHECK: tier-leak.cpp:[[@LINE-12]]:28: note: 'password' is declared sensitive here
  // CHECK: tier-leak.cpp:[[@LINE-4]]:15: note: sensitive value flows into 'msg' here
  // LEAK-ONLY: tier-leak.cpp:[[@LINE-4]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  // WERROR: tier-leak.cpp:[[@LINE-5]]:8: error: sensitive value reaches log sink 'puts' [trailguard-tier-leak,-warnings-as-errors]
}

void cleanLookAlike(const User &u) {
  std::string msg = "name=" + u.name;
  puts(msg.c_str());
}

void forgedAudit(const User &u) {
  audit("login by " + u.name);
  // CHECK: tier-leak.cpp:[[@LINE-1]]:9: warning: audit message passed to 'audit' is not a compile-time constant; {{.*}} [trailguard-unparameterized-audit]
  audit("login", Fields{u.name});
}
