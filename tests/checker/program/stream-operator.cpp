// RUN: rm -rf %t && mkdir -p %t/build && cp %S/Inputs/user.h %S/Inputs/user.cpp %S/Inputs/log.cpp %t/ && cp %s %t/main.cpp
// RUN: sed -e "s|@DIR@|%t|g" -e "s|@INC@|%annotations_include|g" %S/Inputs/compile_commands.json.in > %t/build/compile_commands.json
// RUN: %trailguard_check -p %t/build --source-root %t > %t/out.txt || true
// RUN: FileCheck %s --check-prefix=CHECK-MESSAGES --input-file=%t/out.txt --implicit-check-not=warning:
// An operator<< defined in another translation unit writes what it writes
// there: the user's name only, or the token.
#include "user.h"
#include <iostream>

void show(const User &U, const Credentials &C) {
  std::cout << U << '\n';
  std::clog << C << '\n';
  // CHECK-MESSAGES: main.cpp:[[@LINE-1]]:16: warning: sensitive value reaches log sink 'std::clog' through call to 'operator<<' [trailguard-tier-leak]
}
