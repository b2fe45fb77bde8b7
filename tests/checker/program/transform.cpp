// RUN: rm -rf %t && mkdir -p %t/build && cp %S/Inputs/user.h %S/Inputs/user.cpp %S/Inputs/log.cpp %t/ && cp %s %t/main.cpp
// RUN: sed -e "s|@DIR@|%t|g" -e "s|@INC@|%annotations_include|g" %S/Inputs/compile_commands.json.in > %t/build/compile_commands.json
// RUN: %trailguard_check -p %t/build --source-root %t > %t/out.txt || true
// RUN: FileCheck %s --check-prefix=CHECK-MESSAGES --input-file=%t/out.txt --implicit-check-not=warning:
// A function defined in another translation unit that returns nothing of
// its argument (a mask) does not pass the tier on; one that returns part of
// it does.
#include "user.h"
#include <cstdio>

void show(const Credentials &C) {
  std::puts(mask(C.Token).c_str());
  std::puts(prefix(C.Token).c_str());
  // CHECK-MESSAGES: main.cpp:[[@LINE-1]]:13: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}
