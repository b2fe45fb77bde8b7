#include <trailguard/annotations.hpp>
#include <cstdio>
TG_SENSITIVE const char *vendor_key();
inline void log_vendor() { puts(vendor_key()); }
