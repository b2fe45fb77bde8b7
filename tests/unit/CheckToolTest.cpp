//===--- CheckToolTest.cpp - trailguard-check command line ----------------===//
//
// Command-line behaviour of trailguard-check, through the library it is built
// on. llvm::cl keeps global state, so each case runs in a death-test child.
//
//===----------------------------------------------------------------------===//

#include "CheckTool.h"

#include "gtest/gtest.h"

#include <cstdlib>
#include <vector>

namespace {

[[noreturn]] void runAndExit(std::vector<const char *> Args) {
  Args.insert(Args.begin(), "trailguard-check");
  std::exit(trailguard::runCheckTool(static_cast<int>(Args.size()),
                                     Args.data()));
}

TEST(CheckToolDeathTest, NoInputIsAUsageError) {
  EXPECT_EXIT(runAndExit({}), testing::ExitedWithCode(2), "no input files");
}

TEST(CheckToolDeathTest, UnknownOptionIsAUsageError) {
  EXPECT_EXIT(runAndExit({"--frobnicate", "a.cpp", "--"}),
              testing::ExitedWithCode(2), "frobnicate");
}

TEST(CheckToolDeathTest, VersionNamesClang) {
  EXPECT_EXIT(runAndExit({"--version"}), testing::ExitedWithCode(0), "");
}

} // namespace
