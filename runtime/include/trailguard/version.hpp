// The trailguard runtime's version, for tools and for users' diagnostics.
#ifndef TRAILGUARD_VERSION_HPP
#define TRAILGUARD_VERSION_HPP

#define TRAILGUARD_VERSION_MAJOR 0
#define TRAILGUARD_VERSION_MINOR 1
#define TRAILGUARD_VERSION_PATCH 0
#define TRAILGUARD_VERSION_STRING "0.1.0"

#endif // TRAILGUARD_VERSION_HPP
