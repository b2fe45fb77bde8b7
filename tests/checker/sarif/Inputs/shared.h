#include <trailguard/annotations.hpp>
#include <cstdio>

TG_SENSITIVE const char *api_key();

inline void dump_key() { printf("key %s\n", api_key()); }
