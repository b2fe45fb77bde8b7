// RUN: rm -rf %t && mkdir -p %t/build && cp %S/Inputs/messages.h %S/Inputs/messages.cpp %t/ && cp %s %t/main.cpp
// RUN: printf '[{"directory": "%t", "file": "%t/messages.cpp", "command": "clang++ -std=c++17 -I%annotations_include -c messages.cpp"}, {"directory": "%t", "file": "%t/main.cpp", "command": "clang++ -std=c++17 -I%annotations_include -c main.cpp"}]' > %t/build/compile_commands.json
// RUN: %trailguard_check -p %t/build --source-root %t > %t/out.txt || true
// RUN: FileCheck %s --check-prefix=CHECK-MESSAGES --input-file=%t/out.txt --implicit-check-not=warning:
// An audit message returned by a function of another translation unit is
// constant if every return there is (also through a further call); one that
// builds the message at run time is not.
#include "messages.h"

void onLogin(int Kind, const std::string &User) {
  audit(messageFor(Kind), User);
  audit(alias(Kind), User);
  audit(greeting(User), User);
  // CHECK-MESSAGES: main.cpp:[[@LINE-1]]:9: warning: audit message passed to 'audit' is not a compile-time constant; pass a constant message and the runtime values as structured parameters [trailguard-unparameterized-audit]
}

static const char *localMessage(bool Ok) { return Ok ? "ok" : "failed"; }
static std::string localBuilt(const std::string &User) { return "by " + User; }

void onLocal(bool Ok, const std::string &User) {
  audit(localMessage(Ok), User);
  audit(localBuilt(User), User);
  // CHECK-MESSAGES: main.cpp:[[@LINE-1]]:9: warning: audit message passed to 'audit' is not a compile-time constant; pass a constant message and the runtime values as structured parameters [trailguard-unparameterized-audit]
}
