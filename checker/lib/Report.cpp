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

json ruleJson(const CheckInfo &R) {
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
    J["helpUri"] = R.helpUri();
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

/// A SARIF artifactLocation for \p File.
json artifactLocation(llvm::StringRef File, llvm::StringRef SourceRoot) {
  std::string Rel = relativeToRoot(File, SourceRoot);
  if (!Rel.empty())
    return {{"uri", percentEncode(Rel)}, {"uriBaseId", "%SRCROOT%"}};
  return {{"uri", fileUri(File)}};
}

/// A SARIF location for \p N with its message; no physicalLocation if the
/// note has no file.
json location(const ResolvedNote &N, llvm::StringRef SourceRoot,
              bool WithMessage) {
  json L = json::object();
  if (!N.File.empty()) {
    json Region = {{"startLine", std::max(N.Line, 1u)}};
    if (N.Column)
      Region["startColumn"] = N.CharColumn ? N.CharColumn : N.Column;
    L["physicalLocation"] = {
        {"artifactLocation", artifactLocation(N.File, SourceRoot)},
        {"region", std::move(Region)}};
  }
  if (WithMessage)
    L["message"] = {{"text", N.Message}};
  return L;
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
  std::map<std::tuple<std::string, std::string, std::string, std::string>,
           unsigned>
      Seen;
  for (size_t I : Order) {
    ResolvedFinding &F = Findings[I];
    std::string Line = normalizeLineText(F.LineText);
    unsigned &N = Seen[{F.CheckId, F.Path, F.Where.Message, Line}];
    F.Fingerprint = fingerprint(F.CheckId, F.Path, F.Where.Message, Line, N);
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

llvm::Expected<std::set<std::string>> readBaseline(llvm::StringRef File) {
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
  std::set<std::string> Fingerprints;
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
      auto Partial = R.find("partialFingerprints");
      if (Partial == R.end() || !Partial->is_object())
        continue;
      auto FP = Partial->find(FingerprintKey);
      if (FP != Partial->end() && FP->is_string())
        Fingerprints.insert(FP->get<std::string>());
    }
  }
  if (!Ours)
    return Fail("baseline has no run of trailguard-check (write it with "
                "--write-baseline or --format sarif)");
  return Fingerprints;
}

void dropBaselined(std::vector<ResolvedFinding> &Findings,
                   const std::set<std::string> &Baseline) {
  if (Baseline.empty())
    return;
  Findings.erase(std::remove_if(Findings.begin(), Findings.end(),
                                [&](const ResolvedFinding &F) {
                                  return Baseline.count(F.Fingerprint) != 0;
                                }),
                 Findings.end());
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

json toSarif(const std::vector<ResolvedFinding> &Findings,
             const ReportOptions &Opts) {
  json Rules = json::array();
  std::map<std::string, size_t> RuleIndex;
  for (const CheckInfo &R : checkRegistry()) {
    RuleIndex[R.Id] = Rules.size();
    Rules.push_back(ruleJson(R));
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
        {"locations", json::array({location(F.Where, Opts.SourceRoot, false)})},
        {"partialFingerprints", {{FingerprintKey, F.Fingerprint}}}};
    if (!F.Notes.empty()) {
      json Related = json::array();
      json Steps = json::array();
      for (const ResolvedNote &N : F.Notes) {
        json L = location(N, Opts.SourceRoot, true);
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
            {{"location", location(F.Where, Opts.SourceRoot, true)}});
      if (!Related.empty())
        R["relatedLocations"] = std::move(Related);
      R["codeFlows"] = json::array(
          {{{"threadFlows", json::array({{{"locations", Steps}}})}}});
    }
    Results.push_back(std::move(R));
  }
  json Run = {
      {"tool",
       {{"driver",
         {{"name", "trailguard-check"},
          {"version", Opts.ToolVersion},
          {"informationUri", "https://github.com/trailguard/trailguard"},
          {"rules", std::move(Rules)}}}}},
      {"automationDetails", {{"id", Opts.AutomationId}}},
      {"originalUriBaseIds",
       {{"%SRCROOT%", {{"uri", fileUri(Opts.SourceRoot, true)}}}}},
      {"columnKind", "unicodeCodePoints"},
      {"invocations",
       json::array({{{"executionSuccessful", Opts.ExecutionSuccessful}}})},
      {"results", std::move(Results)}};
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
