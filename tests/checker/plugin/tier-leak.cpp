// REQUIRES: plugin
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clangxx -fplugin=%plugin -std=c++17 -I%annotations_include \
// RUN:   -c %s -o %t/leak.o 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
// RUN: test -s %t/leak.o
// RUN: not %clangxx -fplugin=%plugin -Werror -std=c++17 -I%annotations_include \
// RUN:   -c %s -o %t/leak-werror.o 2>&1 | FileCheck %s --check-prefix=WERROR
// RUN: not %clangxx -fplugin=%plugin -Xclang -plugin-arg-trailguard -Xclang werror \
// RUN:   -std=c++17 -I%annotations_include -c %s -o %t/leak-werror.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=WERROR
// RUN: printf 'version: 1\nchecks: "-trailguard-tier-leak"\n' > %t/off.yaml
// RUN: %clangxx -fplugin=%plugin -Xclang -plugin-arg-trailguard \
// RUN:   -Xclang config=%t/off.yaml -Werror -std=c++17 -I%annotations_include \
// RUN:   -c %s -o %t/off.o 2>&1 | count 0
// RUN: not %clangxx -fplugin=%plugin -Xclang -plugin-arg-trailguard -Xclang bogus \
// RUN:   -std=c++17 -I%annotations_include -c %s -o %t/bogus.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BADARG
// RUN: printf 'version: 1\nsink: []\n' > %t/bad.yaml
// RUN: not %clangxx -fplugin=%plugin -Xclang -plugin-arg-trailguard \
// RUN:   -Xclang config=%t/bad.yaml -std=c++17 -I%annotations_include \
// RUN:   -c %s -o %t/bad.o 2>&1 | FileCheck %s --check-prefix=BADCONFIG \
// RUN:       --implicit-check-not=warning: --implicit-check-not=error:
// With -fplugin, the compile succeeds and trailguard's findings are compiler
// warnings with their notes; -Werror (or the plugin's werror argument) makes
// them errors and fails the compile.
#include <trailguard/annotations.hpp>
#include <cstdio>
#include <string>

struct User {
  std::string name;
  TG_SENSITIVE std::string password;
};

void leak(const User &u) {
  std::string msg = "pw=" + u.password;
  puts(msg.c_str());
  // CHECK: tier-leak.cpp:[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  // CHECK: tier-leak.cpp:[[@LINE-7]]:28: note: 'password' is declared sensitive here
  // CHECK: tier-leak.cpp:[[@LINE-4]]:15: note: sensitive value flows into 'msg' here
  // CHECK: 1 warning generated.
  // WERROR: tier-leak.cpp:[[@LINE-5]]:8: error: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  // WERROR: 1 error generated.
}

void cleanLookAlike(const User &u) {
  std::string msg = "name=" + u.name;
  puts(msg.c_str());
}

// BADARG: error: trailguard: unknown plugin argument 'bogus' (expected config=PATH, summary-dir=DIR or werror)
// BADCONFIG: error: trailguard: {{.*}}bad.yaml:2:1: unknown key 'sink'
