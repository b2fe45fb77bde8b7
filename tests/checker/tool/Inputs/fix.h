// A header with a credential, included by fix-a.cpp and fix-b.cpp.
#include <trailguard/annotations.hpp>
struct Creds {
  const char *password;
};
