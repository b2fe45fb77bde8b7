//===--- Finding.h - what a check reports ---------------------------------===//
//
// A finding with the notes that walk its path, independent of how it is
// printed (clang-style text, SARIF, JSON, clang-tidy, the plugin).
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_FINDING_H
#define TRAILGUARD_CHECKER_FINDING_H

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceLocation.h"

#include <string>
#include <vector>

namespace trailguard {

struct FindingNote {
  clang::SourceLocation Loc;
  std::string Message;
};

struct Finding {
  /// Warnings are problems (exit code 1); remarks are suggestions.
  enum class Severity { Warning, Remark };

  std::string CheckId; ///< "trailguard-tier-leak"
  clang::SourceLocation Loc;
  std::string Message; ///< without the trailing " [check-id]"
  std::vector<FindingNote> Notes; ///< source first, sink last
  Severity Level = Severity::Warning;
  std::vector<clang::FixItHint> FixIts;
  /// Kept although a NOLINT comment silences it (CheckOptions::
  /// KeepSuppressed): that comment, the justification. "" if not silenced.
  std::string Suppression;
};

/// A finding keeps at most this many notes: the first and the last half.
inline constexpr size_t MaxNotesPerFinding = 12;

/// Cuts \p Notes to the first and the last MaxNotesPerFinding / 2: where a
/// value came from and where it went matter more than the middle of a long
/// path. Every place that keeps a path (a finding, a summary's sink, a
/// value carried across units) cuts it the same way.
template <typename Note> void keepEndsOfPath(std::vector<Note> &Notes) {
  if (Notes.size() > MaxNotesPerFinding)
    Notes.erase(Notes.begin() + MaxNotesPerFinding / 2,
                Notes.end() - MaxNotesPerFinding / 2);
}

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_FINDING_H
