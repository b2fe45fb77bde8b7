// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// C stdio and its wide forms are log sinks; the FILE* and fd are not data.
#include <trailguard/annotations.hpp>
#include <cstdarg>
#include <cstdio>
#include <cwchar>

TG_SENSITIVE extern const char *secret;
TG_SENSITIVE extern const wchar_t *wsecret;
extern const char *label;

void stdio(FILE *f) {
  printf("%s\n", secret);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  fprintf(f, "%s\n", secret);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: sensitive value reaches log sink 'fprintf' [trailguard-tier-leak]
  dprintf(2, "%s\n", secret);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: sensitive value reaches log sink 'dprintf' [trailguard-tier-leak]
  puts(secret);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  fputs(secret, stderr);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: sensitive value reaches log sink 'fputs' [trailguard-tier-leak]
  perror(secret);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'perror' [trailguard-tier-leak]
  wprintf(L"%ls\n", wsecret);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: sensitive value reaches log sink 'wprintf' [trailguard-tier-leak]
  fwprintf(f, L"%ls\n", wsecret);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: sensitive value reaches log sink 'fwprintf' [trailguard-tier-leak]
  fputws(wsecret, f);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: sensitive value reaches log sink 'fputws' [trailguard-tier-leak]

  // Negative: unrestricted data, and the stream argument itself.
  printf("%s\n", label);
  fprintf(f, "%s\n", label);
  puts(label);
  fputs(label, f);
  wprintf(L"%s\n", label);
}

void forward(const char *fmt, va_list ap) {
  vprintf(fmt, ap);
  vfprintf(stderr, fmt, ap);
}

void vsecret(va_list ap) {
  vprintf(secret, ap);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: sensitive value reaches log sink 'vprintf' [trailguard-tier-leak]
  vfprintf(stderr, secret, ap);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: sensitive value reaches log sink 'vfprintf' [trailguard-tier-leak]
}
