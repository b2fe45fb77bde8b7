//===--- Report.cpp - findings as CI reports: JSON, SARIF, baselines ------===//
//
// Writes the findings of a run as JSON or SARIF 2.1.0 with stable fingerprints,
// and reads SARIF baselines back.
//
//===----------------------------------------------------------------------===//

#include "Report.h"
#include "CheckRegistry.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

namespace trailguard {
namespace {

using json = nlohmann::ordered_json;

json ruleJson(const CheckInfo &R, llvm::StringRef HelpUriBase) {
  std::vector<std::string> Tags(R.Tags.begin(), R.Tags.end());
  if (R.Cwe)
    Tags.push_back("external/cwe/cwe-" + std::to_string(R.Cwe));
  json Props = {{"tags", std::move(Tags)},
                {"precision", R.Precision},
                {"problem.severity", R.ProblemSeverity}};
  if (R.SecuritySeverity)
    Props["security-severity"] = R.SecuritySeverity;
  json J = {{"id", R.Id},
            {"name", R.Name},
            {"shortDescription", {{"text", R.Short}}},
            {"fullDescription", {{"text", R.Full}}},
            {"help", {{"text", R.HelpText}, {"markdown", R.HelpMarkdown}}},
            {"defaultConfiguration", {{"level", R.Level}}},
            {"properties", std::move(Props)}};
  if (R.DocPage)
    J["helpUri"] = HelpUriBase.str() + R.DocPage;
  return J;
}

/// A rule the registry does not describe (a check newer than this build).
json unknownRuleJson(const std::string &Id) {
  std::string Name;
  bool Upper = true;
  for (char C : llvm::StringRef(Id).drop_front(
           llvm::StringRef(Id).starts_with("trailguard-") ? 11 : 0)) {
    if (!std::isalnum(static_cast<unsigned char>(C))) {
      Upper = true;
      continue;
    }
    Name += Upper ? static_cast<char>(std::toupper(C)) : C;
    Upper = false;
  }
  return {{"id", Id},
          {"name", Name},
          {"shortDescription", {{"text", Id}}},
          {"defaultConfiguration", {{"level", "warning"}}}};
}

/// RFC 3986 percent-encoding of a path; '/' stays.
std::string percentEncode(llvm::StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (std::isalnum(C) || C == '-' || C == '.' || C == '_' || C == '~' ||
        C == '/') {
      Out += static_cast<char>(C);
      continue;
    }
    static const char Hex[] = "0123456789ABCDEF";
    Out += '%';
    Out += Hex[C >> 4];
    Out += Hex[C & 15];
  }
  return Out;
}

std::string hex64(uint64_t V) {
  std::string Out(16, '0');
  static const char Hex[] = "0123456789abcdef";
  for (int I = 15; I >= 0; --I, V >>= 4)
    Out[I] = Hex[V & 15];
  return Out;
}

/// The displayed path of a finding: repo-relative when known.
const std::string &pathOf(const ResolvedFinding &F) {
  return F.Path.empty() ? F.Where.File : F.Path;
}

auto noteKey(const ResolvedNote &N) {
  return std::tie(N.File, N.Line, N.Column, N.Message);
}

bool notesLess(const std::vector<ResolvedNote> &L,
               const std::vector<ResolvedNote> &R) {
  return std::lexicographical_compare(
      L.begin(), L.end(), R.begin(), R.end(),
      [](const ResolvedNote &A, const ResolvedNote &B) {
        return noteKey(A) < noteKey(B);
      });
}

bool findingLess(const ResolvedFinding &L, const ResolvedFinding &R) {
  auto Key = [](const ResolvedFinding &F) {
    return std::tie(pathOf(F), F.Where.Line, F.Where.Column, F.CheckId,
                    F.Where.Message);
  };
  if (Key(L) != Key(R))
    return Key(L) < Key(R);
  if (notesLess(L.Notes, R.Notes))
    return true;
  if (notesLess(R.Notes, L.Notes))
    return false;
  return L.LineText < R.LineText;
}

/// One finding, whichever translation units reported it: a header's finding
/// is the same at the same place with the same check and message, even if
/// the paths its notes walk differ between the units.
bool sameFinding(const ResolvedFinding &L, const ResolvedFinding &R) {
  return L.CheckId == R.CheckId && L.Where == R.Where;
}

/// findingLess without its tie-breaks: the order of sameFinding's groups.
bool placeLess(const ResolvedFinding &L, const ResolvedFinding &R) {
  return std::tie(pathOf(L), L.Where.Line, L.Where.Column, L.CheckId,
                  L.Where.Message) < std::tie(pathOf(R), R.Where.Line,
                                              R.Where.Column, R.CheckId,
                                              R.Where.Message);
}

/// The uriBaseId of files under the build directory but not the source
/// root: generated headers, whose absolute path means nothing to a viewer.
constexpr const char BuildRootId[] = "%BUILDROOT%";

/// A SARIF artifactLocation for \p File: relative to the source root, else
/// to the build directory, else absolute.
json artifactLocation(llvm::StringRef File, const ReportOptions &Opts) {
  std::string Rel = relativeToRoot(File, Opts.SourceRoot);
  if (!Rel.empty())
    return {{"uri", percentEncode(Rel)}, {"uriBaseId", "%SRCROOT%"}};
  if (!Opts.BuildRoot.empty()) {
    Rel = relativeToRoot(File, Opts.BuildRoot);
    if (!Rel.empty())
      return {{"uri", percentEncode(Rel)}, {"uriBaseId", BuildRootId}};
  }
  return {{"uri", fileUri(File)}};
}

/// A SARIF location for \p N with its message; no physicalLocation if the
/// note has no file.
json location(const ResolvedNote &N, const ReportOptions &Opts,
              bool WithMessage) {
  json L = json::object();
  if (!N.File.empty()) {
    json Region = {{"startLine", std::max(N.Line, 1u)}};
    if (N.Column)
      Region["startColumn"] = N.CharColumn ? N.CharColumn : N.Column;
    L["physicalLocation"] = {
        {"artifactLocation", artifactLocation(N.File, Opts)},
        {"region", std::move(Region)}};
  }
  if (WithMessage)
    L["message"] = {{"text", N.Message}};
  return L;
}

/// Whether some artifactLocation in \p J is relative to \p Id: a base no
/// location uses is left out, so that runs with and without -p agree.
bool usesBase(const json &J, llvm::StringRef Id) {
  if (J.is_object()) {
    auto It = J.find("uriBaseId");
    if (It != J.end() && It->is_string() && It->get<std::string>() == Id)
      return true;
  }
  if (J.is_structured())
    for (const json &V : J)
      if (usesBase(V, Id))
        return true;
  return false;
}

json noteJson(const ResolvedNote &N) {
  return {{"file", N.File},
          {"line", N.Line},
          {"column", N.Column},
          {"message", N.Message}};
}

} // namespace

