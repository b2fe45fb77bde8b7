// The helper matches inline expectations against the tool's output.
// RUN: %check_trailguard --exit-code 0 %s --show-compiler-warnings -- -Wunused-variable

void f() {
  int unused = 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: unused variable 'unused'
}
