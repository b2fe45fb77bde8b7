// An expectation on the wrong line fails the test.
// RUN: not %check_trailguard --exit-code 0 %s --show-compiler-warnings -- -Wunused-variable 2>&1 | FileCheck %s --check-prefix=HARNESS
// HARNESS: error: {{.*}}CHECK-MESSAGES: expected string not found in input

void f() {
  int unused = 0;

  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: unused variable 'unused'
}
