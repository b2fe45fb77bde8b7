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

#include <optional>
#include <string>

namespace trailguard {

/// User text as shown in a one-line message: control characters escaped,
/// long text cut.
std::string shownText(llvm::StringRef Text);

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
