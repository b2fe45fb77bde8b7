// Command-line behaviour of trailguard-verify, through the library it is built on.
#include "verify_tool.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace {

struct result {
  int code;
  std::string out, err;
};

result run(std::vector<const char*> args) {
  args.insert(args.begin(), "trailguard-verify");
  std::ostringstream out, err;
  int code = trailguard::verify::run_verify_tool(static_cast<int>(args.size()), args.data(), out, err);
  return {code, out.str(), err.str()};
}

TEST(VerifyTool, HelpAndVersionSucceed) {
  auto help = run({"--help"});
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("USAGE"), std::string::npos);
  auto version = run({"--version"});
  EXPECT_EQ(version.code, 0);
  EXPECT_NE(version.out.find("trailguard-verify 0."), std::string::npos);
}

TEST(VerifyTool, UsageErrorsExitTwoWithAMessage) {
  auto none = run({});
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("no trail files given"), std::string::npos);

  auto unknown = run({"--frobnicate", "trail.jsonl"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.err.find("unknown option '--frobnicate'"), std::string::npos);

  auto missing = run({"trail.jsonl", "--key"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("'--key' needs a FILE"), std::string::npos);
}

}  // namespace
