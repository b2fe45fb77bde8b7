//===--- GenToolTest.cpp - trailguard-gen command line --------------------===//
//
// Command-line behaviour of trailguard-gen, through the library it is built on.
//
//===----------------------------------------------------------------------===//

#include "GenTool.h"

#include "gtest/gtest.h"

#include <cstdio>
#include <fstream>
#include <locale>
#include <sstream>
#include <string>
#include <unistd.h>
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

/// Groups thousands with ',' as some users' locales do.
struct Grouping : std::numpunct<char> {
  char do_thousands_sep() const override { return ','; }
  std::string do_grouping() const override { return "\3"; }
};

TEST(GenTool, OutputIgnoresTheGlobalLocale) {
  char Dir[] = "/tmp/gentool-XXXXXX";
  ASSERT_NE(::mkdtemp(Dir), nullptr);
  std::string Schema = std::string(Dir) + "/s.yaml";
  std::string Header = std::string(Dir) + "/s.hpp";
  std::ofstream(Schema) << "format: 1\nnamespace: a\nservice: a\n"
                           "version: \"1.0\"\nevents:\n"
                           "  - name: ping\n    version: \"1.0\"\n"
                           "    fields:\n"
                           "      - { name: f, type: string, tier: "
                           "unrestricted, max_length: 100000 }\n";
  std::locale Old =
      std::locale::global(std::locale(std::locale::classic(), new Grouping));
  int Code = run({"cpp", Schema.c_str(), "-o", Header.c_str()});
  std::locale::global(Old);
  std::stringstream Text;
  Text << std::ifstream(Header).rdbuf();
  std::remove(Schema.c_str());
  std::remove(Header.c_str());
  ::rmdir(Dir);
  EXPECT_EQ(Code, 0);
  EXPECT_NE(Text.str().find("f_max_length = 100000;"), std::string::npos)
      << Text.str();
}

} // namespace
