//===--- HtmlReport.h - findings as a static HTML report ------------------===//
//
// Writes the findings of a run as a self-contained HTML page: a sortable
// list, and each finding's path from annotation to sink over its source.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_HTMLREPORT_H
#define TRAILGUARD_CHECKER_HTMLREPORT_H

#include "Report.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace trailguard {

/// What the HTML report shows, besides ReportOptions.
struct HtmlReportInput {
  /// Findings that count: not baselined, not suppressed.
  std::vector<ResolvedFinding> Findings;
  /// Findings known from --baseline, shown apart.
  std::vector<ResolvedFinding> Baselined;
  /// Findings a NOLINT comment suppressed, shown apart. Only meaningful when
  /// SuppressedKnown: the run may not keep them.
  std::vector<ResolvedFinding> Suppressed;
  bool SuppressedKnown = false;
};

/// \p Text with &, <, >, " and ' as character references, safe in element
/// content and in quoted attribute values.
std::string htmlEscape(llvm::StringRef Text);

/// The tier a finding is about ("sensitive", "restricted"), read from its
/// message, or "" if the message names none.
std::string tierOf(const ResolvedFinding &F);

/// The whole page: no script or style from elsewhere, a Content-Security-
/// Policy that allows only the page's own inline script and style (by
/// hash). Source lines are read from the files the findings name.
std::string renderHtmlReport(const HtmlReportInput &In,
                             const ReportOptions &Opts);

/// Writes renderHtmlReport to \p Dir/index.html, creating \p Dir.
llvm::Error writeHtmlReport(const HtmlReportInput &In,
                            const ReportOptions &Opts, llvm::StringRef Dir);

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_HTMLREPORT_H
