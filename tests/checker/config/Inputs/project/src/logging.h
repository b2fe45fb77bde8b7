#include <trailguard/annotations.hpp>
#include <cstdio>
TG_SENSITIVE const char *session_key();
inline void log_session() { puts(session_key()); }
