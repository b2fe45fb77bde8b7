//===--- Report.h - findings as CI reports: JSON, SARIF, baselines --------===//
//
// Turns the findings of a whole run into stable, sorted, fingerprinted
// reports (JSON, SARIF 2.1.0 for GitHub code scanning) and baselines.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_REPORT_H
#define TRAILGUARD_CHECKER_REPORT_H

#include "SourceText.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace trailguard {

/// A fix-it resolved: replace Begin..End (End exclusive; the same place
/// for an insertion) of Begin.File with Text.
struct ResolvedFix {
  ResolvedNote Begin, End;
  std::string Text;
};

/// A finding resolved to file/line/column, outliving its translation unit.
struct ResolvedFinding {
  std::string CheckId;
  ResolvedNote Where;
  std::vector<ResolvedNote> Notes; ///< source first, then the steps
  /// A suggestion (Finding::Severity::Remark), not a problem: SARIF level
  /// "note".
  bool Remark = false;
  /// The text of line Where.Line of Where.File as it was analyzed, without
  /// the line terminator. Part of the fingerprint.
  std::string LineText;
  /// Set by assignFingerprints: Where.File relative to the source root
  /// ('/'-separated), or the absolute path of a file outside the root.
  std::string Path;
  /// Set by assignFingerprints: see fingerprint().
  std::string Fingerprint;
  /// The fix-its, as SARIF's fixes (one fix, one change per file).
  std::vector<ResolvedFix> Fixes;
  /// The NOLINT comment that silences the finding (SARIF's inSource
  /// suppression and its justification); "" if it is reported.
  std::string Suppression;
  /// With a baseline: "new" or "unchanged" (SARIF's result.baselineState);
  /// "" without one. Set by markBaselined.
  std::string BaselineState;
};

/// A SARIF toolExecutionNotification: something that went wrong (or is
/// worth knowing) about the run rather than the code, such as a unit that
/// did not compile.
struct ReportNotification {
  std::string Level = "error"; ///< "error", "warning" or "note"
  std::string Message;
  /// The place the notification is about; File "" for none.
  ResolvedNote Where;
};

/// A --baseline log: the fingerprints it holds and, for each, the result
/// as written (to report it again as "absent" once fixed).
struct Baseline {
  std::map<std::string, nlohmann::ordered_json> Results;
  bool empty() const { return Results.empty(); }
  size_t count(const std::string &Fingerprint) const {
    return Results.count(Fingerprint);
  }
};

/// The key of our fingerprint in SARIF's result.partialFingerprints.
inline constexpr const char FingerprintKey[] = "trailguardFingerprint/v1";

/// Where rules' documentation is published: the repository's docs as of
/// the main branch (--help-uri-base changes it, for a fork or a mirror).
inline constexpr const char DefaultHelpUriBase[] =
    "https://github.com/trailguard/trailguard/blob/main/";

/// What the writers need to know about the run besides its findings.
struct ReportOptions {
  std::string ToolVersion;
  std::string SourceRoot;                   ///< absolute, as from sourceRootFor
  /// runAutomationDetails.id; "" writes none, so that the uploader (the
  /// category of upload-sarif) decides.
  std::string AutomationId;
  bool ExecutionSuccessful = true; ///< every translation unit analyzed
  /// Absolute URI each rule's helpUri is its DocPage under.
  std::string HelpUriBase = DefaultHelpUriBase;
  /// The build directory (-p), absolute: files under it and outside the
  /// source root (generated headers) are named relative to %BUILDROOT%.
  std::string BuildRoot;
  std::vector<ReportNotification> Notifications;
  /// Results of the --baseline no current finding has: fixed since
  /// (SARIF baselineState "absent"). Null without --baseline.
  const Baseline *Known = nullptr;
};

/// \p Line trimmed, with every run of whitespace collapsed to one space.
std::string normalizeLineText(llvm::StringRef Line);

