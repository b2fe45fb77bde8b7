// Thin entry point of trailguard-trail; the tool lives in trailguard_trail_tool.
#include "trail_tool.hpp"

#include <unistd.h>

#include <iostream>

int main(int argc, const char **argv) {
  return trailguard::query::run_trail_tool(argc, argv, std::cout, std::cerr, ::isatty(1) == 1);
}
