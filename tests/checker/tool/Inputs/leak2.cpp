#include <trailguard/annotations.hpp>
#include <cstdio>

TG_RESTRICTED extern const char *email;

void notify() { puts(email); }
