// RUN: rm -rf %t && mkdir -p %t/build && cp %S/Inputs/user.h %S/Inputs/user.cpp %S/Inputs/log.cpp %t/ && cp %s %t/main.cpp
// RUN: sed -e "s|@DIR@|%t|g" -e "s|@INC@|%annotations_include|g" %S/Inputs/compile_commands.json.in > %t/build/compile_commands.json
// RUN: %trailguard_check -p %t/build --source-root %t > %t/out.txt || true
// RUN: FileCheck %s --check-prefix=CHECK-MESSAGES --input-file=%t/out.txt --implicit-check-not=warning:
// A rerun reuses the summaries, and --merge reads them: a call in a loop
// that is passed its own earlier result is a summary like any other.
// RUN: %trailguard_check -p %t/build --source-root %t > %t/again.txt || true
// RUN: FileCheck %s --check-prefix=CHECK-MESSAGES --input-file=%t/again.txt --implicit-check-not=warning:
// RUN: %trailguard_check --merge %t/build/.trailguard-summaries --source-root %t > %t/merged.txt; test $? -eq 1
// RUN: FileCheck %s --check-prefix=CHECK-MESSAGES --input-file=%t/merged.txt --implicit-check-not=warning:
#include "user.h"
#include <cstdio>

void shorten(const Credentials &C, int Rounds) {
  std::string S = C.Login;
  std::string M = C.Login;
  for (int I = 0; I < Rounds; ++I) {
    S = prefix(S + C.Token);
    M = mask(M + C.Token);
  }
  std::puts(S.c_str());
  // CHECK-MESSAGES: main.cpp:[[@LINE-1]]:13: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  std::puts(M.c_str());
}
