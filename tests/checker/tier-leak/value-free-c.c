// RUN: %check_trailguard %s -- -std=c11 -I%annotations_include
// In C, lengths and byte counts carry no tier: strlen, the counts write()
// and snprintf() return, and functions named like a length (sdslen, objlen).
#include <trailguard/annotations.hpp>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct header {
  unsigned len;
};
static inline size_t sdslen(const char *s) {
  return ((const struct header *)(const void *)(s - sizeof(struct header)))->len;
}
size_t object_length(const void *o);
int parse_pin(const char *s);

struct user {
  const char *name;
  TG_SENSITIVE const char *password;
  TG_SENSITIVE const void *token;
};

void f(struct user *u, int fd) {
  printf("%zu\n", strlen(u->password));
  printf("%zu\n", sdslen(u->password));
  printf("%zu\n", object_length(u->token));
  ssize_t n = write(fd, u->password, strlen(u->password));
  printf("wrote %zd\n", n);
  char buf[32];
  int len = snprintf(buf, sizeof buf, "%s", u->password);
  printf("%d\n", len);
  printf("%s\n", buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
  // A value computed from the secret is still secret.
  printf("%d\n", parse_pin(u->password));
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: sensitive value reaches log sink 'printf' [trailguard-tier-leak]
}
