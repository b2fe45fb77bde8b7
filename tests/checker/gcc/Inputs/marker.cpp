#include <trailguard/annotations.hpp>
#include <marker.h>

TG_RESTRICTED extern const char *email;

void notify() { puts(email); }
