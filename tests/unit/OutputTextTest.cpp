//===--- OutputTextTest.cpp - escaping schema text for generated files ----===//
//
// What each output context's escaping makes of the characters that would
// end, splice or change the meaning of the text around them.
//
//===----------------------------------------------------------------------===//

#include "OutputText.h"

#include "gtest/gtest.h"

#include <sstream>
#include <string>
#include <string_view>

namespace trailguard {
namespace gen {
namespace {

std::string docComment(std::string_view Text) {
  std::ostringstream OS;
  cppDocComment(OS, "  ", Text);
  return OS.str();
}

TEST(OutputText, CppCommentCannotEndOrSplice) {
  EXPECT_EQ(cppCommentText("a\rint evil();"), "a\\rint evil();");
  EXPECT_EQ(cppCommentText("a\nb"), "a\\nb");
  EXPECT_EQ(cppCommentText("ends in \\"), "ends in \\x5c");
  EXPECT_EQ(cppCommentText("ends in \\  \t"), "ends in \\x5c");
  EXPECT_EQ(cppCommentText("a\\b"), "a\\\\b");
  EXPECT_EQ(cppCommentText("trigraph ??/"), "trigraph ?\\?/");
  EXPECT_EQ(cppCommentText("???="), "?\\?\\?=");
  EXPECT_EQ(cppCommentText(std::string_view("nul\0x", 5)), "nul\\x00x");
  EXPECT_EQ(cppCommentText("\f\v\x1b\x7f"), "\\x0c\\x0b\\x1b\\x7f");
  EXPECT_EQ(cppCommentText("rtl \u202e here \u2028"),
            "rtl \\u202e here \\u2028");
  EXPECT_EQ(cppCommentText("bad \xff\xc3 utf-8"), "bad \\xff\\xc3 utf-8");
  EXPECT_EQ(cppCommentText("caf\u00e9 \U0001f600 */ /*"),
            "caf\u00e9 \U0001f600 */ /*");
}

TEST(OutputText, DocCommentOneLinePerLine) {
  EXPECT_EQ(docComment("  first\r\n\n second \\\n"),
            "  /// first\n  /// second \\x5c\n");
  EXPECT_EQ(docComment(" \n\t\n"), "");
}

TEST(OutputText, CppStringLiteralKeepsTheBytes) {
  EXPECT_EQ(cppStringLiteral("plain"), "\"plain\"");
  EXPECT_EQ(cppStringLiteral("q\"b\\"), "\"q\\\"b\\\\\"");
  EXPECT_EQ(cppStringLiteral("a??/"), "\"a?\\?/\"");
  EXPECT_EQ(cppStringLiteral("\r1"), "\"\\x0d\"\"1\"");
  EXPECT_EQ(cppStringLiteral("\xff"
                             "a"),
            "\"\\xff\"\"a\"");
  EXPECT_EQ(cppStringLiteral("\u202e"), "\"\\xe2\"\"\\x80\"\"\\xae\"\"\"");
  EXPECT_EQ(cppStringLiteral("caf\u00e9"), "\"caf\u00e9\"");
}

TEST(OutputText, MarkdownTextIsOnlyText) {
  EXPECT_EQ(markdownText("<script>x</script> &amp; [l](u) ![i](u) `c` *e* "
                         "~s~ $m$ a|b"),
            "\\<script\\>x\\</script\\> \\&amp; \\[l\\](u) \\!\\[i\\](u) "
            "\\`c\\` \\*e\\* \\~s\\~ \\$m\\$ a\\|b");
  EXPECT_EQ(markdownText("snake_case _emph_"), "snake_case \\_emph\\_");
  EXPECT_EQ(markdownText("# h\n- l\n+ l\n1. n\n2) n\n===\n> q\n    code"),
            "\\# h\n\\- l\n\\+ l\n1\\. n\n2\\) n\n\\===\n\\> q\ncode");
  EXPECT_EQ(markdownText("a\n\n\n\nb\n\n"), "a\n\nb");
  EXPECT_EQ(markdownText("c\x01"
                         "d\xff\u202e"),
            "c\ufffd"
            "d\ufffd\ufffd");
}

TEST(OutputText, MarkdownLineStaysOneLine) {
  EXPECT_EQ(markdownLine("a |\nb\r\n|"), "a \\| b \\|");
  EXPECT_EQ(markdownLine("C# ##"), "C\\# \\#\\#");
}

TEST(OutputText, MarkdownCodeCannotBeClosed) {
  EXPECT_EQ(markdownCode("a<b>", false), "`a<b>`");
  EXPECT_EQ(markdownCode("a`b", false), "``a`b``");
  EXPECT_EQ(markdownCode("``x", false), "``` ``x ```");
  EXPECT_EQ(markdownCode("a|b", true), "`a\\|b`");
  EXPECT_EQ(markdownCode("a|b", false), "`a|b`");
  EXPECT_EQ(markdownCode("a\nb", false), "`a b`");
  EXPECT_EQ(markdownCode("", false), "`  `");
}

TEST(OutputText, UriComponent) {
  EXPECT_EQ(uriComponent("shop-1.x_~"), "shop-1.x_~");
  EXPECT_EQ(uriComponent("a b:c/\xff"), "a%20b%3Ac%2F%FF");
}

} // namespace
} // namespace gen
} // namespace trailguard
