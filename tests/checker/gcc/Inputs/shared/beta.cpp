#include <trailguard/annotations.hpp>

extern "C" int puts(const char *);
TG_RESTRICTED extern const char *beta_email;

void beta_notify() { puts(beta_email); }