std::string normalizeLineText(llvm::StringRef Line) {
  std::string Out;
  bool PendingSpace = false;
  for (char C : Line) {
    if (std::isspace(static_cast<unsigned char>(C))) {
      PendingSpace = !Out.empty();
      continue;
    }
    if (PendingSpace)
      Out += ' ';
    PendingSpace = false;
    Out += C;
  }
  return Out;
}

std::string fingerprint(llvm::StringRef RuleId, llvm::StringRef Path,
                        llvm::StringRef Message, llvm::StringRef LineText,
                        unsigned Occurrence) {
  // Fields are separated by a NUL so that moving text from one field to the
  // next changes the hash.
  std::string Line = normalizeLineText(LineText);
  uint64_t H = fnv1a64(RuleId);
  for (llvm::StringRef Part : {Path, Message, llvm::StringRef(Line)}) {
    H = fnv1a64(llvm::StringRef("\0", 1), H);
    H = fnv1a64(Part, H);
  }
  H = fnv1a64(llvm::StringRef("\0", 1), H);
  H = fnv1a64(std::to_string(Occurrence), H);
  return hex64(H);
}

std::string sourceRootFor(llvm::StringRef Explicit,
                          llvm::StringRef CurrentDir) {
  llvm::SmallString<256> Root;
  if (!Explicit.empty()) {
    Root = Explicit;
    if (!llvm::sys::path::is_absolute(Root)) {
      llvm::SmallString<256> Abs(CurrentDir);
      llvm::sys::path::append(Abs, Root);
      Root = Abs;
    }
  } else {
    Root = CurrentDir;
    for (llvm::StringRef Dir = CurrentDir; !Dir.empty();
         Dir = llvm::sys::path::parent_path(Dir)) {
      llvm::SmallString<256> Git(Dir);
      llvm::sys::path::append(Git, ".git");
      if (llvm::sys::fs::exists(Git)) {
        Root = Dir;
        break;
      }
    }
  }
  llvm::sys::path::remove_dots(Root, /*remove_dot_dot=*/true);
  // No trailing separator, except for the root directory itself.
  while (Root.size() > 1 && llvm::sys::path::is_separator(Root.back()))
    Root.pop_back();
  return std::string(Root);
}

