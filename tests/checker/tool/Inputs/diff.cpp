#include <trailguard/annotations.hpp>
#include <cstdio>

TG_SENSITIVE const char *password();

void first() { puts(password()); }
void second() { puts("second"); }
void third() { puts("third"); }
