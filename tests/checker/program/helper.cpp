// RUN: rm -rf %t && mkdir -p %t/build && cp %S/Inputs/user.h %S/Inputs/user.cpp %S/Inputs/log.cpp %t/ && cp %s %t/main.cpp
// RUN: sed -e "s|@DIR@|%t|g" -e "s|@INC@|%annotations_include|g" %S/Inputs/compile_commands.json.in > %t/build/compile_commands.json
// RUN: %trailguard_check -p %t/build --source-root %t > %t/out.txt || true
// RUN: FileCheck %s --check-prefix=CHECK-MESSAGES --input-file=%t/out.txt --implicit-check-not=warning:
// A logging helper defined in another translation unit is a sink for
// what it logs; one that logs nothing is not.
#include "user.h"

void record(const Credentials &C) {
  logLine(C.Token);
  // CHECK-MESSAGES: main.cpp:[[@LINE-1]]:11: warning: sensitive value reaches log sink 'puts' through call to 'logLine' [trailguard-tier-leak]
  logLine(C.Login);
  logQuietly(C.Token);
}
