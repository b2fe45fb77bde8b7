//===--- SourceText.h - locations that outlive their translation unit ---===//
//
// Resolves Clang source locations to file, line and column (and the text of
// the line) for reports and summaries that outlive the translation unit.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_SOURCETEXT_H
#define TRAILGUARD_CHECKER_SOURCETEXT_H

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace trailguard {

/// A location and its message resolved to file/line/column, outliving its
/// translation unit.
struct ResolvedNote {
  std::string File; ///< absolute and normalized when known, "" if unknown
  unsigned Line = 0, Column = 0; ///< 1-based; Column counts bytes (clang)
  /// Column in Unicode code points (SARIF's columnKind); 0: same as Column.
  unsigned CharColumn = 0;
  std::string Message;

  friend bool operator==(const ResolvedNote &L, const ResolvedNote &R) {
    return L.File == R.File && L.Line == R.Line && L.Column == R.Column &&
           L.Message == R.Message;
  }
};

/// 64-bit FNV-1a of \p Data, continuing from \p Hash.
uint64_t fnv1a64(llvm::StringRef Data, uint64_t Hash = 0xcbf29ce484222325ULL);

/// Hex FNV-1a of \p Data: enough to notice that a file changed.
std::string contentHash(llvm::StringRef Data);

/// Every file \p SM read, absolute, with the hash of its contents, and
/// \p Extra (a configuration file) if not empty; sorted.
std::vector<std::pair<std::string, std::string>>
filesRead(const clang::SourceManager &SM, llvm::StringRef Extra = "");

/// The line of \p Buffer that holds byte \p Offset, without its terminator.
std::string lineContaining(llvm::StringRef Buffer, size_t Offset);

/// The 1-based column in Unicode code points of 1-based byte column
/// \p ByteColumn of the UTF-8 line \p LineText (0 stays 0).
unsigned codePointColumn(llvm::StringRef LineText, unsigned ByteColumn);

/// \p Loc with an absolute file name; the text of its line, as analyzed,
/// goes to \p LineText if given.
ResolvedNote resolveLocation(const clang::SourceManager &SM,
                             clang::SourceLocation Loc, std::string Message,
                             std::string *LineText = nullptr);

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_SOURCETEXT_H
