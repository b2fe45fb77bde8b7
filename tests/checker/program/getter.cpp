// RUN: rm -rf %t && mkdir -p %t/build && cp %S/Inputs/user.h %S/Inputs/user.cpp %S/Inputs/log.cpp %t/ && cp %s %t/main.cpp
// RUN: sed -e "s|@DIR@|%t|g" -e "s|@INC@|%annotations_include|g" %S/Inputs/compile_commands.json.in > %t/build/compile_commands.json
// RUN: %trailguard_check -p %t/build --source-root %t > %t/out.txt || true
// RUN: FileCheck %s --check-prefix=CHECK-MESSAGES --input-file=%t/out.txt --implicit-check-not=warning:
// A getter defined in another translation unit returns what it returns
// there: the annotated field, or a field that is not.
#include "user.h"
#include <cstdio>

void show(const User &U) {
  std::puts(U.password().c_str());
  // CHECK-MESSAGES: main.cpp:[[@LINE-1]]:13: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::puts(U.name().c_str());
  std::puts(U.masked().c_str());
}
