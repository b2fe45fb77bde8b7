//===--- FindingCollectorTest.cpp - what every check's findings go through ===//
//
// Unit tests of FindingCollector on an in-memory file: one finding per check,
// place and message, short note lists, the per-line cap, the order.
//
//===----------------------------------------------------------------------===//

#include "FindingCollector.h"

#include "clang/Basic/SourceManager.h"

#include "gtest/gtest.h"

#include <string>

using namespace clang;
using trailguard::Finding;
using trailguard::FindingCollector;
using trailguard::FindingNote;

namespace {

/// One in-memory main file; findings are placed at offsets in its text.
class TestFile {
public:
  explicit TestFile(llvm::StringRef Code)
      : Code(Code.str()), Files("test.cpp", this->Code) {}

  SourceManager &sm() { return Files.get(); }

  SourceLocation at(unsigned Offset) {
    return sm().getComposedLoc(sm().getMainFileID(), Offset);
  }

  unsigned column(SourceLocation Loc) {
    return sm().getPresumedLoc(Loc).getColumn();
  }

private:
  std::string Code;
  SourceManagerForFile Files;
};

TEST(FindingCollectorTest, OneFindingPerCheckPlaceAndMessage) {
  TestFile F("log(a); log(b);\n");
  FindingCollector C(F.sm(), "");
  C.setCheck("trailguard-tier-leak");
  ASSERT_NE(C.report(F.at(4), "leak"), nullptr);
  EXPECT_EQ(C.report(F.at(4), "leak"), nullptr);
  EXPECT_NE(C.report(F.at(4), "other leak"), nullptr);
  EXPECT_EQ(C.report(SourceLocation(), "nowhere"), nullptr);
  C.setCheck("trailguard-unparameterized-audit");
  Finding *Audit = C.report(F.at(4), "leak");
  ASSERT_NE(Audit, nullptr);
  EXPECT_EQ(Audit->CheckId, "trailguard-unparameterized-audit");
  EXPECT_TRUE(C.reportable()(F.at(12)));
  std::vector<Finding> Out;
  C.finish(Out);
  EXPECT_EQ(Out.size(), 3u);
}

TEST(FindingCollectorTest, NotesWithoutRepeatsFirstAndLastHalf) {
  TestFile F(std::string(64, ' ') + "\n");
  FindingCollector C(F.sm(), "");
  C.setCheck("trailguard-tier-leak");
  Finding *Leak = C.report(F.at(0), "leak");
  ASSERT_NE(Leak, nullptr);
  for (unsigned I = 0; I < 20; ++I) {
    Leak->Notes.push_back({F.at(I), "step " + std::to_string(I)});
    Leak->Notes.push_back({F.at(I), "step " + std::to_string(I)});
  }
  std::vector<Finding> Out;
  C.finish(Out);
  ASSERT_EQ(Out.size(), 1u);
  std::vector<std::string> Kept;
  for (const FindingNote &N : Out[0].Notes)
    Kept.push_back(N.Message);
  EXPECT_EQ(Kept, (std::vector<std::string>{
                      "step 0", "step 1", "step 2", "step 3", "step 4",
                      "step 5", "step 14", "step 15", "step 16", "step 17",
                      "step 18", "step 19"}));
}

TEST(FindingCollectorTest, AtMostMaxRepeatsPerLineInLocationOrder) {
  TestFile F(std::string(40, 'x') + "\nnext line\n");
  FindingCollector C(F.sm(), "");
  C.setCheck("trailguard-tier-leak");
  C.report(F.at(41), "leak");
  for (unsigned I = 15; I > 0; --I)
    C.report(F.at(I), "leak");
  std::vector<Finding> Out;
  C.finish(Out);
  ASSERT_EQ(Out.size(), trailguard::MaxRepeatsPerLine + 1);
  for (unsigned I = 0; I < trailguard::MaxRepeatsPerLine; ++I)
    EXPECT_EQ(F.column(Out[I].Loc), I + 2);
  const Finding &Last = Out[trailguard::MaxRepeatsPerLine - 1];
  ASSERT_EQ(Last.Notes.size(), 1u);
  EXPECT_EQ(Last.Notes[0].Message,
            "5 more findings like this on this line are not reported (at "
            "most 10 per line)");
  EXPECT_EQ(F.sm().getPresumedLoc(Out.back().Loc).getLine(), 2u);
}

} // namespace
