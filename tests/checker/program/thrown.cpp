// RUN: rm -rf %t && mkdir -p %t/build && cp %S/Inputs/user.h %S/Inputs/user.cpp %S/Inputs/log.cpp %t/ && cp %s %t/main.cpp
// RUN: sed -e "s|@DIR@|%t|g" -e "s|@INC@|%annotations_include|g" %S/Inputs/compile_commands.json.in > %t/build/compile_commands.json
// RUN: %trailguard_check -p %t/build --source-root %t > %t/out.txt || true
// RUN: FileCheck %s --check-prefix=CHECK-MESSAGES --input-file=%t/out.txt --implicit-check-not=warning:
// An exception thrown in another translation unit carries what it was
// built from there: the secret in the message, or a constant message.
#include "user.h"
#include <cstdio>
#include <stdexcept>

void login(const User &U) {
  try {
    checkPassword(U.password());
  } catch (const std::exception &E) {
    std::puts(E.what());
    // CHECK-MESSAGES: main.cpp:[[@LINE-1]]:15: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
    // CHECK-MESSAGES: main.cpp:[[@LINE-4]]:5: note: 'checkPassword' throws a sensitive value
  }
  try {
    checkLength(U.password());
  } catch (const std::exception &E) {
    std::puts(E.what());
  }
}

// Through a function of this unit that lets it escape.
void validate(const User &U) { checkPassword(U.password()); }
void validateLength(const User &U) { checkLength(U.password()); }

void signUp(const User &U) {
  try {
    validate(U);
  } catch (const std::exception &E) {
    std::puts(E.what());
    // CHECK-MESSAGES: main.cpp:[[@LINE-1]]:15: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  }
  try {
    validateLength(U);
  } catch (const std::exception &E) {
    std::puts(E.what());
  }
}

// A constructor defined in another unit.
void open(const User &U) {
  try {
    Vault V(U.password());
  } catch (const std::exception &E) {
    std::puts(E.what());
    // CHECK-MESSAGES: main.cpp:[[@LINE-1]]:15: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  }
  try {
    Box B(U.password());
  } catch (const std::exception &E) {
    std::puts(E.what());
  }
}
