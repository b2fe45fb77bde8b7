// A diagnostic the file does not expect fails the test.
// RUN: not %check_trailguard --exit-code 0 %s --show-compiler-warnings -- -Wunused-variable 2>&1 | FileCheck %s --check-prefix=HARNESS
// HARNESS: expected no diagnostics, got:
// HARNESS: warning: unused variable 'unused'

void f() {
  int unused = 0;
}
