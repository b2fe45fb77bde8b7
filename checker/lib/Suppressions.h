//===--- Suppressions.h - NOLINT comments that silence findings -*- C++ -*-===//
//
// Finds clang-tidy-style NOLINT, NOLINTNEXTLINE and NOLINTBEGIN/NOLINTEND
// comments and decides which findings they suppress.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_SUPPRESSIONS_H
#define TRAILGUARD_CHECKER_SUPPRESSIONS_H

#include "Finding.h"

#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringRef.h"

#include <map>
#include <memory>
#include <vector>

namespace trailguard {

/// Reported at a NOLINTBEGIN without a NOLINTEND, or the reverse.
inline constexpr const char NoLintCheckId[] = "trailguard-nolint";
/// Reported at a suppression of a trailguard check that suppressed nothing.
inline constexpr const char UnusedSuppressionCheckId[] =
    "trailguard-unused-suppression";

/// Suppression comments of one translation unit, found lazily per file.
///
/// The syntax and meaning are clang-tidy's: `NOLINT` covers its own line,
/// `NOLINTNEXTLINE` the next one, `NOLINTBEGIN`/`NOLINTEND` everything
/// between them; each takes an optional list of check globs in parentheses
/// (`NOLINT(trailguard-*, bugprone-foo)`; no list means every check, an empty
/// one none, negative globs are ignored). Only text in comments counts.
class Suppressions {
public:
  explicit Suppressions(const clang::SourceManager &SM);
  ~Suppressions();
  Suppressions(const Suppressions &) = delete;
  Suppressions &operator=(const Suppressions &) = delete;

  /// True if a NOLINT comment covers check \p CheckId at \p Loc (a file
  /// location; for a macro location the spelling and then each expansion
  /// is tried). Records that the comment was used.
  bool isSuppressed(llvm::StringRef CheckId, clang::SourceLocation Loc);

  /// The comment (without its delimiters) of the directive the last
  /// isSuppressed that returned true used: the justification of the
  /// suppression.
  const std::string &lastComment() const { return LastComment; }

  /// Block directives without a partner: a BEGIN never closed by an END
  /// with the same check list, or an END closing no BEGIN (check id
  /// NoLintCheckId); in the main file and in files where a finding was
  /// looked up. Such a directive suppresses nothing.
  std::vector<Finding> unmatchedDirectives();

  /// Suppression comments (in the main file and in files where a finding
  /// was looked up) whose list names a trailguard check (an entry starting
  /// with "trailguard") but that suppressed no finding, with check id
  /// UnusedSuppressionCheckId. A bare NOLINT, or one naming only other
  /// tools' checks, is never reported: it may be meant for clang-tidy.
  std::vector<Finding> unusedSuppressions();

private:
  struct FileDirectives;

  /// The directives of \p FID, read on first use.
  FileDirectives &directivesIn(clang::FileID FID);
  bool isSuppressedAtFileLoc(llvm::StringRef CheckId,
                             clang::SourceLocation Loc);

  const clang::SourceManager &SM;
  std::map<clang::FileID, std::unique_ptr<FileDirectives>> Files;
  /// Files in the order they were first read, for a stable output order.
  std::vector<clang::FileID> ReadOrder;
  std::string LastComment;
};

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_SUPPRESSIONS_H
