// RUN: %check_trailguard %s -- -std=c11 -I%annotations_include
// The annotations work in a C translation unit: fields, types, globals,
// functions; stdio sinks.
#include <trailguard/annotations.hpp>
#include <stdio.h>
#include <string.h>

struct account {
  char name[32];
  TG_SENSITIVE char password[32];
  TG_RESTRICTED char email[64];
  int id;
};

struct TG_SENSITIVE secret_key {
  unsigned char bytes[16];
};

TG_SENSITIVE extern char master_secret[32];
TG_SENSITIVE const char *load_token(void);

void fields(const struct account *a, struct account b) {
  printf("%s\n", a->password);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  puts(a->email);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: restricted value reaches log sink 'puts' [trailguard-tier-leak]
  fprintf(stderr, "%s\n", b.password);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: sensitive value reaches log sink 'fprintf' [trailguard-tier-leak]
  printf("%s %d\n", a->name, a->id);
  puts(b.name);
  fprintf(stderr, "%zu\n", strlen(a->name));
}

void types(const struct secret_key *k) {
  printf("%02x\n", k->bytes[0]);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
}

void globals(void) {
  puts(master_secret);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  puts(load_token());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
}

void flows(const struct account *a) {
  const char *p = a->password;
  puts(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  char buf[64];
  snprintf(buf, sizeof buf, "pw=%s", a->password);
  puts(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
  char copy[32];
  strcpy(copy, a->name);
  puts(copy);
}
