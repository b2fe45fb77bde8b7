#include <trailguard/annotations.hpp>

extern "C" int puts(const char *);
TG_RESTRICTED extern const char *email;

void notify() { puts(email); }