std::string relativeToRoot(llvm::StringRef File, llvm::StringRef SourceRoot) {
  auto Lexical = [](llvm::StringRef F, llvm::StringRef Root) -> std::string {
    if (F.empty() || Root.empty() || !F.starts_with(Root))
      return "";
    llvm::StringRef Rest = F.drop_front(Root.size());
    if (!llvm::sys::path::is_separator(Root.back())) {
      if (Rest.empty() || !llvm::sys::path::is_separator(Rest.front()))
        return "";
      Rest = Rest.drop_front();
    }
    if (Rest.empty())
      return "";
    std::string Out(Rest);
    std::replace(Out.begin(), Out.end(), '\\', '/');
    return Out;
  };
  std::string Rel = Lexical(File, SourceRoot);
  if (!Rel.empty())
    return Rel;
  // Symbolic links: compare the real paths.
  llvm::SmallString<256> RealFile, RealRoot;
  if (llvm::sys::fs::real_path(File, RealFile) ||
      llvm::sys::fs::real_path(SourceRoot, RealRoot))
    return "";
  return Lexical(RealFile, RealRoot);
}

std::string fileUri(llvm::StringRef Path, bool Directory) {
  std::string P(Path);
  std::replace(P.begin(), P.end(), '\\', '/');
  if (P.empty() || P.front() != '/')
    P.insert(P.begin(), '/'); // C:/x -> /C:/x
  if (Directory && P.back() != '/')
    P += '/';
  return "file://" + percentEncode(P);
}

void sortAndDeduplicate(std::vector<ResolvedFinding> &Findings) {
  // The first of the same finding is kept, as text output prints the first
  // unit's.
  std::stable_sort(Findings.begin(), Findings.end(), placeLess);
  Findings.erase(std::unique(Findings.begin(), Findings.end(), sameFinding),
                 Findings.end());
}

void assignFingerprints(std::vector<ResolvedFinding> &Findings,
                        llvm::StringRef SourceRoot) {
  for (ResolvedFinding &F : Findings) {
    F.Path = relativeToRoot(F.Where.File, SourceRoot);
    if (F.Path.empty())
      F.Path = F.Where.File;
  }
  // Occurrences are counted in source order, whatever the order of the
  // vector.
  std::vector<size_t> Order(Findings.size());
  for (size_t I = 0; I < Order.size(); ++I)
    Order[I] = I;
  std::stable_sort(Order.begin(), Order.end(), [&](size_t L, size_t R) {
    return findingLess(Findings[L], Findings[R]);
  });
  // Suppressed findings are counted apart, so that keeping them does not
  // change the fingerprints of the findings that are reported.
  std::map<std::tuple<bool, std::string, std::string, std::string,
                      std::string>,
           unsigned>
      Seen;
  for (size_t I : Order) {
    ResolvedFinding &F = Findings[I];
    std::string Line = normalizeLineText(F.LineText);
    unsigned &N = Seen[{!F.Suppression.empty(), F.CheckId, F.Path,
                        F.Where.Message, Line}];
    // A suppressed finding on a line identical to a reported one is not
    // the same finding.
    F.Fingerprint = fingerprint(
        F.CheckId, F.Path,
        F.Suppression.empty() ? F.Where.Message
                              : F.Where.Message + " [suppressed]",
        Line, N);
    ++N;
  }
}

void prepareFindings(std::vector<ResolvedFinding> &Findings,
                     llvm::StringRef SourceRoot) {
  // Paths first (they are the first sort key), then sort and de-duplicate,
  // then fingerprints (occurrence indices must not count duplicates).
  assignFingerprints(Findings, SourceRoot);
  sortAndDeduplicate(Findings);
  assignFingerprints(Findings, SourceRoot);
}

