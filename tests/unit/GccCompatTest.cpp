//===--- GccCompatTest.cpp - GCC compile commands for Clang ---------------===//
//
// The pieces of GccCompat.h that take untrusted input: a driver's -v output
// (garbled, truncated, huge, binary) and the flags of a compile command.
//
//===----------------------------------------------------------------------===//

#include "GccCompat.h"

#include "gtest/gtest.h"

#include <random>
#include <string>
#include <vector>

namespace {

using trailguard::DriverInfo;
using trailguard::parseDriverOutput;

const char *const GccOutput =
    "Using built-in specs.\n"
    "COLLECT_GCC=g++\n"
    "Target: x86_64-linux-gnu\n"
    "gcc version 12.2.0 (Debian 12.2.0-14)\n"
    "#include \"...\" search starts here:\n"
    "#include <...> search starts here:\n"
    " /usr/include/c++/12\n"
    " /usr/include/x86_64-linux-gnu/c++/12\n"
    " /usr/lib/gcc/x86_64-linux-gnu/12/include\n"
    " /usr/include\n"
    "End of search list.\n"
    "COMPILER_PATH=/usr/libexec/gcc/x86_64-linux-gnu/12/\n";

TEST(GccCompatTest, ParsesGccOutput) {
  std::string Error;
  std::optional<DriverInfo> Info = parseDriverOutput(GccOutput, Error);
  ASSERT_TRUE(Info) << Error;
  EXPECT_EQ(Info->Target, "x86_64-linux-gnu");
  EXPECT_EQ(Info->SystemIncludes,
            (std::vector<std::string>{"/usr/include/c++/12",
                                      "/usr/include/x86_64-linux-gnu/c++/12",
                                      "/usr/lib/gcc/x86_64-linux-gnu/12/include",
                                      "/usr/include"}));
  EXPECT_TRUE(Info->Frameworks.empty());
}

TEST(GccCompatTest, ParsesCarriageReturnsAndFrameworks) {
  std::string Error;
  std::optional<DriverInfo> Info = parseDriverOutput(
      "Target: arm64-apple-darwin23.0.0\r\n"
      "#include <...> search starts here:\r\n"
      " /usr/include\r\n"
      " /Library/Frameworks (framework directory)\r\n"
      "End of search list.\r\n",
      Error);
  ASSERT_TRUE(Info) << Error;
  EXPECT_EQ(Info->Target, "arm64-apple-darwin23.0.0");
  EXPECT_EQ(Info->SystemIncludes, std::vector<std::string>{"/usr/include"});
  EXPECT_EQ(Info->Frameworks, std::vector<std::string>{"/Library/Frameworks"});
}

TEST(GccCompatTest, IgnoresATargetClangCannotUse) {
  for (const char *Target :
       {"Target: $(reboot)\n", "Target: \x1b[31mx86_64-linux-gnu\n",
        "Target: frobnicator-unknown-none\n", "Target: \n"}) {
    std::string Error;
    std::optional<DriverInfo> Info = parseDriverOutput(
        std::string(Target) +
            "#include <...> search starts here:\n /usr/include\n"
            "End of search list.\n",
        Error);
    ASSERT_TRUE(Info) << Target << Error;
    EXPECT_EQ(Info->Target, "") << Target;
  }
}

TEST(GccCompatTest, RejectsGarbledLists) {
  struct Case {
    const char *Output;
    const char *Error;
  } Cases[] = {
      {"", "no '#include <...> search starts here:' list"},
      {"gcc version 12\n", "no '#include <...> search starts here:' list"},
      {"#include <...> search starts here:\n /usr/include\n",
       "no 'End of search list.' line"},
      {"#include <...> search starts here:\n relative/dir\nEnd of search "
       "list.\n",
       "not an absolute directory"},
      {"#include <...> search starts here:\n /usr/\x01include\nEnd of search "
       "list.\n",
       "not an absolute directory"},
      {"#include <...> search starts here:\n $(rm -rf /)\nEnd of search "
       "list.\n",
       "not an absolute directory"},
  };
  for (const Case &C : Cases) {
    std::string Error;
    EXPECT_FALSE(parseDriverOutput(C.Output, Error)) << C.Output;
    EXPECT_NE(Error.find(C.Error), std::string::npos) << C.Output << Error;
  }
}

TEST(GccCompatTest, BoundsWhatItReads) {
  std::string Error;
  std::string Huge(2 << 20, 'x');
  EXPECT_FALSE(parseDriverOutput(Huge, Error));
  EXPECT_NE(Error.find("more than 1 MiB"), std::string::npos);

  std::string Many = "#include <...> search starts here:\n";
  for (int I = 0; I < 10000; ++I)
    Many += " /d" + std::to_string(I) + "\n";
  Many += "End of search list.\n";
  EXPECT_FALSE(parseDriverOutput(Many, Error));
  EXPECT_NE(Error.find("longer than"), std::string::npos);

  std::string Long = "#include <...> search starts here:\n /" +
                     std::string(100000, 'a') + "\nEnd of search list.\n";
  EXPECT_FALSE(parseDriverOutput(Long, Error));
}

TEST(GccCompatTest, SurvivesRandomBytes) {
  std::mt19937 Random(15);
  const std::string Pieces[] = {"#include <...> search starts here:\n",
                                "End of search list.\n", "Target: ", " /",
                                "\n", "\r", "x86_64-linux-gnu", " (framework "
                                "directory)"};
  for (int Round = 0; Round < 2000; ++Round) {
    std::string Output;
    unsigned Parts = Random() % 40;
    for (unsigned P = 0; P < Parts; ++P) {
      if (Random() % 3 == 0)
        Output += Pieces[Random() % std::size(Pieces)];
      else
        Output += static_cast<char>(Random() % 256);
    }
    std::string Error;
    std::optional<DriverInfo> Info = parseDriverOutput(Output, Error);
    if (!Info)
      continue;
    for (const std::string &Dir : Info->SystemIncludes)
      EXPECT_EQ(Dir.front(), '/');
  }
}

TEST(GccCompatTest, KnowsClangWarnings) {
  using trailguard::isKnownWarningOption;
  for (const char *Known : {"all", "extra", "error", "no-error", "error=format",
                            "no-error=unused-variable", "format=2",
                            "no-unused-parameter", "everything", "",
                            "fatal-errors", "pedantic"})
    EXPECT_TRUE(isKnownWarningOption(Known)) << Known;
  for (const char *Unknown :
       {"logical-op", "no-literal-suffix", "implicit-fallthrough=3",
        "error=useless-cast", "no-error=maybe-uninitialized", "frobnicate"})
    EXPECT_FALSE(isKnownWarningOption(Unknown)) << Unknown;
}

TEST(GccCompatTest, DropsOnlyWhatClangDoesNotKnow) {
  std::vector<std::string> Command = {
      "/usr/bin/g++", "-std=gnu++17", "-Wall", "-Wlogical-op",
      "-fno-canonical-system-headers", "-I", "/inc", "-Wl,-z,now",
      "-Wno-error=maybe-uninitialized", "-fconcepts-diagnostics-depth=3",
      "-o", "a.o", "-c", "a.cpp"};
  std::vector<std::string> Dropped = trailguard::dropUnknownFlags(Command);
  EXPECT_EQ(Dropped, (std::vector<std::string>{
                         "-Wlogical-op", "-fno-canonical-system-headers",
                         "-Wno-error=maybe-uninitialized",
                         "-fconcepts-diagnostics-depth=3"}));
  EXPECT_EQ(Command, (std::vector<std::string>{
                         "/usr/bin/g++", "-std=gnu++17", "-Wall", "-I", "/inc",
                         "-Wl,-z,now", "-o", "a.o", "-c", "a.cpp"}));

  std::vector<std::string> Cl = {"cl.exe", "/nologo", "-fnot-a-flag", "a.cpp"};
  EXPECT_TRUE(trailguard::dropUnknownFlags(Cl).empty());
  EXPECT_EQ(Cl.size(), 4u);
}

TEST(GccCompatTest, DropsWhatClangRejects) {
  std::vector<std::string> Command = {
      "/usr/bin/g++", "--target=x86_64-linux-gnu", "-std=gnu++17",
      "-mfunction-return=thunk", "-fsanitize=address", "-mrecord-mcount",
      "-fsanitize=bounds-strict", "-c", "a.cpp", "-w"};
  std::vector<std::string> Dropped =
      trailguard::dropRejectedFlags(Command, 1, Command.size() - 1);
  EXPECT_EQ(Dropped, (std::vector<std::string>{"-mfunction-return=thunk",
                                               "-mrecord-mcount",
                                               "-fsanitize=bounds-strict"}));
  EXPECT_EQ(Command, (std::vector<std::string>{
                         "/usr/bin/g++", "--target=x86_64-linux-gnu",
                         "-std=gnu++17", "-fsanitize=address", "-c", "a.cpp",
                         "-w"}));
}

TEST(GccCompatTest, MatchesDriverGlobs) {
  using trailguard::matchesDriverGlob;
  std::vector<std::string> Defaults = {"g++*", "gcc*", "*-g++*", "*-gcc*",
                                       "c++", "cc"};
  for (const char *Yes :
       {"/usr/bin/g++", "/usr/bin/g++-12", "/usr/bin/gcc",
        "/opt/x/bin/aarch64-linux-gnu-g++", "/usr/bin/c++", "/usr/bin/cc"})
    EXPECT_TRUE(matchesDriverGlob(Defaults, Yes)) << Yes;
  for (const char *No : {"/usr/bin/clang++", "/usr/bin/c++filt",
                         "/usr/bin/ccache", "/home/x/evil"})
    EXPECT_FALSE(matchesDriverGlob(Defaults, No)) << No;
  EXPECT_TRUE(matchesDriverGlob({"/opt/**/bin/*"}, "/opt/a/b/bin/mycc"));
  EXPECT_FALSE(matchesDriverGlob({"/opt/*/bin/*"}, "/opt/a/b/bin/mycc"));
  EXPECT_FALSE(matchesDriverGlob({}, "/usr/bin/g++"));
  EXPECT_TRUE(matchesDriverGlob({"*"}, "/usr/bin/g++"));
  EXPECT_TRUE(matchesDriverGlob({"**"}, "/usr/bin/g++"));
  EXPECT_FALSE(matchesDriverGlob({"/usr/*"}, "/usr/bin/g++"));
  EXPECT_TRUE(matchesDriverGlob({"/usr/**g++"}, "/usr/bin/g++"));
  // Many stars on a long path must not take exponential time.
  std::string Stars;
  for (int I = 0; I < 30; ++I)
    Stars += "**a";
  EXPECT_FALSE(matchesDriverGlob({Stars + "**b"}, std::string(4000, 'a')));
  EXPECT_FALSE(matchesDriverGlob({Stars + "**b"}, "/" + std::string(4000, 'a')));
}

} // namespace
