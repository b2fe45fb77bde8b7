#include <trailguard/annotations.hpp>

int puts(const char *);
TG_RESTRICTED extern const char *gamma_email;

void gamma_notify(void) { puts(gamma_email); }