llvm::Expected<Baseline> readBaseline(llvm::StringRef File) {
  auto Fail = [&](const llvm::Twine &What) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   File + ": " + What);
  };
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
      llvm::MemoryBuffer::getFile(File, /*IsText=*/true);
  if (!Buffer)
    return Fail("cannot read baseline: " + Buffer.getError().message());
  json J = json::parse((*Buffer)->getBuffer().begin(),
                       (*Buffer)->getBuffer().end(), nullptr,
                       /*allow_exceptions=*/false);
  if (J.is_discarded())
    return Fail("baseline is not valid JSON");
  if (!J.is_object() || !J.contains("runs") || !J["runs"].is_array() ||
      J.value("version", json()) != "2.1.0")
    return Fail("baseline is not a SARIF 2.1.0 log (expected an object "
                "with \"version\": \"2.1.0\" and a \"runs\" array)");
  Baseline Known;
  bool Ours = false;
  for (const json &Run : J["runs"]) {
    if (!Run.is_object())
      return Fail("baseline is not a SARIF 2.1.0 log (a run is not an "
                  "object)");
    const json *Name = nullptr;
    if (auto Tool = Run.find("tool"); Tool != Run.end() && Tool->is_object())
      if (auto Driver = Tool->find("driver");
          Driver != Tool->end() && Driver->is_object())
        if (auto N = Driver->find("name"); N != Driver->end())
          Name = &*N;
    if (!Name || *Name != "trailguard-check")
      continue;
    Ours = true;
    auto Results = Run.find("results");
    if (Results == Run.end())
      continue;
    if (!Results->is_array())
      return Fail("baseline is not a SARIF 2.1.0 log (\"results\" is not "
                  "an array)");
    for (const json &R : *Results) {
      if (!R.is_object())
        continue;
      // A report used as a baseline: what was fixed or silenced then is
      // not a finding of that run.
      if (R.value("baselineState", json()) == "absent" ||
          (R.contains("suppressions") && R["suppressions"].is_array() &&
           !R["suppressions"].empty()))
        continue;
      auto Partial = R.find("partialFingerprints");
      if (Partial == R.end() || !Partial->is_object())
        continue;
      auto FP = Partial->find(FingerprintKey);
      if (FP != Partial->end() && FP->is_string())
        Known.Results.emplace(FP->get<std::string>(), R);
    }
  }
  if (!Ours)
    return Fail("baseline has no run of trailguard-check (write it with "
                "--write-baseline or --format sarif)");
  return Known;
}

void markBaselined(std::vector<ResolvedFinding> &Findings,
                   const Baseline &Known) {
  for (ResolvedFinding &F : Findings)
    F.BaselineState = Known.count(F.Fingerprint) ? "unchanged" : "new";
}

void dropBaselined(std::vector<ResolvedFinding> &Findings,
                   const Baseline &Known) {
  if (Known.empty())
    return;
  Findings.erase(std::remove_if(Findings.begin(), Findings.end(),
                                [&](const ResolvedFinding &F) {
                                  return Known.count(F.Fingerprint) != 0;
                                }),
                 Findings.end());
}

ResolvedNote firstError(llvm::StringRef Output) {
  llvm::SmallVector<llvm::StringRef, 16> Lines;
  Output.split(Lines, '\n');
  for (llvm::StringRef Line : Lines) {
    size_t At = Line.find(": error: ");
    size_t Fatal = Line.find(": fatal error: ");
    size_t Kind = std::min(At, Fatal);
    if (Kind == llvm::StringRef::npos)
      continue;
    ResolvedNote N;
    N.Message = Line.substr(Kind + 2).str();
    // "file:line:col" before it; a message of the driver or of ours has
    // no place.
    llvm::StringRef Place = Line.take_front(Kind);
    auto [Rest, Col] = Place.rsplit(':');
    auto [File, LineNo] = Rest.rsplit(':');
    unsigned L = 0, C = 0;
    if (!File.empty() && !LineNo.getAsInteger(10, L) &&
        !Col.getAsInteger(10, C) && L > 0) {
      llvm::SmallString<256> Abs(File);
      llvm::sys::fs::make_absolute(Abs);
      llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
      if (llvm::sys::fs::exists(Abs)) {
        N.File = std::string(Abs);
        N.Line = L;
        N.Column = C;
      }
    } else {
      N.Message = Line.trim().str();
    }
    return N;
  }
  return ResolvedNote();
}

