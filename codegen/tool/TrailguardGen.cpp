//===--- TrailguardGen.cpp - trailguard-gen executable --------------------===//
//
// Thin entry point; the tool lives in the trailguardCodegen library.
//
//===----------------------------------------------------------------------===//

#include "GenTool.h"

int main(int Argc, const char **Argv) {
  return trailguard::gen::runGenTool(Argc, Argv);
}
