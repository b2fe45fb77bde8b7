#include <trailguard/annotations.hpp>

extern "C" int puts(const char *);
TG_RESTRICTED extern const char *alpha_email;

void alpha_notify() { puts(alpha_email); }
