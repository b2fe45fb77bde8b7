// RUN: rm -rf %t && mkdir -p %t/build && cp %S/Inputs/user.h %S/Inputs/user.cpp %S/Inputs/log.cpp %t/ && cp %s %t/main.cpp
// RUN: sed -e "s|@DIR@|%t|g" -e "s|@INC@|%annotations_include|g" %S/Inputs/compile_commands.json.in > %t/build/compile_commands.json
// RUN: %trailguard_check -p %t/build --source-root %t > %t/out.txt || true
// RUN: FileCheck %s --check-prefix=CHECK-MESSAGES --input-file=%t/out.txt --implicit-check-not=warning:
// Across two other translation units: describe() (log.cpp) calls
// User::password() (user.cpp).
#include "user.h"
#include <cstdio>

void show(const User &U, const Credentials &C) {
  std::puts(describe(U).c_str());
  // CHECK-MESSAGES: main.cpp:[[@LINE-1]]:13: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::puts(tokenOf(C).c_str());
  // CHECK-MESSAGES: main.cpp:[[@LINE-1]]:13: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}
