// RUN: %check_trailguard %s --config %S/Inputs/effects.yaml -- -std=c++17 -I%S/Inputs
// RUN: %check_trailguard --check-prefix=NOCONFIG %s --config %S/Inputs/empty.yaml -- -std=c++17 -I%S/Inputs
// Configured sources, log sinks (with their logged arguments), audit sinks
// and declassifiers stand in for annotations on code that cannot be edited.
#include "legacy.h"
#include <cstdio>

void f(const legacy::User &u, const legacy::Key &k, legacy::Trail &trail) {
  puts(u.password.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(u.email.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: restricted value reaches log sink 'puts' [trailguard-tier-leak]
  puts(legacy::load_token().c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(k.material.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(legacy::master_secret);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  mylog::write(1, u.password, "login");
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: sensitive value reaches log sink 'mylog::write' [trailguard-tier-leak]
  mylog::write(1, u.name, u.password);
  trail.record(1, "user " + u.name);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: audit message passed to 'legacy::Trail::record' is not a compile-time constant; pass a constant message and the runtime values as structured parameters [trailguard-unparameterized-audit]
  trail.record(1, "user logged in");
  puts(crypto::hmac_hex(u.password).c_str());
  puts(u.name.c_str());
}
