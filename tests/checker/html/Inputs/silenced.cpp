// A leak silenced by a NOLINT comment, next to the same leak not silenced.
#include <trailguard/annotations.hpp>
#include <cstdio>

struct Secret {
  TG_SENSITIVE const char *key;
};

void dump(const Secret &s) {
  printf("%s\n", s.key); // NOLINT(trailguard-tier-leak): a test key, printed on purpose
  printf("%s\n", s.key);
}
