//===--- ReportTest.cpp - JSON/SARIF reports, fingerprints, baselines -----===//
//
// Unit tests of the CI output layer: stable fingerprints, paths relative to
// the source root, SARIF structure and baselines.
//
//===----------------------------------------------------------------------===//

#include "Report.h"
#include "CheckRegistry.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <set>
#include <string>
#include <vector>

using namespace trailguard;

namespace {

const char Root[] = "/home/ci/work/repo";

ResolvedFinding leak(unsigned Line, unsigned Column, std::string LineText,
                     std::string File = "/home/ci/work/repo/src/login.cpp") {
  ResolvedFinding F;
  F.CheckId = "trailguard-tier-leak";
  F.Where.File = File;
  F.Where.Line = Line;
  F.Where.Column = Column;
  F.Where.Message = "sensitive value reaches log sink 'printf'";
  F.LineText = std::move(LineText);
  ResolvedNote Source;
  Source.File = File;
  Source.Line = 3;
  Source.Column = 28;
  Source.Message = "'password' is declared sensitive here";
  F.Notes.push_back(Source);
  return F;
}

std::string fingerprintOf(ResolvedFinding F,
                          llvm::StringRef SourceRoot = Root) {
  std::vector<ResolvedFinding> V{std::move(F)};
  prepareFindings(V, SourceRoot);
  return V.front().Fingerprint;
}

TEST(ReportTest, SarifRulesAreTheRegistryInItsOrder) {
  ReportOptions Opts;
  Opts.SourceRoot = "/src";
  nlohmann::ordered_json J = toSarif({}, Opts);
  const auto &Rules = J["runs"][0]["tool"]["driver"]["rules"];
  ASSERT_EQ(Rules.size(), checkRegistry().size());
  std::set<std::string> Ids;
  for (size_t I = 0; I < Rules.size(); ++I) {
    const CheckInfo &C = checkRegistry()[I];
    EXPECT_TRUE(Ids.insert(C.Id).second) << C.Id;
    EXPECT_TRUE(llvm::StringRef(C.Id).starts_with("trailguard-")) << C.Id;
    EXPECT_EQ(Rules[I]["id"], C.Id);
    EXPECT_EQ(findCheck(C.Id), &C);
    // GitHub takes only an absolute helpUri: every rule has one.
    EXPECT_TRUE(llvm::StringRef(Rules[I].value("helpUri", ""))
                    .starts_with("https://"))
        << C.Id;
  }
  EXPECT_EQ(Rules[0]["properties"]["tags"].back(), "external/cwe/cwe-532");
  // Every check links its page.
  EXPECT_EQ(Rules[1]["helpUri"], "https://github.com/trailguard/trailguard/"
                                 "blob/main/docs/checks/"
                                 "unparameterized-audit.md");
  EXPECT_EQ(findCheck("trailguard-no-such-check"), nullptr);
  std::vector<std::string> Selectable(selectableCheckIds().begin(),
                                      selectableCheckIds().end());
  EXPECT_EQ(Selectable,
            (std::vector<std::string>{"trailguard-tier-leak",
                                      "trailguard-unparameterized-audit"}));
}

TEST(ReportTest, Fnv1aKnownValues) {
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

TEST(ReportTest, NormalizeLineTextTrimsAndCollapses) {
  EXPECT_EQ(normalizeLineText("  \tprintf(\"%s\",   p);  \r"),
            "printf(\"%s\", p);");
  EXPECT_EQ(normalizeLineText(" \t "), "");
}

TEST(ReportTest, FingerprintIsSixteenHexDigits) {
  std::string FP = fingerprint("r", "a.cpp", "m", "x", 0);
  EXPECT_EQ(FP.size(), 16u);
  EXPECT_EQ(FP.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(ReportTest, FingerprintSurvivesLinesInsertedAbove) {
  std::string Before = fingerprintOf(leak(11, 27, "  printf(\"%s\", a.pw);"));
  // Three lines inserted above, and the line re-indented.
  std::string After = fingerprintOf(leak(14, 29, "    printf(\"%s\",  a.pw);"));
  EXPECT_EQ(Before, After);
}

TEST(ReportTest, FingerprintSurvivesAnotherCheckoutDirectory) {
  ResolvedFinding Elsewhere =
      leak(11, 27, "printf(\"%s\", a.pw);", "/tmp/build-7/repo/src/login.cpp");
  EXPECT_EQ(fingerprintOf(leak(11, 27, "printf(\"%s\", a.pw);")),
            fingerprintOf(Elsewhere, "/tmp/build-7/repo"));
}

TEST(ReportTest, FingerprintChangesWithTheFlaggedCode) {
  std::string Before = fingerprintOf(leak(11, 27, "printf(\"%s\", a.pw);"));
  EXPECT_NE(Before, fingerprintOf(leak(11, 27, "printf(\"pw %s\", a.pw);")));

  ResolvedFinding OtherMessage = leak(11, 27, "printf(\"%s\", a.pw);");
  OtherMessage.Where.Message = "restricted value reaches log sink 'printf'";
  EXPECT_NE(Before, fingerprintOf(OtherMessage));

  ResolvedFinding OtherRule = leak(11, 27, "printf(\"%s\", a.pw);");
  OtherRule.CheckId = "trailguard-unparameterized-audit";
  EXPECT_NE(Before, fingerprintOf(OtherRule));

  EXPECT_NE(Before, fingerprintOf(leak(11, 27, "printf(\"%s\", a.pw);",
                                       "/home/ci/work/repo/src/other.cpp")));
}

TEST(ReportTest, OccurrenceIndexTellsIdenticalLinesApart) {
  const char Text[] = "printf(\"%s\", a.pw);";
  std::vector<ResolvedFinding> V{leak(20, 3, Text), leak(10, 3, Text)};
  prepareFindings(V, Root);
  ASSERT_EQ(V.size(), 2u);
  EXPECT_EQ(V[0].Where.Line, 10u); // sorted
  EXPECT_NE(V[0].Fingerprint, V[1].Fingerprint);
  EXPECT_EQ(V[0].Fingerprint,
            fingerprint("trailguard-tier-leak", "src/login.cpp",
                        "sensitive value reaches log sink 'printf'", Text, 0));
  EXPECT_EQ(V[1].Fingerprint,
            fingerprint("trailguard-tier-leak", "src/login.cpp",
                        "sensitive value reaches log sink 'printf'", Text, 1));

  // Both move down; a third copy appears below them: the first two keep
  // their fingerprints, the new one gets a new fingerprint.
  std::vector<ResolvedFinding> W{leak(40, 3, Text), leak(25, 3, Text),
                                 leak(15, 3, Text)};
  prepareFindings(W, Root);
  EXPECT_EQ(W[0].Fingerprint, V[0].Fingerprint);
  EXPECT_EQ(W[1].Fingerprint, V[1].Fingerprint);
  EXPECT_NE(W[2].Fingerprint, V[0].Fingerprint);
  EXPECT_NE(W[2].Fingerprint, V[1].Fingerprint);
}

TEST(ReportTest, OccurrenceIndexDoesNotDependOnVectorOrder) {
  const char Text[] = "printf(\"%s\", a.pw);";
  std::vector<ResolvedFinding> A{leak(10, 3, Text), leak(20, 3, Text)};
  std::vector<ResolvedFinding> B{leak(20, 3, Text), leak(10, 3, Text)};
  assignFingerprints(A, Root);
  assignFingerprints(B, Root);
  EXPECT_EQ(A[0].Fingerprint, B[1].Fingerprint);
  EXPECT_EQ(A[1].Fingerprint, B[0].Fingerprint);
}

TEST(ReportTest, SortAndDeduplicate) {
  ResolvedFinding A = leak(5, 3, "x");
  ResolvedFinding B = leak(5, 3, "x");
  B.CheckId = "trailguard-unparameterized-audit";
  ResolvedFinding C = leak(2, 9, "y", "/home/ci/work/repo/include/a.h");
  // A header finding seen by two translation units, and a duplicate of A.
  std::vector<ResolvedFinding> V{B, A, C, C, A};
  prepareFindings(V, Root);
  ASSERT_EQ(V.size(), 3u);
  EXPECT_EQ(V[0].Path, "include/a.h");
  EXPECT_EQ(V[1].CheckId, "trailguard-tier-leak");
  EXPECT_EQ(V[2].CheckId, "trailguard-unparameterized-audit");
}

TEST(ReportTest, HeaderFindingWithOtherNotesIsReportedOnce) {
  // Two translation units may walk different paths to the same finding in a
  // header: it is one finding (place, check, message), the first one's.
  ResolvedFinding First = leak(2, 9, "y", "/home/ci/work/repo/include/a.h");
  ResolvedFinding Second = First;
  Second.Notes[0].File = "/home/ci/work/repo/src/other.cpp";
  std::vector<ResolvedFinding> V{Second, First};
  prepareFindings(V, Root);
  ASSERT_EQ(V.size(), 1u);
  EXPECT_EQ(V[0].Notes[0].File, "/home/ci/work/repo/src/other.cpp");
}

TEST(ReportTest, RelativeToRoot) {
  EXPECT_EQ(relativeToRoot("/home/ci/work/repo/src/a.cpp", Root), "src/a.cpp");
  EXPECT_EQ(relativeToRoot("/home/ci/work/repository/a.cpp", Root), "");
  EXPECT_EQ(relativeToRoot("/usr/include/stdio.h", Root), "");
  EXPECT_EQ(relativeToRoot("/a.cpp", "/"), "a.cpp");
}

TEST(ReportTest, FileUriIsPercentEncoded) {
  EXPECT_EQ(fileUri("/work/my repo/a#1.cpp"),
            "file:///work/my%20repo/a%231.cpp");
  EXPECT_EQ(fileUri("/work/repo", /*Directory=*/true), "file:///work/repo/");
  EXPECT_EQ(fileUri("/", /*Directory=*/true), "file:///");
}

TEST(ReportTest, LineContainingAndCodePointColumn) {
  llvm::StringRef Buffer = "first\r\n  s\xC3\xA9"
                           "cond x;\nthird";
  size_t X = Buffer.find('x');
  EXPECT_EQ(lineContaining(Buffer, X), "  s\xC3\xA9"
                                       "cond x;");
  EXPECT_EQ(lineContaining(Buffer, 0), "first");
  EXPECT_EQ(lineContaining(Buffer, Buffer.size()), "third");
  // 'x' is byte column 11 but code point column 10 (é is two bytes).
  EXPECT_EQ(codePointColumn("  s\xC3\xA9"
                            "cond x;",
                            11),
            10u);
  EXPECT_EQ(codePointColumn("abc", 2), 2u);
}

TEST(ReportTest, SourceRootIsTheGitTopLevel) {
  llvm::SmallString<128> Top;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("tg-report", Top));
  llvm::SmallString<128> Git(Top), Sub(Top);
  llvm::sys::path::append(Git, ".git");
  llvm::sys::path::append(Sub, "src", "deep");
  ASSERT_FALSE(llvm::sys::fs::create_directories(Git));
  ASSERT_FALSE(llvm::sys::fs::create_directories(Sub));
  EXPECT_EQ(sourceRootFor("", Sub), std::string(Top));
  EXPECT_EQ(sourceRootFor("src", Top), std::string(Top) + "/src");
  EXPECT_EQ(sourceRootFor("/x/y/../z/", Top), "/x/z");
  llvm::sys::fs::remove_directories(Top);
}

TEST(ReportTest, SarifShape) {
  std::vector<ResolvedFinding> V{
      leak(11, 27, "printf(\"%s\", a.pw);"),
      leak(4, 1, "puts(pw);", "/usr/src/outside.cpp")};
  V[1].CheckId = "trailguard-some-future-check";
  prepareFindings(V, Root);
  ReportOptions Opts;
  Opts.ToolVersion = "1.2.3";
  Opts.SourceRoot = Root;
  nlohmann::ordered_json J = toSarif(V, Opts);
  EXPECT_EQ(J["version"], "2.1.0");
  const auto &Run = J["runs"][0];
  EXPECT_EQ(Run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            "file:///home/ci/work/repo/");
  // No id unless asked for: upload-sarif's category fills it in.
  EXPECT_FALSE(Run.contains("automationDetails"));
  Opts.AutomationId = "trailguard/debug/";
  EXPECT_EQ(toSarif(V, Opts)["runs"][0]["automationDetails"]["id"],
            "trailguard/debug/");
  EXPECT_EQ(Run["columnKind"], "unicodeCodePoints");
  const auto &Rules = Run["tool"]["driver"]["rules"];
  ASSERT_EQ(Run["results"].size(), 2u);
  for (const auto &R : Run["results"])
    EXPECT_EQ(Rules[R["ruleIndex"].get<size_t>()]["id"], R["ruleId"]);

  // Sorted by path: the absolute one first.
  const auto &Outside = Run["results"][0];
  EXPECT_EQ(
      Outside["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
      "file:///usr/src/outside.cpp");
  EXPECT_FALSE(
      Outside["locations"][0]["physicalLocation"]["artifactLocation"].contains(
          "uriBaseId"));

  const auto &Inside = Run["results"][1];
  const auto &Art =
      Inside["locations"][0]["physicalLocation"]["artifactLocation"];
  EXPECT_EQ(Art["uri"], "src/login.cpp");
  EXPECT_EQ(Art["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(Inside["partialFingerprints"][FingerprintKey], V[1].Fingerprint);
  const auto &Steps = Inside["codeFlows"][0]["threadFlows"][0]["locations"];
  ASSERT_EQ(Steps.size(), 2u); // the source, then the sink
  EXPECT_EQ(Steps[0]["location"]["physicalLocation"]["region"]["startLine"], 3);
  EXPECT_EQ(Steps[1]["location"]["physicalLocation"]["region"]["startLine"],
            11);
  EXPECT_EQ(Inside["relatedLocations"].size(), 1u);
}

class BaselineTest : public testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("tg-baseline", Dir));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Dir); }

  std::string write(llvm::StringRef Name, llvm::StringRef Text) {
    llvm::SmallString<128> Path(Dir);
    llvm::sys::path::append(Path, Name);
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC);
    OS << Text;
    return std::string(Path);
  }

  std::string errorFor(llvm::StringRef Path) {
    llvm::Expected<Baseline> R = readBaseline(Path);
    if (R)
      return "";
    return llvm::toString(R.takeError());
  }

  llvm::SmallString<128> Dir;
};

TEST_F(BaselineTest, RoundTrip) {
  std::vector<ResolvedFinding> V{leak(11, 27, "a"), leak(12, 27, "b")};
  prepareFindings(V, Root);
  ReportOptions Opts;
  Opts.SourceRoot = Root;
  std::string Path = write("base.sarif", "");
  ASSERT_FALSE(bool(writeJsonFile(toSarif(V, Opts), Path)));
  llvm::Expected<Baseline> Known = readBaseline(Path);
  ASSERT_TRUE(bool(Known)) << llvm::toString(Known.takeError());
  std::set<std::string> Fingerprints;
  for (const auto &[FP, Result] : Known->Results)
    Fingerprints.insert(FP);
  EXPECT_EQ(Fingerprints,
            (std::set<std::string>{V[0].Fingerprint, V[1].Fingerprint}));

  std::vector<ResolvedFinding> Now{leak(15, 27, "a"), leak(16, 27, "c")};
  prepareFindings(Now, Root);
  dropBaselined(Now, *Known);
  ASSERT_EQ(Now.size(), 1u);
  EXPECT_EQ(Now[0].LineText, "c");
}

TEST_F(BaselineTest, BadFiles) {
  llvm::SmallString<128> Missing(Dir);
  llvm::sys::path::append(Missing, "missing.sarif");
  EXPECT_NE(errorFor(Missing).find("cannot read baseline"), std::string::npos);
  EXPECT_NE(errorFor(write("a.sarif", "{ nope")).find("not valid JSON"),
            std::string::npos);
  EXPECT_NE(errorFor(write("b.sarif", "[1, 2]")).find("not a SARIF 2.1.0 log"),
            std::string::npos);
  EXPECT_NE(errorFor(write("c.sarif", R"({"version": "2.1.0", "runs": [
                {"tool": {"driver": {"name": "other"}}, "results": []}]})"))
                .find("no run of trailguard-check"),
            std::string::npos);
  EXPECT_EQ(errorFor(write("d.sarif", R"({"version": "2.1.0", "runs": [
                {"tool": {"driver": {"name": "trailguard-check"}}}]})")),
            "");
}

} // namespace
