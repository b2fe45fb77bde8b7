//===--- OutputText.cpp - schema text made safe for each generated format -===//
//
// Schema files arrive in pull requests: their text is hostile. Each function
// here knows what ends or changes meaning in one output context (a C++
// comment, a C++ string literal, Markdown text, a Markdown code span) and
// escapes exactly that, on whole UTF-8 characters.
//
//===----------------------------------------------------------------------===//

#include "OutputText.h"
#include "YamlDiagnostics.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <optional>

namespace trailguard {
namespace gen {
namespace {

constexpr llvm::StringLiteral Replacement = "\xef\xbf\xbd"; // U+FFFD

std::string hexByte(unsigned char C) {
  return llvm::formatv("\\x{0:x-2}", unsigned(C)).str();
}

/// Whether \p C needs a backslash wherever it stands in Markdown text: it
/// could open HTML, an entity, a link, an image, emphasis, code,
/// strikethrough, math or a table cell, or close a heading.
bool isMarkdownInlineSyntax(char C) {
  return llvm::StringRef("\\`*_[]<>&|~$!#").contains(C);
}

/// One line of Markdown text, escaped; \p AtLineStart when it starts a line
/// of a paragraph, where '-', '+', '=' and "1." open blocks.
std::string markdownLineText(llvm::StringRef Line, bool AtLineStart) {
  std::string Out;
  size_t I = 0;
  if (AtLineStart) {
    size_t Digits = 0;
    while (Digits < Line.size() && llvm::isDigit(Line[Digits]))
      ++Digits;
    if (Digits && Digits < Line.size() &&
        (Line[Digits] == '.' || Line[Digits] == ')')) {
      Out += Line.take_front(Digits).str() + "\\" + Line[Digits];
      I = Digits + 1;
    } else if (!Line.empty() && llvm::StringRef("-+=").contains(Line[0])) {
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
             llvm::isAlnum(Line[Start - 1]) && llvm::isAlnum(Line[I]))
      Out += '_'; // inside a word it cannot open or close emphasis
    else if (*CP < 0x80 && isMarkdownInlineSyntax(static_cast<char>(*CP)))
      Out += "\\" + Line.slice(Start, I).str();
    else
      Out += Line.slice(Start, I);
  }
  return Out;
}

/// The non-blank lines of \p Text, trimmed; a blank line between two
/// kept ones is kept as one empty line.
llvm::SmallVector<llvm::StringRef, 8> textLines(llvm::StringRef Text) {
  llvm::SmallVector<llvm::StringRef, 8> Lines, Out;
  Text.split(Lines, '\n');
  for (llvm::StringRef L : Lines) {
    L = L.trim();
    if (!L.empty() || (!Out.empty() && !Out.back().empty()))
      Out.push_back(L);
  }
  while (!Out.empty() && Out.back().empty())
    Out.pop_back();
  return Out;
}

} // namespace

std::string cppCommentText(llvm::StringRef Text) {
  // Blanks between a backslash and the line's end still splice the lines.
  Text = Text.rtrim(" \t");
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
      Out += llvm::formatv("\\u{0:x-4}", *CP).str();
    else
      Out += Text.slice(Start, I);
    AfterQuestion = Question;
  }
  return Out;
}

void cppDocComment(llvm::raw_ostream &OS, llvm::StringRef Indent,
                   llvm::StringRef Text) {
  for (llvm::StringRef L : textLines(Text))
    if (!L.empty())
      OS << Indent << "/// " << cppCommentText(L) << "\n";
}

std::string cppStringLiteral(llvm::StringRef Text) {
  std::string Out = "\"";
  bool AfterQuestion = false;
  for (size_t I = 0; I < Text.size();) {
    size_t Start = I;
    std::optional<uint32_t> CP = nextCodePoint(Text, I);
    bool Question = CP && *CP == '?';
    if (!CP || isHiddenControl(*CP)) {
      // The same bytes, written so that none of them ends the line or the
      // literal; "" keeps a following hex digit out of the escape.
      for (unsigned char C : Text.slice(Start, I))
        Out += hexByte(C) + "\"\"";
    } else if (*CP == '"' || *CP == '\\') {
      Out += '\\';
      Out += static_cast<char>(*CP);
    } else if (Question && AfterQuestion) {
      Out += "\\?";
    } else {
      Out += Text.slice(Start, I);
    }
    AfterQuestion = Question;
  }
  return Out + "\"";
}

std::string markdownText(llvm::StringRef Text) {
  std::string Out;
  for (llvm::StringRef L : textLines(Text)) {
    if (!Out.empty())
      Out += '\n';
    Out += markdownLineText(L, /*AtLineStart=*/true);
  }
  return Out;
}

std::string markdownLine(llvm::StringRef Text) {
  std::string Out;
  for (llvm::StringRef L : textLines(Text)) {
    if (L.empty())
      continue;
    if (!Out.empty())
      Out += ' ';
    Out += markdownLineText(L, /*AtLineStart=*/false);
  }
  return Out;
}

std::string markdownCode(llvm::StringRef Text, bool InTable) {
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
      Body += Text.slice(Start, I);
  }
  // A fence longer than any run of backticks inside; a space on each side
  // when the text starts or ends with one the fence would swallow.
  std::string Fence(LongestRun + 1, '`');
  llvm::StringRef B(Body);
  if (B.empty() || B.front() == '`' || B.back() == '`' || B.front() == ' ' ||
      B.back() == ' ')
    Body = " " + Body + " ";
  return Fence + Body + Fence;
}

std::string uriComponent(llvm::StringRef Text) {
  std::string Out;
  for (unsigned char C : Text) {
    if (llvm::isAlnum(C) || llvm::StringRef("-._~").contains(C))
      Out += C;
    else
      Out += llvm::formatv("%{0:X-2}", unsigned(C)).str();
  }
  return Out;
}

} // namespace gen
} // namespace trailguard
