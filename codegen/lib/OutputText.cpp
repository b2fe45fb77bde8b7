//===--- OutputText.cpp - schema text made safe for each generated format -===//
//
// Schema files arrive in pull requests: their text is hostile. Each function
// here knows what ends or changes meaning in one output context (a C++
// comment, a C++ string literal, Markdown text, a Markdown code span) and
// escapes exactly that, on whole UTF-8 characters.
//
//===----------------------------------------------------------------------===//

#include "OutputText.h"
#include "Ascii.h"
#include "YamlDiagnostics.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <vector>

namespace trailguard {
namespace gen {
namespace {

constexpr std::string_view Replacement = "\xef\xbf\xbd"; // U+FFFD

std::string hexByte(unsigned char C) {
  return fmt::format("\\x{:02x}", unsigned(C));
}

/// Whether \p C needs a backslash wherever it stands in Markdown text: it
/// could open HTML, an entity, a link, an image, emphasis, code,
/// strikethrough, math or a table cell, or close a heading.
bool isMarkdownInlineSyntax(char C) {
  return std::string_view("\\`*_[]<>&|~$!#").find(C) != std::string_view::npos;
}

/// One line of Markdown text, escaped; \p AtLineStart when it starts a line
/// of a paragraph, where '-', '+', '=' and "1." open blocks.
std::string markdownLineText(std::string_view Line, bool AtLineStart) {
  std::string Out;
  size_t I = 0;
  if (AtLineStart) {
    size_t Digits = 0;
    while (Digits < Line.size() && isDigit(Line[Digits]))
      ++Digits;
    if (Digits && Digits < Line.size() &&
        (Line[Digits] == '.' || Line[Digits] == ')')) {
      Out += std::string(Line.substr(0, Digits)) + "\\" + Line[Digits];
      I = Digits + 1;
    } else if (!Line.empty() &&
               std::string_view("-+=").find(Line[0]) != std::string_view::npos) {
      Out += "\\";
    }
  }
  while (I < Line.size()) {
    size_t Start = I;
    std::optional<uint32_t> CP = nextCodePoint(Line, I);
    if (CP && *CP == '\t')
      Out += ' ';
    else if (!CP || isHiddenControl(*CP))
      Out += Replacement;
    else if (*CP == '_' && Start > 0 && I < Line.size() &&
             isAlnum(Line[Start - 1]) && isAlnum(Line[I]))
      Out += '_'; // inside a word it cannot open or close emphasis
    else if (*CP < 0x80 && isMarkdownInlineSyntax(static_cast<char>(*CP)))
      Out += "\\" + std::string(Line.substr(Start, I - Start));
    else
      Out += Line.substr(Start, I - Start);
  }
  return Out;
}

/// The non-blank lines of \p Text, trimmed; a blank line between two
/// kept ones is kept as one empty line.
std::vector<std::string_view> textLines(std::string_view Text) {
  std::vector<std::string_view> Out;
  for (std::string_view L : splitAll(Text, "\n")) {
    L = trimmed(L);
    if (!L.empty() || (!Out.empty() && !Out.back().empty()))
      Out.push_back(L);
  }
  while (!Out.empty() && Out.back().empty())
    Out.pop_back();
  return Out;
}

} // namespace

std::string cppCommentText(std::string_view Text) {
  // Blanks between a backslash and the line's end still splice the lines.
  Text = Text.substr(0, Text.find_last_not_of(" \t") + 1);
  std::string Out;
  bool AfterQuestion = false;
  for (size_t I = 0; I < Text.size();) {
    size_t Start = I;
    std::optional<uint32_t> CP = nextCodePoint(Text, I);
    bool Question = CP && *CP == '?';
    if (!CP)
      Out += hexByte(static_cast<unsigned char>(Text[Start]));
    else if (*CP == '\\')
      // The last character of the line must not be a backslash.
      Out += I == Text.size() ? "\\x5c" : "\\\\";
    else if (Question && AfterQuestion)
      Out += "\\?"; // no trigraph: ??/ is a backslash under -trigraphs
    else if (*CP == '\t')
      Out += '\t';
    else if (*CP == '\r')
      Out += "\\r";
    else if (*CP == '\n')
      Out += "\\n";
    else if (*CP < 0x80 && isHiddenControl(*CP))
      Out += hexByte(static_cast<unsigned char>(*CP));
    else if (isHiddenControl(*CP))
      Out += fmt::format("\\u{:04x}", *CP);
    else
      Out += Text.substr(Start, I - Start);
    AfterQuestion = Question;
  }
  return Out;
}

void cppDocComment(std::ostream &OS, std::string_view Indent,
                   std::string_view Text) {
  for (std::string_view L : textLines(Text))
    if (!L.empty())
      OS << Indent << "/// " << cppCommentText(L) << "\n";
}

std::string cppStringLiteral(std::string_view Text) {
  std::string Out = "\"";
  bool AfterQuestion = false;
  for (size_t I = 0; I < Text.size();) {
    size_t Start = I;
    std::optional<uint32_t> CP = nextCodePoint(Text, I);
    bool Question = CP && *CP == '?';
    if (!CP || isHiddenControl(*CP)) {
      // The same bytes, written so that none of them ends the line or the
      // literal; "" keeps a following hex digit out of the escape.
      for (unsigned char C : Text.substr(Start, I - Start))
        Out += hexByte(C) + "\"\"";
    } else if (*CP == '"' || *CP == '\\') {
      Out += '\\';
      Out += static_cast<char>(*CP);
    } else if (Question && AfterQuestion) {
      Out += "\\?";
    } else {
      Out += Text.substr(Start, I - Start);
    }
    AfterQuestion = Question;
  }
  return Out + "\"";
}

std::string markdownText(std::string_view Text) {
  std::string Out;
  for (std::string_view L : textLines(Text)) {
    if (!Out.empty())
      Out += '\n';
    Out += markdownLineText(L, /*AtLineStart=*/true);
  }
  return Out;
}

std::string markdownLine(std::string_view Text) {
  std::string Out;
  for (std::string_view L : textLines(Text)) {
    if (L.empty())
      continue;
    if (!Out.empty())
      Out += ' ';
    Out += markdownLineText(L, /*AtLineStart=*/false);
  }
  return Out;
}

std::string markdownCode(std::string_view Text, bool InTable) {
  std::string Body;
  size_t Run = 0, LongestRun = 0;
  for (size_t I = 0; I < Text.size();) {
    size_t Start = I;
    std::optional<uint32_t> CP = nextCodePoint(Text, I);
    Run = CP && *CP == '`' ? Run + 1 : 0;
    LongestRun = std::max(LongestRun, Run);
    if (CP && (*CP == '\n' || *CP == '\t'))
      Body += ' ';
    else if (!CP || isHiddenControl(*CP))
      Body += Replacement;
    else if (InTable && *CP == '|')
      Body += "\\|"; // GFM splits cells before it reads code spans
    else
      Body += Text.substr(Start, I - Start);
  }
  // A fence longer than any run of backticks inside; a space on each side
  // when the text starts or ends with one the fence would swallow.
  std::string Fence(LongestRun + 1, '`');
  std::string_view B(Body);
  if (B.empty() || B.front() == '`' || B.back() == '`' || B.front() == ' ' ||
      B.back() == ' ')
    Body = " " + Body + " ";
  return Fence + Body + Fence;
}

std::string uriComponent(std::string_view Text) {
  std::string Out;
  for (unsigned char C : Text) {
    if (isAlnum(static_cast<char>(C)) ||
        std::string_view("-._~").find(static_cast<char>(C)) !=
            std::string_view::npos)
      Out += static_cast<char>(C);
    else
      Out += fmt::format("%{:02X}", unsigned(C));
  }
  return Out;
}

} // namespace gen
} // namespace trailguard
