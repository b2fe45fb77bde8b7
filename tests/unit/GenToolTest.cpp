//===--- GenToolTest.cpp - trailguard-gen command line --------------------===//
//
// Command-line behaviour of trailguard-gen, through the library it is built on.
//
//===----------------------------------------------------------------------===//

#include "GenTool.h"

#include "gtest/gtest.h"

#include <vector>

namespace {

int run(std::vector<const char *> Args) {
  Args.insert(Args.begin(), "trailguard-gen");
  return trailguard::gen::runGenTool(static_cast<int>(Args.size()),
                                     Args.data());
}

TEST(GenTool, HelpAndVersionSucceed) {
  EXPECT_EQ(run({"--help"}), 0);
  EXPECT_EQ(run({"--version"}), 0);
}

TEST(GenTool, UsageErrorsExitTwo) {
  EXPECT_EQ(run({}), 2);
  EXPECT_EQ(run({"frobnicate"}), 2);
  EXPECT_EQ(run({"--frobnicate"}), 2);
}

} // namespace
