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

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_FINDING_H
