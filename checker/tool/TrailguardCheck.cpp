//===--- TrailguardCheck.cpp - trailguard-check executable ----------------===//
//
// Thin entry point; the tool lives in the trailguardChecker library.
//
//===----------------------------------------------------------------------===//

#include "CheckTool.h"

int main(int Argc, const char **Argv) {
  return trailguard::runCheckTool(Argc, Argv);
}
