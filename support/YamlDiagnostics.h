//===--- YamlDiagnostics.h - messages about YAML input --------------------===//
//
// What the config reader and the schema reader both need to tell a user
// what is wrong with their YAML: text shown safely on one line, a
// "did you mean", and LLVM's parser messages in our style.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_SUPPORT_YAMLDIAGNOSTICS_H
#define TRAILGUARD_SUPPORT_YAMLDIAGNOSTICS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>

namespace trailguard {

/// User text as shown in a one-line message: control characters, invisible
/// Unicode controls and bytes that are not UTF-8 escaped ("\\n", "\\x0d",
/// "\\u202e", "\\xff"), long text cut on a character boundary.
std::string shownText(llvm::StringRef Text);

/// The same, never cut: for file names in messages.
std::string escapedText(llvm::StringRef Text);

/// The code point that starts at \p Text[\p I], moving \p I past it; or
/// std::nullopt, moving \p I past one byte, when that byte starts no valid
/// UTF-8 sequence (truncated, overlong, a surrogate, above U+10FFFF).
std::optional<uint32_t> nextCodePoint(llvm::StringRef Text, size_t &I);

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
std::optional<llvm::StringRef>
closestWord(llvm::StringRef Word, llvm::ArrayRef<llvm::StringRef> Candidates,
            const NearMatch &How);

/// A message of LLVM's YAML parser as one of ours: one sentence, lowercase,
/// no final period ("Unexpected token. Expected Key" -> "unexpected token;
/// expected Key").
std::string parserMessage(llvm::StringRef Message);

} // namespace trailguard

#endif // TRAILGUARD_SUPPORT_YAMLDIAGNOSTICS_H
