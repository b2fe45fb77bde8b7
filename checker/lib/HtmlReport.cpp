//===--- HtmlReport.cpp - findings as a static HTML report ----------------===//
//
// Renders findings as one self-contained HTML page, every piece of text from
// the findings and the sources escaped, under a hash-based CSP.
//
//===----------------------------------------------------------------------===//

#include "HtmlReport.h"
#include "CheckRegistry.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Base64.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>
#include <memory>

namespace trailguard {
namespace {

/// Lines of source shown before and after each step.
constexpr unsigned ContextLines = 2;

const char *const Style = R"css(
body{font:14px/1.4 system-ui,sans-serif;margin:0 2em 3em;color:#1d1d1f}
h1{font-size:1.5em}h2{margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.25em .6em;border-bottom:1px solid #e3e3e3;vertical-align:top}
th button{font:inherit;font-weight:bold;background:none;border:0;padding:0;cursor:pointer}
th[aria-sort=ascending] button::after{content:" \25B2"}
th[aria-sort=descending] button::after{content:" \25BC"}
tr.remark td{color:#555}
.finding{border:1px solid #ccc;border-radius:6px;margin:1.5em 0;padding:0 1em 1em}
.finding h3{font-size:1.05em}
.check{font-family:monospace;color:#6a3d9a}
ol.path>li{margin:.8em 0}
.where{font-family:monospace;color:#555}
pre.source{background:#f6f8fa;padding:.4em 0;margin:.3em 0;overflow-x:auto}
pre.source span.line{display:block;padding:0 .6em}
pre.source span.hl{background:#fff3b0}
pre.source span.no{display:inline-block;width:4em;color:#888;user-select:none}
mark.step{background:#ffb347;font-weight:bold}
.sink mark.step{background:#ff7b7b}
.unavailable{color:#888;font-style:italic}
)css";

// Sorting only: rows move, nothing is built from the report's text. The
// query parameters (?sort=KEY or ?sort=-KEY, ?click=KEY,...) are only
// compared with the keys of the column buttons, so that a link or a test can
// ask for an order.
const char *const Script = R"js(
"use strict";
(function () {
  function key(row, k) {
    var v = row.getAttribute("data-" + k) || "";
    return k === "line" ? parseInt(v, 10) || 0 : v;
  }
  function sortTable(table, k, descending) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, k), y = key(b, k), c;
      if (typeof x === "number") c = x - y;
      else c = x < y ? -1 : x > y ? 1 : 0;
      if (descending) c = -c;
      return c || parseInt(key(a, "index"), 10) - parseInt(key(b, "index"), 10);
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      var b = th.querySelector("button");
      if (b && b.getAttribute("data-sort") === k)
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
    table.setAttribute("data-sorted", (descending ? "-" : "") + k);
  }
  var tables = document.querySelectorAll("table.findings");
  Array.prototype.forEach.call(tables, function (table) {
    table.tHead.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-sort]");
      if (!b) return;
      var k = b.getAttribute("data-sort");
      var th = b.parentNode;
      sortTable(table, k, th.getAttribute("aria-sort") === "ascending");
    });
  });
  var asked = new URLSearchParams(window.location.search).get("sort");
  if (asked) {
    var descending = asked.charAt(0) === "-";
    var k = descending ? asked.slice(1) : asked;
    Array.prototype.forEach.call(tables, function (table) {
      var known = Array.prototype.some.call(
          table.querySelectorAll("button[data-sort]"),
          function (b) { return b.getAttribute("data-sort") === k; });
      if (known) sortTable(table, k, descending);
    });
  }
  // ?click=KEY,KEY...: clicks those column buttons of every table, as a
  // person would (tests of the click handler).
  var clicks = new URLSearchParams(window.location.search).get("click");
  (clicks ? clicks.split(",") : []).forEach(function (k) {
    Array.prototype.forEach.call(
        document.querySelectorAll("table.findings button[data-sort]"),
        function (b) { if (b.getAttribute("data-sort") === k) b.click(); });
  });
  document.body.setAttribute("data-script", "ran");
})();
)js";

std::string cspHash(llvm::StringRef Text) {
  std::array<uint8_t, 32> Digest = llvm::SHA256::hash(llvm::ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(Text.data()), Text.size()));
  return "'sha256-" + llvm::encodeBase64(Digest) + "'";
}

/// Reads each file once; a file that cannot be read is remembered as such.
class SourceCache {
public:
  const llvm::MemoryBuffer *get(const std::string &File) {
    auto [It, New] = Files.try_emplace(File);
    if (New && !File.empty()) {
      llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> B =
          llvm::MemoryBuffer::getFile(File, /*IsText=*/true);
      if (B)
        It->second = std::move(*B);
    }
    return It->second.get();
  }

  /// Lines From..To (1-based, inclusive, clipped) of \p File.
  std::vector<std::pair<unsigned, llvm::StringRef>>
  lines(const std::string &File, unsigned From, unsigned To) {
    std::vector<std::pair<unsigned, llvm::StringRef>> Out;
    const llvm::MemoryBuffer *B = get(File);
    if (!B)
      return Out;
    llvm::StringRef Rest = B->getBuffer();
    for (unsigned No = 1; No <= To && !Rest.empty(); ++No) {
      auto [Line, Tail] = Rest.split('\n');
      Rest = Tail;
      if (No >= From)
        Out.push_back({No, Line.rtrim('\r')});
    }
    return Out;
  }

private:
  std::map<std::string, std::unique_ptr<llvm::MemoryBuffer>> Files;
};

struct Step {
  ResolvedNote Note;
  bool Sink = false;
};

/// The notes, source first, then the finding itself as the last step unless
/// the last note is already there (as SARIF's code flow).
std::vector<Step> stepsOf(const ResolvedFinding &F) {
  std::vector<Step> Steps;
  for (const ResolvedNote &N : F.Notes)
    Steps.push_back({N, false});
  if (Steps.empty() || !(Steps.back().Note.File == F.Where.File &&
                         Steps.back().Note.Line == F.Where.Line &&
                         Steps.back().Note.Column == F.Where.Column))
    Steps.push_back({F.Where, true});
  else
    Steps.back().Sink = true;
  return Steps;
}

std::string displayPath(llvm::StringRef File, const ReportOptions &Opts) {
  if (File.empty())
    return "<unknown file>";
  std::string Rel = relativeToRoot(File, Opts.SourceRoot);
  return Rel.empty() ? File.str() : Rel;
}

bool isWordChar(char C) {
  return (C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z') ||
         (C >= '0' && C <= '9') || C == '_';
}

/// \p Line with the token at byte column \p Column marked.
void markedLine(llvm::raw_ostream &OS, llvm::StringRef Line, unsigned Column) {
  if (Column == 0 || Column > Line.size()) {
    OS << htmlEscape(Line);
    return;
  }
  size_t Start = Column - 1, End = Start + 1;
  if (isWordChar(Line[Start]))
    while (End < Line.size() && isWordChar(Line[End]))
      ++End;
  else // a multi-byte character stays whole
    while (End < Line.size() && (Line[End] & 0xC0) == 0x80)
      ++End;
  OS << htmlEscape(Line.take_front(Start)) << "<mark class=\"step\">"
     << htmlEscape(Line.slice(Start, End)) << "</mark>"
     << htmlEscape(Line.drop_front(End));
}

const CheckInfo *ruleOf(llvm::StringRef Id) {
  for (const CheckInfo &R : checkRegistry())
    if (Id == R.Id)
      return &R;
  return nullptr;
}

std::string ruleName(const ResolvedFinding &F) {
  const CheckInfo *R = ruleOf(F.CheckId);
  return R ? R->Name : F.CheckId;
}

std::string pathOf(const ResolvedFinding &F, const ReportOptions &Opts) {
  return F.Path.empty() ? displayPath(F.Where.File, Opts) : F.Path;
}

/// Prefix of the element ids of a section's findings ("f", "b", "s").
struct Section {
  const char *Id;
  const char *Title;
  const char *Kind; ///< data-section of each finding
  const std::vector<ResolvedFinding> *Findings;
};

void writeTable(llvm::raw_ostream &OS, const Section &S,
                const ReportOptions &Opts) {
  OS << "<table class=\"findings\" id=\"" << S.Id << "-table\">\n<thead><tr>";
  for (auto [Key, Label] : {std::pair{"rule", "Rule"},
                            {"file", "File"},
                            {"line", "Line"},
                            {"tier", "Tier"},
                            {"check", "Check"},
                            {"message", "Message"}})
    OS << "<th><button type=\"button\" data-sort=\"" << Key << "\">" << Label
       << "</button></th>";
  OS << "</tr></thead>\n<tbody>\n";
  for (size_t I = 0; I < S.Findings->size(); ++I) {
    const ResolvedFinding &F = (*S.Findings)[I];
    std::string Rule = htmlEscape(ruleName(F)),
                File = htmlEscape(pathOf(F, Opts)),
                Tier = htmlEscape(tierOf(F)), Check = htmlEscape(F.CheckId),
                Message = htmlEscape(F.Where.Message);
    OS << "<tr class=\"" << (F.Remark ? "remark" : "warning")
       << "\" data-index=\"" << I << "\" data-rule=\"" << Rule
       << "\" data-file=\"" << File << "\" data-line=\"" << F.Where.Line
       << "\" data-tier=\"" << Tier << "\" data-check=\"" << Check
       << "\" data-message=\"" << Message << "\">"
       << "<td>" << Rule << "</td><td>" << File << "</td><td>" << F.Where.Line
       << "</td><td>" << (Tier.empty() ? "&mdash;" : Tier)
       << "</td><td class=\"check\">" << Check << "</td><td><a href=\"#" << S.Id
       << I + 1 << "\">" << Message << "</a></td></tr>\n";
  }
  OS << "</tbody>\n</table>\n";
}

void writeFinding(llvm::raw_ostream &OS, const Section &S, size_t I,
                  const ReportOptions &Opts, SourceCache &Sources) {
  const ResolvedFinding &F = (*S.Findings)[I];
  OS << "<section class=\"finding\" id=\"" << S.Id << I + 1
     << "\" data-section=\"" << S.Kind << "\" data-fingerprint=\""
     << htmlEscape(F.Fingerprint) << "\">\n<h3>"
     << (F.Remark ? "remark" : "warning") << ": " << htmlEscape(F.Where.Message)
     << " <span class=\"check\">[" << htmlEscape(F.CheckId)
     << "]</span></h3>\n<p class=\"where\">" << htmlEscape(pathOf(F, Opts))
     << ":" << F.Where.Line << ":" << F.Where.Column
     << "</p>\n<ol class=\"path\">\n";
  std::vector<Step> Steps = stepsOf(F);
  for (size_t K = 0; K < Steps.size(); ++K) {
    const ResolvedNote &N = Steps[K].Note;
    OS << "<li class=\"step" << (Steps[K].Sink ? " sink" : "")
       << "\" data-step=\"" << K + 1 << "\" data-file=\""
       << htmlEscape(displayPath(N.File, Opts)) << "\" data-line=\"" << N.Line
       << "\"><div><span class=\"message\">" << htmlEscape(N.Message)
       << "</span> <span class=\"where\">"
       << htmlEscape(displayPath(N.File, Opts)) << ":" << N.Line << ":"
       << N.Column << "</span></div>\n";
    std::vector<std::pair<unsigned, llvm::StringRef>> Lines;
    if (N.Line)
      Lines = Sources.lines(N.File,
                            N.Line > ContextLines ? N.Line - ContextLines : 1,
                            N.Line + ContextLines);
    if (Lines.empty()) {
      OS << "<p class=\"unavailable\">source not available</p>";
    } else {
      OS << "<pre class=\"source\">";
      for (auto [No, Text] : Lines) {
        OS << "<span class=\"line" << (No == N.Line ? " hl" : "")
           << "\"><span class=\"no\">" << No << "</span>";
        if (No == N.Line)
          markedLine(OS, Text, N.Column);
        else
          OS << htmlEscape(Text);
        OS << "</span>";
      }
      OS << "</pre>";
    }
    OS << "</li>\n";
  }
  OS << "</ol>\n</section>\n";
}

} // namespace

std::string htmlEscape(llvm::StringRef Text) {
  std::string Out;
  Out.reserve(Text.size());
  for (char C : Text) {
    switch (C) {
    case '&':
      Out += "&amp;";
      break;
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '"':
      Out += "&quot;";
      break;
    case '\'':
      Out += "&#39;";
      break;
    case '\0':
      Out += "&#xFFFD;";
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

std::string tierOf(const ResolvedFinding &F) {
  for (llvm::StringRef Tier : {"sensitive", "restricted"})
    if (llvm::StringRef(F.Where.Message).starts_with((Tier + " ").str()))
      return Tier.str();
  return "";
}

std::string renderHtmlReport(const HtmlReportInput &In,
                             const ReportOptions &Opts) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
        "charset=\"utf-8\">\n"
     << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
        "'none'; script-src "
     << cspHash(Script) << "; style-src " << cspHash(Style)
     << "; base-uri 'none'; form-action 'none'\">\n"
     << "<meta name=\"referrer\" content=\"no-referrer\">\n"
     << "<title>trailguard-check report</title>\n<style>" << Style
     << "</style>\n</head>\n<body>\n<h1>trailguard-check report</h1>\n"
     << "<p id=\"summary\">" << In.Findings.size() << " finding"
     << (In.Findings.size() == 1 ? "" : "s") << ", " << In.Baselined.size()
     << " baselined";
  if (In.SuppressedKnown)
    OS << ", " << In.Suppressed.size() << " suppressed";
  OS << ". trailguard-check " << htmlEscape(Opts.ToolVersion)
     << ", source root <code>" << htmlEscape(Opts.SourceRoot) << "</code>";
  if (!Opts.ExecutionSuccessful)
    OS << ". <strong>Some translation units could not be analyzed: the list "
          "is incomplete.</strong>";
  OS << "</p>\n";

  std::vector<Section> Sections = {
      {"f", "Findings", "new", &In.Findings},
      {"b", "Baselined findings", "baselined", &In.Baselined},
      {"s", "Suppressed findings", "suppressed", &In.Suppressed}};
  SourceCache Sources;
  for (const Section &S : Sections) {
    OS << "<h2 id=\"" << S.Id << "-heading\">" << S.Title << " ("
       << S.Findings->size() << ")</h2>\n";
    if (S.Findings == &In.Suppressed && !In.SuppressedKnown) {
      OS << "<p class=\"unavailable\">This run does not record findings "
            "suppressed by NOLINT comments.</p>\n";
      continue;
    }
    if (S.Findings->empty()) {
      OS << "<p>None.</p>\n";
      continue;
    }
    writeTable(OS, S, Opts);
    for (size_t I = 0; I < S.Findings->size(); ++I)
      writeFinding(OS, S, I, Opts, Sources);
  }
  OS << "<script>" << Script << "</script>\n</body>\n</html>\n";
  return Out;
}

llvm::Error writeHtmlReport(const HtmlReportInput &In,
                            const ReportOptions &Opts, llvm::StringRef Dir) {
  if (std::error_code EC = llvm::sys::fs::create_directories(Dir))
    return llvm::createStringError(EC, "cannot create the report directory '" +
                                           Dir + "': " + EC.message());
  llvm::SmallString<256> File(Dir);
  llvm::sys::path::append(File, "index.html");
  return writeTextFile(renderHtmlReport(In, Opts), File);
}

} // namespace trailguard