json toJson(const std::vector<ResolvedFinding> &Findings,
            const ReportOptions &) {
  json Out = json::array();
  for (const ResolvedFinding &F : Findings) {
    json J = noteJson(F.Where);
    J["path"] = pathOf(F);
    J["check"] = F.CheckId;
    J["severity"] = F.Remark ? "remark" : "warning";
    J["fingerprint"] = F.Fingerprint;
    J["notes"] = json::array();
    for (const ResolvedNote &N : F.Notes)
      J["notes"].push_back(noteJson(N));
    Out.push_back(std::move(J));
  }
  return {{"version", 1}, {"findings", std::move(Out)}};
}

json toCodeQuality(const std::vector<ResolvedFinding> &Findings,
                   const ReportOptions &) {
  std::map<std::string, const CheckInfo *> Checks;
  for (const CheckInfo &C : checkRegistry())
    Checks[C.Id] = &C;
  json Out = json::array();
  for (const ResolvedFinding &F : Findings) {
    const CheckInfo *C = Checks.count(F.CheckId) ? Checks[F.CheckId] : nullptr;
    bool Security =
        C && llvm::is_contained(C->Tags, llvm::StringRef("security"));
    // Code Climate's scale; a tier leak (security-severity 7.5) is major,
    // as GitLab ranks a high-severity SAST finding.
    std::string Severity = "minor";
    if (F.Remark)
      Severity = "info";
    else if (C && llvm::StringRef(C->Level) == "error")
      Severity = "critical";
    else if (Security)
      Severity = "major";
    json Issue = {
        {"type", "issue"},
        {"check_name", F.CheckId},
        {"description", F.Where.Message},
        {"categories", json::array({Security ? "Security" : "Style"})},
        {"severity", Severity},
        {"fingerprint", F.Fingerprint},
        {"location",
         {{"path", pathOf(F)}, {"lines", {{"begin", std::max(F.Where.Line, 1u)}}}}}};
    Out.push_back(std::move(Issue));
  }
  return Out;
}

