//===--- YamlDiagnostics.h - messages about YAML input --------------------===//
//
// What the three readers of YAML (the checker's and the collector's
// configuration, the schema) need to tell a user what is wrong: text shown
// safely on one line, and a "did you mean". No LLVM, so that the one YAML
// reader (Yaml.h), trailguard-gen and the collector need none.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_SUPPORT_YAMLDIAGNOSTICS_H
#define TRAILGUARD_SUPPORT_YAMLDIAGNOSTICS_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trailguard {

/// User text as shown in a one-line message: control characters, invisible
/// Unicode controls and bytes that are not UTF-8 escaped ("\\n", "\\x0d",
/// "\\u202e", "\\xff"), long text cut on a character boundary.
std::string shownText(std::string_view Text);

/// The same, never cut: for file names in messages.
std::string escapedText(std::string_view Text);

/// The code point that starts at \p Text[\p I], moving \p I past it; or
/// std::nullopt, moving \p I past one byte, when that byte starts no valid
/// UTF-8 sequence (truncated, overlong, a surrogate, above U+10FFFF).
std::optional<uint32_t> nextCodePoint(std::string_view Text, size_t &I);

/// Whether \p CP changes how the text around it reads or where its lines
/// end without showing itself: C0 and C1 controls, DEL, the line and
/// paragraph separators, bidirectional controls, the byte order mark.
bool isHiddenControl(uint32_t CP);

/// How closestWord() compares a word with the candidates.
struct NearMatch {
  char Separator;         ///< what '-', '_' and ' ' in the word become
  size_t MinPrefix;       ///< a common prefix this long is close enough
  unsigned MaxDistance;   ///< edit distance cut-off, 0 for none
};

/// The candidate \p Word was most likely meant to be, if one is close
/// enough: a few edits away, a common prefix, or one containing the other.
/// Case is not told apart.
/// Words longer than MaxCompared bytes are compared by their first
/// MaxCompared bytes only, so a hostile key costs little.
std::optional<std::string_view>
closestWord(std::string_view Word,
            const std::vector<std::string_view> &Candidates,
            const NearMatch &How);

/// The Levenshtein distance between \p A and \p B, at most \p Max + 1 when
/// \p Max is not 0 (the search stops there); each is cut to MaxCompared
/// bytes first.
unsigned editDistance(std::string_view A, std::string_view B, unsigned Max);

/// How much of a word closestWord() and editDistance() look at.
inline constexpr size_t MaxCompared = 64;

} // namespace trailguard

#endif // TRAILGUARD_SUPPORT_YAMLDIAGNOSTICS_H
