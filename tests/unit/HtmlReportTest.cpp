//===--- HtmlReportTest.cpp - the static HTML report ----------------------===//
//
// Unit tests of the HTML report: escaping, the CSP hash of the page's own
// script, and the source shown for steps at odd places.
//
//===----------------------------------------------------------------------===//

#include "HtmlReport.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Base64.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <string>

using namespace trailguard;

namespace {

size_t count(const std::string &Haystack, const std::string &Needle) {
  size_t N = 0;
  for (size_t At = Haystack.find(Needle); At != std::string::npos;
       At = Haystack.find(Needle, At + 1))
    ++N;
  return N;
}

ResolvedNote note(std::string File, unsigned Line, unsigned Column,
                  std::string Message) {
  ResolvedNote N;
  N.File = std::move(File);
  N.Line = Line;
  N.Column = Column;
  N.Message = std::move(Message);
  return N;
}

class HtmlReportTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("tg-html", Dir));
    Source = (Dir + "/a.cpp").str();
    std::error_code EC;
    llvm::raw_fd_ostream OS(Source, EC);
    ASSERT_FALSE(EC);
    OS << "int main() {\n"
          "  log(\"\xC3\xA9t\xC3\xA9\", secret);\r\n"
          "  return 0;\n"
          "}\n";
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Dir); }

  ReportOptions opts() const {
    ReportOptions O;
    O.SourceRoot = std::string(Dir);
    O.ToolVersion = "0.0.0";
    return O;
  }

  llvm::SmallString<128> Dir;
  std::string Source;
};

TEST(HtmlEscape, EveryCharacterThatCanEndTextOrAnAttribute) {
  EXPECT_EQ(
      htmlEscape("<a href=\"x\" title='y'>&amp;</a>"),
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  EXPECT_EQ(htmlEscape(llvm::StringRef("a\0b", 3)), "a&#xFFFD;b");
  EXPECT_EQ(htmlEscape("plain \xC3\xA9"), "plain \xC3\xA9");
}

TEST(HtmlTier, FromTheMessage) {
  ResolvedFinding F;
  F.Where.Message = "restricted value reaches log sink 'puts'";
  EXPECT_EQ(tierOf(F), "restricted");
  F.Where.Message = "sensitive value stored in field 'note'";
  EXPECT_EQ(tierOf(F), "sensitive");
  F.Where.Message = "audit message passed to 'audit' is not constant";
  EXPECT_EQ(tierOf(F), "");
}

TEST_F(HtmlReportTest, TheCspAllowsExactlyThePagesScriptAndStyle) {
  std::string Page = renderHtmlReport({}, opts());
  auto Hash = [](llvm::StringRef Text) {
    auto D = llvm::SHA256::hash(llvm::ArrayRef<uint8_t>(
        reinterpret_cast<const uint8_t *>(Text.data()), Text.size()));
    return "'sha256-" + llvm::encodeBase64(D) + "'";
  };
  auto Between = [&](llvm::StringRef Open, llvm::StringRef Close) {
    size_t B = Page.find(Open.str());
    EXPECT_NE(B, std::string::npos);
    B += Open.size();
    return llvm::StringRef(Page).slice(B, Page.find(Close.str(), B));
  };
  EXPECT_NE(
      Page.find("script-src " + Hash(Between("<script>", "</script>")) + ";"),
      std::string::npos);
  EXPECT_NE(
      Page.find("style-src " + Hash(Between("<style>", "</style>")) + ";"),
      std::string::npos);
  EXPECT_NE(Page.find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(Page.find("unsafe-"), std::string::npos);
  EXPECT_NE(Page.find("<p>None.</p>"), std::string::npos);
}

TEST_F(HtmlReportTest, HostileMessagesStayText) {
  HtmlReportInput In;
  ResolvedFinding F;
  F.CheckId = "x\"><script>alert(1)</script>";
  F.Where = note(Source, 2, 20, "</script><script>alert(2)</script>");
  In.Findings.push_back(F);
  std::string Page = renderHtmlReport(In, opts());
  EXPECT_EQ(count(Page, "<script"), 1u);
  EXPECT_EQ(count(Page, "</script>"), 1u);
  EXPECT_NE(Page.find("&lt;/script&gt;&lt;script&gt;alert(2)"),
            std::string::npos);
}

TEST_F(HtmlReportTest, StepsAtOddPlaces) {
  HtmlReportInput In;
  ResolvedFinding F;
  F.CheckId = "trailguard-tier-leak";
  // The sink is the last note: not repeated as a step of its own.
  F.Where = note(Source, 2, 16, "sensitive value reaches log sink 'log'");
  F.Notes = {note(Source, 2, 8, "a multi-byte character"),
             note(Source, 3, 99, "past the end of its line"),
             note("", 0, 0, "nowhere"),
             note((Dir + "/gone.cpp").str(), 5, 1, "a file that is gone"),
             F.Where};
  In.Findings.push_back(F);
  std::string Page = renderHtmlReport(In, opts());
  EXPECT_EQ(count(Page, "<li class=\"step"), 5u);
  EXPECT_EQ(count(Page, "<li class=\"step sink\""), 1u);
  EXPECT_NE(Page.find("log(&quot;<mark class=\"step\">\xC3\xA9</mark>t"),
            std::string::npos);
  // The line terminator \r\n is not part of the line.
  EXPECT_NE(Page.find("<mark class=\"step\">secret</mark>);</span>"),
            std::string::npos);
  EXPECT_NE(Page.find("<span class=\"line hl\"><span class=\"no\">3</span>"
                      "  return 0;</span>"),
            std::string::npos);
  EXPECT_EQ(count(Page, "source not available"), 2u);
  EXPECT_NE(Page.find("&lt;unknown file&gt;:0:0"), std::string::npos);
  // Context: line 1 and 2 lines after the step at line 2, clipped at 4.
  EXPECT_NE(Page.find("<span class=\"no\">4</span>}"), std::string::npos);
}

TEST_F(HtmlReportTest, WritesIndexHtml) {
  std::string Out = (Dir + "/report/sub").str();
  ASSERT_FALSE(bool(writeHtmlReport({}, opts(), Out)));
  EXPECT_TRUE(llvm::sys::fs::exists(Out + "/index.html"));
  llvm::Error E = writeHtmlReport({}, opts(), Source + "/x");
  ASSERT_TRUE(bool(E));
  EXPECT_NE(llvm::toString(std::move(E))
                .find("cannot create the report "
                      "directory"),
            std::string::npos);
}

} // namespace
