// A project header with a leak in an inline function, included by the tests
// of this directory from several places.
#include <trailguard/annotations.hpp>
#include <cstdio>
TG_SENSITIVE const char *session_token();
inline void log_session() { puts(session_token()); }
