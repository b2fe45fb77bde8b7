//===--- OutputText.h - schema text made safe for each generated format ---===//
//
// Every piece of schema text that reaches a generated file goes through one
// of these, one per place it lands, so that no text from a schema can ever
// become code, markup or structure in the output.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CODEGEN_OUTPUTTEXT_H
#define TRAILGUARD_CODEGEN_OUTPUTTEXT_H

#include <ostream>
#include <string>
#include <string_view>

namespace trailguard {
namespace gen {

/// \p Text as the rest of one `//` comment line: nothing in it can end the
/// comment (line breaks, a final backslash that splices the next line, the
/// trigraph ??/, NUL) or hide what follows (bidirectional controls); such
/// characters are shown as C escapes ("\r", "\x00", "\u202e").
std::string cppCommentText(std::string_view Text);

/// \p Text as `///` lines at \p Indent, one per non-blank line of it.
void cppDocComment(std::ostream &OS, std::string_view Indent,
                   std::string_view Text);

/// A C++ string literal holding exactly the bytes of \p Text, whatever
/// they are, under every standard and with -trigraphs.
std::string cppStringLiteral(std::string_view Text);

/// \p Text as Markdown paragraphs that render as the text itself: no HTML,
/// link, image, emphasis, code, heading, list, quote or table comes out of
/// it. Line breaks stay; control characters and bytes that are not UTF-8
/// become U+FFFD.
std::string markdownText(std::string_view Text);

/// The same on one line, for a table cell, a heading or a list item: line
/// breaks become spaces and '|' cannot end the cell.
std::string markdownLine(std::string_view Text);

/// \p Text as one Markdown code span, inside (\p InTable) or outside a
/// table.
std::string markdownCode(std::string_view Text, bool InTable);

/// \p Text as one component of a URI: every byte but letters, digits and
/// "-._~" percent-encoded. (JSON text needs nothing more: the JSON writer
/// escapes it and replaces bytes that are not UTF-8.)
std::string uriComponent(std::string_view Text);

} // namespace gen
} // namespace trailguard

#endif // TRAILGUARD_CODEGEN_OUTPUTTEXT_H
