// Thin entry point of trailguard-verify; the tool lives in trailguard_verify_tool.
#include "verify_tool.hpp"

#include <iostream>

int main(int argc, const char** argv) {
  return trailguard::verify::run_verify_tool(argc, argv, std::cout, std::cerr);
}
