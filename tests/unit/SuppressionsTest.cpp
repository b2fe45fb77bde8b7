//===--- SuppressionsTest.cpp - NOLINT comments ---------------------------===//
//
// Unit tests of the Suppressions library on in-memory files: what counts as
// a comment, which lines a directive covers, unmatched and unused ones.
//
//===----------------------------------------------------------------------===//

#include "Suppressions.h"

#include "clang/Basic/SourceManager.h"

#include "gtest/gtest.h"

#include <string>

using namespace clang;
using trailguard::Finding;
using trailguard::Suppressions;

namespace {

constexpr const char Leak[] = "trailguard-tier-leak";

/// One in-memory main file; findings are placed at markers in its text.
class TestFile {
public:
  explicit TestFile(llvm::StringRef Code)
      : Code(Code.str()), Files("test.cpp", this->Code) {}

  SourceManager &sm() { return Files.get(); }

  /// The location of the first occurrence of \p Marker.
  SourceLocation at(llvm::StringRef Marker) {
    size_t Pos = Code.find(Marker.str());
    EXPECT_NE(Pos, std::string::npos) << Marker.str();
    return sm().getComposedLoc(sm().getMainFileID(), Pos);
  }

  std::string where(const Finding &F) {
    PresumedLoc P = sm().getPresumedLoc(F.Loc);
    return std::to_string(P.getLine()) + ":" + std::to_string(P.getColumn()) +
           " " + F.Message + " [" + F.CheckId + "]";
  }

private:
  std::string Code;
  SourceManagerForFile Files;
};

TEST(SuppressionsTest, SameLineAndNextLine) {
  TestFile F("log(a); // NOLINT\n"
             "log(b); // NOLINT(bugprone-foo)\n"
             "// NOLINTNEXTLINE(trailguard-*)\n"
             "log(c);\n"
             "log(d);\n");
  Suppressions S(F.sm());
  EXPECT_TRUE(S.isSuppressed(Leak, F.at("(a)")));
  EXPECT_FALSE(S.isSuppressed(Leak, F.at("(b)")));
  EXPECT_TRUE(S.isSuppressed(Leak, F.at("(c)")));
  EXPECT_FALSE(S.isSuppressed(Leak, F.at("(d)")));
  EXPECT_TRUE(S.isSuppressed("bugprone-foo", F.at("(b)")));
}

TEST(SuppressionsTest, OnlyCommentsCount) {
  TestFile F("log(\"// NOLINT\"); log(a);\n"
             "auto s = R\"x(// NOLINT)x\"; log(b);\n"
             "int n = 1'000; log(c); // NOLINT\n"
             "char q = '\"'; log(d); // NOLINT\n");
  Suppressions S(F.sm());
  EXPECT_FALSE(S.isSuppressed(Leak, F.at("(a)")));
  EXPECT_FALSE(S.isSuppressed(Leak, F.at("(b)")));
  // A digit separator or a quote in a character literal does not start a
  // literal that would swallow the comment.
  EXPECT_TRUE(S.isSuppressed(Leak, F.at("(c)")));
  EXPECT_TRUE(S.isSuppressed(Leak, F.at("(d)")));
}

TEST(SuppressionsTest, NextLineCountsFromTheDirectivesOwnLine) {
  TestFile F("/* first line\n"
             "   NOLINTNEXTLINE(trailguard-tier-leak) */\n"
             "log(a);\n"
             "/* NOLINTNEXTLINE(trailguard-tier-leak)\n"
             "   last line */\n"
             "log(b);\n");
  Suppressions S(F.sm());
  EXPECT_TRUE(S.isSuppressed(Leak, F.at("(a)")));
  EXPECT_FALSE(S.isSuppressed(Leak, F.at("(b)")));
}

TEST(SuppressionsTest, BlocksNestAndNeedTheSameList) {
  TestFile F("// NOLINTBEGIN(trailguard-*)\n"
             "log(a);\n"
             "// NOLINTBEGIN(bugprone-foo)\n"
             "log(b);\n"
             "// NOLINTEND(bugprone-foo)\n"
             "// NOLINTEND(trailguard-*)\n"
             "log(c);\n"
             "// NOLINTBEGIN(trailguard-tier-leak)\n"
             "log(d);\n"
             "// NOLINTEND(trailguard-*)\n");
  Suppressions S(F.sm());
  EXPECT_TRUE(S.isSuppressed(Leak, F.at("(a)")));
  EXPECT_TRUE(S.isSuppressed(Leak, F.at("(b)")));
  EXPECT_FALSE(S.isSuppressed(Leak, F.at("(c)")));
  EXPECT_FALSE(S.isSuppressed(Leak, F.at("(d)")));
  std::vector<Finding> Unmatched = S.unmatchedDirectives();
  ASSERT_EQ(Unmatched.size(), 2u);
  EXPECT_EQ(F.where(Unmatched[0]),
            "8:4 unmatched 'NOLINTBEGIN(trailguard-tier-leak)' comment "
            "without a subsequent 'NOLINTEND(trailguard-tier-leak)' "
            "[trailguard-nolint]");
  EXPECT_EQ(F.where(Unmatched[1]),
            "10:4 unmatched 'NOLINTEND(trailguard-*)' comment without a "
            "previous 'NOLINTBEGIN(trailguard-*)' [trailguard-nolint]");
}

TEST(SuppressionsTest, UnusedNamesATrailguardCheck) {
  TestFile F("log(a); // NOLINT(trailguard-tier-leak)\n"
             "log(b); // NOLINT(trailguard-tier-leak)\n"
             "log(c); // NOLINT\n"
             "log(d); // NOLINT(*, bugprone-foo)\n"
             "log(e); /* NOLINT(bugprone-foo,trailguard-*) */\n");
  Suppressions S(F.sm());
  EXPECT_TRUE(S.isSuppressed(Leak, F.at("(a)")));
  EXPECT_TRUE(S.isSuppressed(Leak, F.at("(a)")));
  std::vector<Finding> Unused = S.unusedSuppressions();
  ASSERT_EQ(Unused.size(), 2u);
  EXPECT_EQ(F.where(Unused[0]),
            "2:12 suppression 'NOLINT(trailguard-tier-leak)' "
            "suppresses nothing "
            "[trailguard-unused-suppression]");
  EXPECT_EQ(F.where(Unused[1]),
            "5:12 suppression 'NOLINT(bugprone-foo,trailguard-*)' "
            "suppresses nothing [trailguard-unused-suppression]");
  EXPECT_TRUE(S.unmatchedDirectives().empty());
}

TEST(SuppressionsTest, NoDirectives) {
  TestFile F("int main() { return 0; }\n");
  Suppressions S(F.sm());
  EXPECT_FALSE(S.isSuppressed(Leak, F.at("return")));
  EXPECT_FALSE(S.isSuppressed(Leak, SourceLocation()));
  EXPECT_TRUE(S.unusedSuppressions().empty());
  EXPECT_TRUE(S.unmatchedDirectives().empty());
}

} // namespace
