// RUN: timeout 60 %check_trailguard %s -- -std=c11 -I%annotations_include
// A call tree where each level calls the next twice: summaries keep one
// path per sink, so this stays linear (it used to double per level).
#include <trailguard/annotations.hpp>
#include <stdio.h>

TG_SENSITIVE extern const char *pin;

void f0(const char *s) { printf("%s\n", s); }
void f1(const char *s) { f0(s); f0(s); }
void f2(const char *s) { f1(s); f1(s); }
void f3(const char *s) { f2(s); f2(s); }
void f4(const char *s) { f3(s); f3(s); }
void f5(const char *s) { f4(s); f4(s); }
void f6(const char *s) { f5(s); f5(s); }
void f7(const char *s) { f6(s); f6(s); }
void f8(const char *s) { f7(s); f7(s); }
void f9(const char *s) { f8(s); f8(s); }
void f10(const char *s) { f9(s); f9(s); }
void f11(const char *s) { f10(s); f10(s); }
void f12(const char *s) { f11(s); f11(s); }
void f13(const char *s) { f12(s); f12(s); }
void f14(const char *s) { f13(s); f13(s); }
void f15(const char *s) { f14(s); f14(s); }
void f16(const char *s) { f15(s); f15(s); }
void f17(const char *s) { f16(s); f16(s); }
void f18(const char *s) { f17(s); f17(s); }
void f19(const char *s) { f18(s); f18(s); }
void f20(const char *s) { f19(s); f19(s); }
void f21(const char *s) { f20(s); f20(s); }
void f22(const char *s) { f21(s); f21(s); }
void f23(const char *s) { f22(s); f22(s); }
void f24(const char *s) { f23(s); f23(s); }
void f25(const char *s) { f24(s); f24(s); }
void f26(const char *s) { f25(s); f25(s); }
void f27(const char *s) { f26(s); f26(s); }
void f28(const char *s) { f27(s); f27(s); }
void f29(const char *s) { f28(s); f28(s); }
void f30(const char *s) { f29(s); f29(s); }

void use(void) {
  f30(pin);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: sensitive value reaches log sink 'printf' through call to 'f30' [trailguard-tier-leak]
}