json toSarif(const std::vector<ResolvedFinding> &Findings,
             const ReportOptions &Opts) {
  json Rules = json::array();
  std::map<std::string, size_t> RuleIndex;
  for (const CheckInfo &R : checkRegistry()) {
    RuleIndex[R.Id] = Rules.size();
    Rules.push_back(ruleJson(R, Opts.HelpUriBase));
  }
  json Results = json::array();
  for (const ResolvedFinding &F : Findings) {
    auto [It, New] = RuleIndex.try_emplace(F.CheckId, Rules.size());
    if (New)
      Rules.push_back(unknownRuleJson(F.CheckId));
    const json &Rule = Rules[It->second];
    json R = {
        {"ruleId", F.CheckId},
        {"ruleIndex", It->second},
        {"level",
         F.Remark ? json("note") : Rule["defaultConfiguration"]["level"]},
        {"message", {{"text", F.Where.Message}}},
        {"locations", json::array({location(F.Where, Opts, false)})},
        {"partialFingerprints", {{FingerprintKey, F.Fingerprint}}}};
    if (!F.Fixes.empty()) {
      // One fix, its replacements grouped by file in order.
      json Changes = json::array();
      std::map<std::string, size_t> ByFile;
      for (const ResolvedFix &X : F.Fixes) {
        auto [It, New] = ByFile.try_emplace(X.Begin.File, Changes.size());
        if (New)
          Changes.push_back(
              {{"artifactLocation", artifactLocation(X.Begin.File, Opts)},
               {"replacements", json::array()}});
        auto Col = [](const ResolvedNote &N) {
          return std::max(N.CharColumn ? N.CharColumn : N.Column, 1u);
        };
        Changes[It->second]["replacements"].push_back(
            {{"deletedRegion",
              {{"startLine", std::max(X.Begin.Line, 1u)},
               {"startColumn", Col(X.Begin)},
               {"endLine", std::max(X.End.Line, 1u)},
               {"endColumn", Col(X.End)}}},
             {"insertedContent", {{"text", X.Text}}}});
      }
      R["fixes"] = json::array(
          {{{"description", {{"text", F.Where.Message}}},
            {"artifactChanges", std::move(Changes)}}});
    }
    if (!F.Suppression.empty())
      R["suppressions"] = json::array(
          {{{"kind", "inSource"},
            {"status", "accepted"},
            {"justification", F.Suppression}}});
    if (!F.BaselineState.empty())
      R["baselineState"] = F.BaselineState;
    if (!F.Notes.empty()) {
      json Related = json::array();
      json Steps = json::array();
      for (const ResolvedNote &N : F.Notes) {
        json L = location(N, Opts, true);
        Steps.push_back({{"location", L}});
        if (N.File.empty())
          continue;
        json WithId = {{"id", Related.size()}};
        WithId.update(L);
        Related.push_back(std::move(WithId));
      }
      // The flow ends at the sink, the finding itself.
      if (!(F.Notes.back().File == F.Where.File &&
            F.Notes.back().Line == F.Where.Line &&
            F.Notes.back().Column == F.Where.Column))
        Steps.push_back(
            {{"location", location(F.Where, Opts, true)}});
      if (!Related.empty())
        R["relatedLocations"] = std::move(Related);
      R["codeFlows"] = json::array(
          {{{"threadFlows", json::array({{{"locations", Steps}}})}}});
    }
    Results.push_back(std::move(R));
  }
  // Fixed since the baseline: its results as they were, in fingerprint
  // order, pointing at our rules.
  if (Opts.Known) {
    std::set<std::string> Current;
    for (const ResolvedFinding &F : Findings)
      Current.insert(F.Fingerprint);
    for (const auto &[FP, Old] : Opts.Known->Results) {
      if (Current.count(FP) || !Old.contains("ruleId") ||
          !Old["ruleId"].is_string())
        continue;
      std::string Id = Old["ruleId"].get<std::string>();
      auto [It, New] = RuleIndex.try_emplace(Id, Rules.size());
      if (New)
        Rules.push_back(unknownRuleJson(Id));
      json R = Old;
      R["ruleIndex"] = It->second;
      R["baselineState"] = "absent";
      Results.push_back(std::move(R));
    }
  }
  json Invocation = {{"executionSuccessful", Opts.ExecutionSuccessful}};
  if (!Opts.Notifications.empty()) {
    json Notes = json::array();
    for (const ReportNotification &N : Opts.Notifications) {
      json J = {{"level", N.Level}, {"message", {{"text", N.Message}}}};
      if (!N.Where.File.empty()) {
        ResolvedNote At = N.Where;
        At.Message.clear();
        J["locations"] = json::array({location(At, Opts, false)});
      }
      Notes.push_back(std::move(J));
    }
    Invocation["toolExecutionNotifications"] = std::move(Notes);
  }
  json BaseIds = {{"%SRCROOT%", {{"uri", fileUri(Opts.SourceRoot, true)}}}};
  if (!Opts.BuildRoot.empty() && (usesBase(Results, BuildRootId) ||
                                  usesBase(Invocation, BuildRootId)))
    BaseIds[BuildRootId] = {{"uri", fileUri(Opts.BuildRoot, true)}};
  json Run = {
      {"tool",
       {{"driver",
         {{"name", "trailguard-check"},
          {"version", Opts.ToolVersion},
          {"informationUri", "https://github.com/trailguard/trailguard"},
          {"rules", std::move(Rules)}}}}}};
  // Absent unless asked for: upload-sarif sets its category only on a log
  // without one, and runs of one category replace each other's alerts.
  if (!Opts.AutomationId.empty())
    Run["automationDetails"] = {{"id", Opts.AutomationId}};
  Run["originalUriBaseIds"] = std::move(BaseIds);
  Run["columnKind"] = "unicodeCodePoints";
  Run["invocations"] = json::array({std::move(Invocation)});
  Run["results"] = std::move(Results);
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", json::array({std::move(Run)})}};
}

llvm::Error writeJsonFile(const json &J, llvm::StringRef File) {
  std::string Text = J.dump(2) + "\n";
  if (File.empty() || File == "-") {
    llvm::outs() << Text;
    llvm::outs().flush();
    if (!llvm::outs().has_error())
      return llvm::Error::success();
    // Reported here, or LLVM aborts at exit over the unreported error.
    std::error_code EC = llvm::outs().error();
    llvm::outs().clear_error();
    return llvm::createStringError(
        EC, "cannot write the report to standard output: " + EC.message());
  }
  return writeTextFile(Text, File);
}

llvm::Error writeTextFile(llvm::StringRef Text, llvm::StringRef File) {
  std::error_code EC;
  llvm::raw_fd_ostream OS(File, EC, llvm::sys::fs::OF_Text);
  if (!EC) {
    OS << Text;
    OS.close();
    if (OS.has_error()) {
      EC = OS.error();
      OS.clear_error();
    }
  }
  if (EC)
    return llvm::createStringError(EC, "cannot write '" + File +
                                           "': " + EC.message());
  return llvm::Error::success();
}

} // namespace trailguard
