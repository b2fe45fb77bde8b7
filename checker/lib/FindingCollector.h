//===--- FindingCollector.h - where every check's findings go -------------===//
//
// What all checks share about reporting: where a finding may be reported
// (the main file and the project's own headers, never a system header), one
// finding per place and message, short note lists, and at most
// MaxRepeatsPerLine repeats of a finding on a line.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_FINDINGCOLLECTOR_H
#define TRAILGUARD_CHECKER_FINDINGCOLLECTOR_H

#include "Finding.h"

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Regex.h"

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace trailguard {

/// Where findings may be reported (a file location).
using ReportablePred = llvm::function_ref<bool(clang::SourceLocation)>;

/// The same finding (check and message) is reported at most this many
/// times per source line; the last one reported says how many more there
/// were.
inline constexpr unsigned MaxRepeatsPerLine = 10;

/// The findings of one translation unit, as runChecks gathers them.
class FindingCollector {
public:
  /// Findings are reported in the main file of \p SM and in headers that
  /// are not system headers and that are under \p SourceRoot (an absolute
  /// directory; "" for none) and match \p HeaderFilter (a regex; "" for
  /// none). Without either nothing but the main file is reported; with only
  /// the filter, every non-system header it matches is (the clang-tidy
  /// module and the plugin, which know no source root).
  FindingCollector(clang::SourceManager &SM, llvm::StringRef HeaderFilter,
                   llvm::StringRef SourceRoot = "");
  /// reportable() refers to the collector itself.
  FindingCollector(const FindingCollector &) = delete;
  FindingCollector &operator=(const FindingCollector &) = delete;

  /// Whether a finding at file location \p FileLoc may be reported; checks
  /// use it to skip what cannot be reported.
  ReportablePred reportable() const { return IsReportable; }

  /// The check whose findings report() makes (runChecks sets it).
  void setCheck(llvm::StringRef Id) { CheckId = Id.str(); }

  /// A new finding of the current check at the file location of \p Loc,
  /// for the caller to add notes to (in any kind of location); nullptr if
  /// the place cannot be reported, or if the check reported \p Message
  /// there already. Valid until the next call.
  Finding *report(clang::SourceLocation Loc, std::string Message);

  /// Every finding so far, for the framework's own: suggestions,
  /// suppressions.
  std::vector<Finding> &findings() { return Findings; }

  /// Moves the findings to \p Out: notes at file locations, without repeats
  /// and at most MaxNotesPerFinding of them; sorted by location; at most
  /// MaxRepeatsPerLine of a finding per line.
  void finish(std::vector<Finding> &Out);

private:
  bool isReportableHeader(clang::FileID File) const;
  void trimNotes(Finding &F) const;
  void capRepeatsPerLine();

  clang::SourceManager &SM;
  std::optional<llvm::Regex> HeaderFilter;
  std::string SourceRoot;
  /// The answer for each header, asked for every declaration the checks
  /// visit.
  mutable llvm::DenseMap<clang::FileID, bool> HeaderVerdicts;
  std::function<bool(clang::SourceLocation)> IsReportable;
  std::string CheckId;
  std::set<std::tuple<std::string, unsigned, std::string>> Seen;
  std::vector<Finding> Findings;
};

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_FINDINGCOLLECTOR_H