/// The stable fingerprint of a finding, 16 lowercase hex digits: a hash of
/// the rule, the repo-relative path, the message, the normalized text of the
/// flagged line and the occurrence index among findings of the same file
/// that agree on all of these. Line and column are deliberately left out so
/// that edits elsewhere in the file do not change it.
std::string fingerprint(llvm::StringRef RuleId, llvm::StringRef Path,
                        llvm::StringRef Message, llvm::StringRef LineText,
                        unsigned Occurrence);

/// The source root to report paths against: \p Explicit made absolute if
/// not empty, otherwise the nearest directory at or above \p CurrentDir that
/// holds a `.git` entry (the git top-level), otherwise \p CurrentDir.
std::string sourceRootFor(llvm::StringRef Explicit, llvm::StringRef CurrentDir);

/// \p File relative to \p SourceRoot with '/' separators, or "" if it is not
/// under the root (symbolic links resolved as a fallback).
std::string relativeToRoot(llvm::StringRef File, llvm::StringRef SourceRoot);

/// file:// URI of absolute path \p Path, percent-encoded; with a trailing
/// '/' if \p Directory.
std::string fileUri(llvm::StringRef Path, bool Directory = false);

/// Sorts \p Findings by (path, line, column, rule, message) and keeps the
/// first of the findings at the same place with the same rule and message
/// (a header finding seen by several translation units, whose notes may
/// differ). Compares Where.File; call after assignFingerprints to sort by
/// the repo-relative path.
void sortAndDeduplicate(std::vector<ResolvedFinding> &Findings);

/// Sets Path and Fingerprint of every finding. The occurrence index of a
/// finding counts the findings before it (by line, column, notes) with the
/// same rule, path, message and line text. Findings should be
/// de-duplicated first.
void assignFingerprints(std::vector<ResolvedFinding> &Findings,
                        llvm::StringRef SourceRoot);

/// Everything a report needs before it is written: sets Path, sorts and
/// de-duplicates (sortAndDeduplicate), then sets Fingerprint.
void prepareFindings(std::vector<ResolvedFinding> &Findings,
                     llvm::StringRef SourceRoot);

/// The results of a SARIF log written by trailguard-check, by fingerprint,
/// or an error saying what is wrong with the file (unreadable, not JSON, not
/// SARIF). Results marked absent or suppressed in it are not part of it.
llvm::Expected<Baseline> readBaseline(llvm::StringRef File);

/// Sets BaselineState of every finding: "unchanged" if its fingerprint is
/// in \p Known, else "new".
void markBaselined(std::vector<ResolvedFinding> &Findings,
                   const Baseline &Known);

/// Removes the findings whose fingerprint is in \p Known.
void dropBaselined(std::vector<ResolvedFinding> &Findings,
                   const Baseline &Known);

/// The first error of a compiler's output \p Output ("file:line:col: error:
/// message", as Clang prints it), resolved; Message "" if there is none.
ResolvedNote firstError(llvm::StringRef Output);

/// Our JSON report (version 1): findings with file, path, line, column,
/// message, check, severity ("warning" or "remark"), fingerprint and notes.
nlohmann::ordered_json toJson(const std::vector<ResolvedFinding> &Findings,
                              const ReportOptions &Opts);

/// GitLab Code Quality (also Code Climate's engine output, of which it is a
/// subset): an array of issues with description, check_name, fingerprint,
/// severity and location {path, lines {begin}}.
nlohmann::ordered_json toCodeQuality(const std::vector<ResolvedFinding> &Findings,
                                     const ReportOptions &Opts);

/// A SARIF 2.1.0 log with one run, as GitHub code scanning reads it.
nlohmann::ordered_json toSarif(const std::vector<ResolvedFinding> &Findings,
                               const ReportOptions &Opts);

/// Writes \p Text to the file \p File; what went wrong, naming the file.
llvm::Error writeTextFile(llvm::StringRef Text, llvm::StringRef File);

/// Writes \p J (pretty-printed) to \p File, or to stdout if \p File is empty
/// or "-".
llvm::Error writeJsonFile(const nlohmann::ordered_json &J,
                          llvm::StringRef File);

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_REPORT_H
