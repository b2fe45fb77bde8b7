//===--- CheckTool.cpp - the trailguard-check command line ----------------===//
//
// Parses the command line, builds the compilation database and runs the
// analysis over each translation unit.
//
//===----------------------------------------------------------------------===//

#include "CheckTool.h"
#include "BuildId.h"
#include "CheckNames.h"
#include "CheckRegistry.h"
#include "Compat.h"
#include "ConfigNames.h"
#include "Finding.h"
#include "GccCompat.h"
#include "HtmlReport.h"
#include "Checks.h"
#include "ProgramFacts.h"
#include "Report.h"
#include "TierLeakCheck.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/Core/Replacement.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "clang/Tooling/ReplacementsYaml.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <set>
#include <tuple>

#ifndef TRAILGUARD_VERSION
#define TRAILGUARD_VERSION "unknown"
#endif
#ifndef TRAILGUARD_CLANG_RESOURCE_DIR
#define TRAILGUARD_CLANG_RESOURCE_DIR ""
#endif

using namespace clang;
using namespace clang::tooling;

namespace trailguard {
namespace {

llvm::cl::OptionCategory Category("trailguard-check options");

enum class OutputFormat { Text, Sarif, Json, Html, CodeQuality };

llvm::cl::opt<OutputFormat> Format(
    "format", llvm::cl::desc("Output format"), llvm::cl::init(OutputFormat::Text),
    llvm::cl::values(
        clEnumValN(OutputFormat::Text, "text", "clang-style text (default)"),
        clEnumValN(OutputFormat::Sarif, "sarif", "SARIF 2.1.0"),
        clEnumValN(OutputFormat::Json, "json", "JSON"),
        clEnumValN(OutputFormat::Html, "html",
                   "a static HTML report in the directory given by -o"),
        clEnumValN(OutputFormat::CodeQuality, "gitlab",
                   "GitLab Code Quality (Code Climate issues)"),
        clEnumValN(OutputFormat::CodeQuality, "codeclimate",
                   "the same as gitlab")),
    llvm::cl::cat(Category));

llvm::cl::opt<std::string>
    OutputFile("o",
               llvm::cl::desc("Write SARIF/JSON output to <file>; with "
                              "--format html, the report's directory"),
               llvm::cl::value_desc("file"), llvm::cl::cat(Category));

llvm::cl::opt<std::string> SourceRoot(
    "source-root",
    llvm::cl::desc("Report paths relative to <dir> (default: the git "
                   "top-level of the current directory, else the current "
                   "directory)"),
    llvm::cl::value_desc("dir"), llvm::cl::cat(Category));

llvm::cl::opt<std::string> AutomationId(
    "automation-id",
    llvm::cl::desc("SARIF runAutomationDetails.id, the category of the "
                   "analysis in GitHub code scanning (default: none, so "
                   "that upload-sarif's category applies)"),
    llvm::cl::value_desc("id"), llvm::cl::cat(Category));

llvm::cl::opt<std::string> HelpUriBase(
    "help-uri-base",
    // A literal: cl::desc keeps a reference to its text.
    llvm::cl::desc("Absolute URL the SARIF rules' helpUri name their page "
                   "under docs/ from (default: the repository's docs on "
                   "main)"),
    llvm::cl::value_desc("url"), llvm::cl::init(DefaultHelpUriBase),
    llvm::cl::cat(Category));

llvm::cl::opt<bool> SarifActiveOnly(
    "sarif-active-only",
    llvm::cl::desc("SARIF: only the findings that count, without the "
                   "suppressed and baselined (unchanged, absent) results, "
                   "for uploaders that read neither suppressions nor "
                   "baselineState (GitHub code scanning)"),
    llvm::cl::cat(Category));

llvm::cl::opt<std::string> BaselineFile(
    "baseline",
    llvm::cl::desc("Report only findings that are not in <file>, a SARIF "
                   "log written by trailguard-check"),
    llvm::cl::value_desc("file"), llvm::cl::cat(Category));

llvm::cl::opt<std::string> WriteBaselineFile(
    "write-baseline",
    llvm::cl::desc("Also write every current finding as SARIF to <file>, "
                   "for --baseline"),
    llvm::cl::value_desc("file"), llvm::cl::cat(Category));

llvm::cl::opt<std::string> ConfigFile(
    "config",
    llvm::cl::desc("Use this configuration file instead of the nearest "
                   ".trailguard.yaml above each source file"),
    llvm::cl::value_desc("file"), llvm::cl::cat(Category));

llvm::cl::opt<bool> InferSensitiveNames(
    "infer-sensitive-names",
    llvm::cl::desc("Also treat fields, variables and parameters whose names "
                   "look like credentials or personal data as sensitive"),
    llvm::cl::cat(Category));

llvm::cl::opt<bool> SuggestAnnotations(
    "suggest-annotations",
    llvm::cl::desc("List declarations that would benefit from a tier "
                   "annotation, with fix-its"),
    llvm::cl::cat(Category));

llvm::cl::opt<bool> ReportUnusedSuppressions(
    "report-unused-suppressions",
    llvm::cl::desc("Report NOLINT comments naming a trailguard check that "
                   "suppress nothing"),
    llvm::cl::cat(Category));

llvm::cl::opt<unsigned> Jobs(
    "j", llvm::cl::desc("Analyze N translation units in parallel (default 1)"),
    llvm::cl::value_desc("N"), llvm::cl::init(1), llvm::cl::cat(Category));

llvm::cl::opt<std::string> Shard(
    "shard",
    llvm::cl::desc("Analyze only shard I of N of the translation units "
                   "(1-based), for CI matrices"),
    llvm::cl::value_desc("I/N"), llvm::cl::cat(Category));

llvm::cl::opt<std::string> SummaryDir(
    "summary-dir",
    llvm::cl::desc("Keep each translation unit's summary in <dir> and reuse "
                   "it while the files it read are unchanged (default with "
                   "-p: BUILD_DIR/.trailguard-summaries; 'none': no cache). "
                   "With --shard, only write the summaries, for --merge"),
    llvm::cl::value_desc("dir"), llvm::cl::cat(Category));

llvm::cl::list<std::string> MergeDirs(
    "merge",
    llvm::cl::desc("Analyze no source: report on the whole program whose "
                   "summaries the --shard jobs wrote to <dir> (repeatable)"),
    llvm::cl::value_desc("dir"), llvm::cl::cat(Category));

llvm::cl::opt<bool> NoProgress(
    "no-progress",
    llvm::cl::desc("Do not show a progress line on a terminal"),
    llvm::cl::cat(Category));

// clang-tidy's names, where the meaning is the same (docs/checker.md).
llvm::cl::alias ConfigFileAlias("config-file",
                                llvm::cl::desc("Alias for --config, as in "
                                               "clang-tidy"),
                                llvm::cl::aliasopt(ConfigFile),
                                llvm::cl::cat(Category));

llvm::cl::opt<std::string> ChecksFlag(
    "checks",
    llvm::cl::desc("Globs of the checks to run, after the configuration's "
                   "'checks' (\"-*,trailguard-tier-leak\"): the last glob "
                   "that matches a check decides, '-' disables"),
    llvm::cl::value_desc("globs"), llvm::cl::cat(Category));

llvm::cl::opt<std::string> HeaderFilterFlag(
    "header-filter",
    llvm::cl::desc("Also report findings in headers whose path matches "
                   "<regex>, instead of the configuration's 'header-filter'"),
    llvm::cl::value_desc("regex"), llvm::cl::cat(Category));

llvm::cl::opt<bool> ListChecks(
    "list-checks",
    llvm::cl::desc("List the checks --checks and the configuration enable, "
                   "and exit"),
    llvm::cl::cat(Category));

llvm::cl::opt<bool> DumpConfig(
    "dump-config",
    llvm::cl::desc("Print the configuration in effect (with --checks and "
                   "--header-filter) as a .trailguard.yaml, and exit"),
    llvm::cl::cat(Category));

llvm::cl::opt<bool>
    Quiet("quiet",
          llvm::cl::desc("Print findings and errors only: no progress line "
                         "and no closing notes"),
          llvm::cl::cat(Category));

llvm::cl::opt<std::string> WarningsAsErrors(
    "warnings-as-errors",
    llvm::cl::desc("Print the findings of the checks these globs match as "
                   "errors (any finding already exits 1)"),
    llvm::cl::value_desc("globs"), llvm::cl::cat(Category));

llvm::cl::opt<bool> UseColor(
    "use-color",
    llvm::cl::desc("Color the text output (default: only on a terminal); "
                   "--use-color=false never colors"),
    llvm::cl::cat(Category));

llvm::cl::opt<std::string> DiffBase(
    "diff-base",
    llvm::cl::desc("Report only findings on lines added or changed since "
                   "'git merge-base <ref> HEAD' (uncommitted changes and new "
                   "untracked files included); the analysis still sees "
                   "every file"),
    llvm::cl::value_desc("ref"), llvm::cl::cat(Category));

llvm::cl::opt<std::string> ExportFixes(
    "export-fixes",
    llvm::cl::desc("Write the fix-its of the reported findings to <file> as "
                   "YAML for clang-apply-replacements"),
    llvm::cl::value_desc("file"), llvm::cl::cat(Category));

llvm::cl::opt<bool>
    ApplyFixes("fix",
               llvm::cl::desc("Apply the fix-its of the reported findings "
                              "(those of --suggest-annotations) to the "
                              "source files"),
               llvm::cl::cat(Category));

llvm::cl::opt<std::string> VfsOverlay(
    "vfs-overlay",
    llvm::cl::desc("Analyze over the virtual file system <file> describes "
                   "(clang's -ivfsoverlay format) laid over the real one"),
    llvm::cl::value_desc("file"), llvm::cl::cat(Category));


llvm::cl::list<std::string> QueryDriver(
    "query-driver",
    llvm::cl::desc("Ask the compilers of the compile commands whose path "
                   "matches one of these comma-separated globs ('*', '**'; "
                   "without '/', the file name) for their system include "
                   "directories and target (default: "
                   "g++*,gcc*,*-g++*,*-gcc*,c++,cc; 'none': ask none)"),
    llvm::cl::value_desc("globs"), llvm::cl::CommaSeparated,
    llvm::cl::cat(Category));

llvm::cl::opt<unsigned> QueryDriverTimeout(
    "query-driver-timeout",
    llvm::cl::desc("Seconds a compiler asked by --query-driver may take "
                   "(default 10)"),
    llvm::cl::value_desc("seconds"), llvm::cl::init(10), llvm::cl::Hidden,
    llvm::cl::cat(Category));

llvm::cl::opt<bool> ShowCompilerWarnings(
    "show-compiler-warnings",
    llvm::cl::desc("Also print Clang's warnings about the analyzed code "
                   "(never errors: -Werror is turned off)"),
    llvm::cl::cat(Category));

const char *const Overview =
    "trailguard-check: finds sensitive data reaching application logs and\n"
    "audit messages built from runtime strings.\n"
    "\n"
    "  trailguard-check FILE... -- COMPILER_ARGS\n"
    "  trailguard-check -p BUILD_DIR [FILE...]\n"
    "\n"
    "Exit codes: 0 no findings, 1 findings, 2 usage error or a translation\n"
    "unit that could not be analyzed. With --baseline, only findings that\n"
    "are not in the baseline count; with --diff-base, only those on changed\n"
    "lines. CI, SARIF and baselines: docs/ci.md.\n";

/// Whether --warnings-as-errors names the check \p CheckId.
bool isError(llvm::StringRef CheckId) {
  if (WarningsAsErrors.empty())
    return false;
  Config Globs;
  Globs.Checks = WarningsAsErrors;
  return isCheckEnabled(Globs, CheckId);
}

/// Whether the text output is colored: --use-color, else on a terminal.
bool useColors() {
  return UseColor.getNumOccurrences() ? bool(UseColor)
                                      : llvm::outs().has_colors();
}

/// The configuration \p Cfg with --checks and --header-filter applied.
Config withFlags(Config Cfg) {
  // As clang-tidy: --checks goes after the file's globs, so it decides.
  if (!ChecksFlag.empty())
    Cfg.Checks += "," + ChecksFlag;
  if (HeaderFilterFlag.getNumOccurrences())
    Cfg.HeaderFilter = HeaderFilterFlag;
  return Cfg;
}

/// What is wrong with --checks, --warnings-as-errors or --header-filter, as
/// the configuration file would say it; "" if nothing.
std::string flagProblem() {
  auto Quoted = [](llvm::StringRef V) {
    std::string Out = "'";
    for (char C : V)
      Out += C == '\'' ? std::string("''") : std::string(1, C);
    return Out + "'";
  };
  std::pair<const char *, std::string> Flags[] = {
      {"checks", ChecksFlag},
      {"warnings-as-errors", WarningsAsErrors},
      {"header-filter", HeaderFilterFlag}};
  for (auto &[Flag, Value] : Flags) {
    if (Value.empty())
      continue;
    llvm::StringRef Key = Flag == llvm::StringRef("header-filter")
                              ? "header-filter"
                              : "checks";
    llvm::Expected<Config> C =
        parseConfig("version: 1\n" + Key.str() + ": " + Quoted(Value) + "\n", "");
    if (C)
      continue;
    // "path:1:10: glob 'x' in 'checks' matches ..." -> "--checks: glob
    // 'x' matches ..."
    std::string Message = llvm::toString(C.takeError());
    llvm::StringRef M = Message;
    for (int Colons = 0; Colons < 3 && M.contains(": "); ++Colons)
      if (llvm::StringRef Head = M.split(':').first;
          Head.empty() || llvm::all_of(Head, llvm::isDigit))
        M = M.split(':').second.ltrim();
    std::string Out = M.str();
    for (const char *In : {" in 'checks'", " in 'header-filter'"})
      if (size_t At = Out.find(In); At != std::string::npos)
        Out.erase(At, strlen(In));
    return "--" + std::string(Flag) + ": " + Out;
  }
  return "";
}

/// \p Cfg as a .trailguard.yaml that reads back as the same configuration.
void printConfig(const Config &Cfg, llvm::raw_ostream &OS) {
  auto Q = [](llvm::StringRef S) {
    std::string Out = "\"";
    for (char C : S) {
      if (C == '"' || C == '\\')
        Out += '\\';
      Out += C;
    }
    return Out + "\"";
  };
  OS << "version: 1\n";
  OS << "checks: " << Q(Cfg.Checks) << "\n";
  if (!Cfg.HeaderFilter.empty())
    OS << "header-filter: " << Q(Cfg.HeaderFilter) << "\n";
  OS << "infer-sensitive-names: "
     << (Cfg.InferSensitiveNames ? "true" : "false") << "\n";
  OS << "policy:\n  log: " << tierName(Cfg.LogCeiling) << "\n";
  auto List = [&](llvm::StringRef Key, llvm::ArrayRef<std::string> Names) {
    OS << Key << ":" << (Names.empty() ? " []" : "") << "\n";
    for (const std::string &N : Names)
      OS << "  - " << Q(N) << "\n";
  };
  OS << "sources:" << (Cfg.Sources.empty() ? " []" : "") << "\n";
  for (const SourceEntry &E : Cfg.Sources)
    OS << "  - name: " << Q(E.Name) << "\n    tier: " << tierName(E.T)
       << "\n";
  OS << "log-sinks:" << (Cfg.LogSinks.empty() ? " []" : "") << "\n";
  for (const LogSinkEntry &E : Cfg.LogSinks) {
    OS << "  - name: " << Q(E.Name) << "\n";
    if (!E.Args.empty()) {
      OS << "    args: [";
      for (size_t I = 0; I < E.Args.size(); ++I)
        OS << (I ? ", " : "") << E.Args[I];
      OS << "]\n";
    }
  }
  OS << "audit-sinks:" << (Cfg.AuditSinks.empty() ? " []" : "") << "\n";
  for (const AuditSinkEntry &E : Cfg.AuditSinks) {
    OS << "  - name: " << Q(E.Name) << "\n";
    if (E.MessageArg)
      OS << "    message-arg: " << *E.MessageArg << "\n";
  }
  List("declassifiers", Cfg.Declassifiers);
  List("log-sink-classes", Cfg.LogSinkClasses);
}

void printVersion(llvm::raw_ostream &OS) {
  OS << "trailguard-check " << TRAILGUARD_VERSION << " (built with Clang "
     << compat::clangVersionString() << ")\n";
  // What the summary cache is keyed by, besides the version.
  if (!analysisBuildId().empty())
    OS << "build " << analysisBuildId() << "\n";
}

/// The resource dir (clang's builtin headers) the checker hands to every
/// compile: the one next to an installed binary if there is one, otherwise
/// the one found at configure time. Users never have to pass -resource-dir.
std::string resourceDir(const char *Argv0) {
  std::string Exe = llvm::sys::fs::getMainExecutable(
      Argv0, reinterpret_cast<void *>(&resourceDir));
  llvm::SmallString<256> Path(llvm::sys::path::parent_path(
      llvm::sys::path::parent_path(Exe)));
  llvm::sys::path::append(Path, "lib", "clang",
                          std::to_string(LLVM_VERSION_MAJOR));
  if (llvm::sys::fs::exists(Path + "/include/stddef.h"))
    return std::string(Path);
  return TRAILGUARD_CLANG_RESOURCE_DIR;
}

/// What one translation unit produced; kept apart so that translation
/// units analyzed in parallel are reported in a fixed order.
struct TUResult {
  /// What the whole program decides with this unit's summaries.
  TUFacts Facts;
  std::vector<ResolvedFinding> Findings;
  /// Each finding rendered as clang-style text (text output only).
  std::vector<std::string> Text;
  /// The compiler's own diagnostics for the translation unit.
  std::string CompilerOutput;
  bool Failed = false;
  /// Which configured names the unit declares.
  NameMatches Names;
  /// The summary file this run wrote, when Facts were spilled to it.
  std::string SpilledTo;
  /// The unit's summary in the summary directory, written or reused.
  std::string SummaryFile;
};

/// The lines --diff-base counts as changed, by the real path of the file.
struct ChangedLines {
  /// Ranges of added or changed lines, first and last.
  std::map<std::string, std::vector<std::pair<unsigned, unsigned>>> Ranges;
  /// Untracked files: every line is new.
  std::set<std::string> New;
  /// Real paths of the files findings name, looked up once.
  std::map<std::string, std::string> RealPaths;

  bool contains(const ResolvedNote &Where) {
    if (Where.File.empty())
      return false;
    auto [It, Added] = RealPaths.try_emplace(Where.File);
    if (Added) {
      llvm::SmallString<256> Real;
      It->second = llvm::sys::fs::real_path(Where.File, Real)
                       ? Where.File
                       : std::string(Real);
    }
    if (New.count(It->second))
      return true;
    auto R = Ranges.find(It->second);
    return R != Ranges.end() &&
           llvm::any_of(R->second, [&](std::pair<unsigned, unsigned> L) {
             return L.first <= Where.Line && Where.Line <= L.second;
           });
  }
};

struct RunResults {
  std::vector<ResolvedFinding> Findings;
  unsigned FailedTUs = 0;
  /// Paths are reported relative to this directory (absolute).
  std::string SourceRoot;
  /// --baseline: known findings, not reported.
  Baseline Known;
  /// One error notification per unit that could not be analyzed.
  std::vector<ReportNotification> Failures;
  /// With --diff-base, the lines whose findings are reported.
  std::optional<ChangedLines> Diff;

  /// Whether \p F is reported: not suppressed, not in the baseline, on a
  /// changed line.
  bool reported(const ResolvedFinding &F) {
    return F.Suppression.empty() && !Known.count(F.Fingerprint) &&
           (!Diff || Diff->contains(F.Where));
  }
};

/// The build directory of -p, absolute; "" without -p.
std::string BuildRootPath;

/// Prints findings like clang diagnostics, with source lines and carets.
void printText(const std::vector<Finding> &Findings, SourceManager &SM,
               const LangOptions &LangOpts, llvm::raw_ostream &OS,
               bool Colors) {
  // A string stream colors only when told to.
  OS.enable_colors(Colors);
  compat::TextDiagnostics Diags(OS, Colors);
  Diags.Engine.setSourceManager(&SM);
  Diags.Printer.BeginSourceFile(LangOpts, nullptr);
  unsigned WarnID = Diags.customID(DiagnosticsEngine::Warning);
  unsigned ErrorID = Diags.customID(DiagnosticsEngine::Error);
  unsigned RemarkID = Diags.customID(DiagnosticsEngine::Remark);
  unsigned NoteID = Diags.customID(DiagnosticsEngine::Note);
  for (const Finding &F : Findings) {
    {
      // The diagnostic is emitted when the builder goes out of scope.
      auto Builder = Diags.Engine.Report(
          F.Loc, F.Level == Finding::Severity::Remark ? RemarkID
                 : isError(F.CheckId)                   ? ErrorID
                                                        : WarnID);
      Builder << (F.Message + " [" + F.CheckId + "]");
      for (const FixItHint &Fix : F.FixIts)
        Builder << Fix;
    }
    for (const FindingNote &N : F.Notes)
      Diags.Engine.Report(N.Loc, NoteID) << N.Message;
  }
  Diags.Printer.EndSourceFile();
}

/// The line \p Line of \p File, read once per file.
std::string sourceLine(const std::string &File, unsigned Line) {
  static std::mutex Mutex;
  static std::map<std::string, std::vector<std::string>> Files;
  std::lock_guard<std::mutex> Lock(Mutex);
  auto [It, New] = Files.try_emplace(File);
  if (New)
    if (auto Buffer = llvm::MemoryBuffer::getFile(File)) {
      llvm::SmallVector<llvm::StringRef, 0> Lines;
      (*Buffer)->getBuffer().split(Lines, '\n');
      for (llvm::StringRef L : Lines)
        It->second.push_back(L.rtrim('\r').str());
    }
  if (Line == 0 || Line > It->second.size())
    return "";
  return It->second[Line - 1];
}

/// One place of a finding decided without its translation unit, as clang
/// prints a diagnostic: location, message, the line and a caret.
void printPlace(llvm::raw_ostream &OS, const ResolvedNote &N,
                llvm::StringRef Kind, llvm::StringRef Message,
                std::string LineText) {
  if (!N.File.empty()) {
    // Under the current directory relative, as the compile commands of a
    // build usually name their files and Clang prints them.
    static const std::string Cwd = [] {
      llvm::SmallString<256> Dir;
      llvm::sys::fs::current_path(Dir);
      return std::string(Dir) + "/";
    }();
    llvm::StringRef File = N.File;
    File.consume_front(Cwd);
    OS << File << ":" << N.Line << ":" << N.Column << ": ";
  }
  OS << Kind << ": " << Message << "\n";
  if (N.File.empty() || N.Column == 0)
    return;
  if (LineText.empty())
    LineText = sourceLine(N.File, N.Line);
  if (LineText.empty())
    return;
  // As Clang 19 shows a snippet: the line number, then the caret under
  // the column.
  std::string Number = std::to_string(N.Line);
  size_t Width = std::max<size_t>(4, std::to_string(N.Line + 16).size());
  OS.indent(Width - Number.size() + 1) << Number << " | " << LineText << "\n";
  OS.indent(Width + 2) << "| ";
  for (unsigned I = 1; I < N.Column && I - 1 < LineText.size(); ++I)
    OS << (LineText[I - 1] == '\t' ? '\t' : ' ');
  OS << "^\n";
}

/// \p F as clang-style text, without its translation unit.
std::string resolvedText(const ResolvedFinding &F) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  printPlace(OS, F.Where,
             F.Remark              ? "remark"
             : isError(F.CheckId) ? "error"
                                  : "warning",
             F.Where.Message + " [" + F.CheckId + "]", F.LineText);
  for (const ResolvedNote &N : F.Notes)
    printPlace(OS, N, "note", N.Message, "");
  return OS.str();
}

/// A finding as the fixes know it: file, line, column, check.
using FindingKey = std::tuple<std::string, unsigned, unsigned, std::string>;

FindingKey keyOf(const ResolvedFinding &F) {
  return {F.Where.File, F.Where.Line, F.Where.Column, F.CheckId};
}

/// The fix-its of each finding, for --fix and --export-fixes. A header's
/// finding seen from several units is one entry.
std::mutex FixMutex;
std::map<FindingKey, std::vector<tooling::Replacement>> FixesOf;

/// Whether the fix-its of the findings are kept.
bool wantFixes() { return ApplyFixes || !ExportFixes.empty(); }

/// The text of --vfs-overlay, read once.
std::string OverlayText;

/// The file system a unit is analyzed on: a physical one of its own (its
/// working directory is the compile's), under --vfs-overlay's; nullptr if
/// the overlay is invalid (clang's parser says why on stderr).
llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> unitFileSystem() {
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> Real =
      llvm::vfs::createPhysicalFileSystem();
  if (VfsOverlay.empty())
    return Real;
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> Virtual =
      llvm::vfs::getVFSFromYAML(
          llvm::MemoryBuffer::getMemBufferCopy(OverlayText, VfsOverlay),
          nullptr, VfsOverlay, nullptr, Real);
  if (!Virtual)
    return nullptr;
  auto Both = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(Real);
  Both->pushOverlay(Virtual);
  return Both;
}

/// Whether the unit's summary is kept in a directory (its inputs are then
/// recorded).
bool WantInputs = false;

class AnalysisConsumer : public ASTConsumer {
public:
  AnalysisConsumer(CompilerInstance &CI, TUResult &Result,
                   ConfigLoader &Configs, llvm::StringRef SourceRoot)
      : CI(CI), Result(Result), Configs(Configs), SourceRoot(SourceRoot) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    // An AST with errors would give wrong answers; the TU is reported as
    // failed by the caller instead.
    if (CI.getDiagnostics().hasErrorOccurred())
      return;
    SourceManager &SM = Ctx.getSourceManager();
    OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
    llvm::Expected<const Config *> Cfg =
        Configs.configFor(Main ? Main->getName() : "");
    if (!Cfg) {
      Result.CompilerOutput += "trailguard-check: error: " +
                               llvm::toString(Cfg.takeError()) + "\n";
      Result.Failed = true;
      return;
    }
    CheckOptions Opts;
    Opts.Facts = &Result.Facts;
    Opts.Cfg = withFlags(**Cfg);
    Opts.Cfg.InferSensitiveNames |= InferSensitiveNames;
    Opts.SuggestAnnotations = SuggestAnnotations;
    Opts.ReportUnusedSuppressions = ReportUnusedSuppressions;
    Opts.SourceRoot = SourceRoot.str();
    Opts.KeepSuppressed = true;
    std::vector<Finding> Findings;
    runChecks(Ctx, Opts, Findings);
    Result.Names = matchConfiguredNames(Ctx, **Cfg);
    for (const Finding &F : Findings) {
      Result.Findings.push_back(resolveFinding(SM, F));
      if (F.FixIts.empty() || !wantFixes())
        continue;
      std::vector<tooling::Replacement> Fixes;
      for (const FixItHint &Fix : F.FixIts) {
        tooling::Replacement R(SM, Fix.RemoveRange, Fix.CodeToInsert,
                               Ctx.getLangOpts());
        // A header found through a relative -I is named relative to the
        // compile's directory.
        llvm::SmallString<256> Path(R.getFilePath());
        SM.getFileManager().getVirtualFileSystem().makeAbsolute(Path);
        llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
        Fixes.emplace_back(Path, R.getOffset(), R.getLength(),
                           R.getReplacementText());
      }
      std::lock_guard<std::mutex> Lock(FixMutex);
      FixesOf.try_emplace(keyOf(Result.Findings.back()), std::move(Fixes));
    }
    Result.Facts.Findings = Result.Findings;
    Result.Facts.NameMatched = Result.Names.Matched;
    Result.Facts.NameNearest = Result.Names.Nearest;
    Result.Facts.NameDistance = Result.Names.Distance;
    if (WantInputs)
      Result.Facts.Inputs = filesRead(SM, (*Cfg)->Path);
    // A fingerprint needs only the findings of the file, so that text
    // output can leave out baselined findings and the repeats of a header
    // finding seen by several translation units.
    assignFingerprints(Result.Findings, SourceRoot);
    bool Colors = useColors();
    if (Format == OutputFormat::Text || WantInputs)
      for (const Finding &F : Findings) {
        std::string Text;
        llvm::raw_string_ostream OS(Text);
        printText({F}, SM, Ctx.getLangOpts(), OS, Colors);
        if (Format == OutputFormat::Text)
          Result.Text.push_back(OS.str());
        // A rerun that reuses the summary prints the same text.
        if (WantInputs && !Colors)
          Result.Facts.Text.push_back(std::move(OS.str()));
      }
    if (WantInputs && Colors)
      for (const Finding &F : Findings) {
        std::string Text;
        llvm::raw_string_ostream OS(Text);
        printText({F}, SM, Ctx.getLangOpts(), OS, false);
        Result.Facts.Text.push_back(std::move(OS.str()));
      }
  }

private:
  CompilerInstance &CI;
  TUResult &Result;
  ConfigLoader &Configs;
  llvm::StringRef SourceRoot;
};

class AnalysisAction : public ASTFrontendAction {
public:
  AnalysisAction(TUResult &Result, ConfigLoader &Configs,
                 llvm::StringRef SourceRoot)
      : Result(Result), Configs(Configs), SourceRoot(SourceRoot) {}

protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    // "N warnings generated." (and -v's output) with the unit's own
    // diagnostics, not straight to stderr among other units' output.
    VerboseOS = std::make_unique<llvm::raw_string_ostream>(
        Result.CompilerOutput);
    CI.setVerboseOutputStream(*VerboseOS);
    return std::make_unique<AnalysisConsumer>(CI, Result, Configs, SourceRoot);
  }

private:
  TUResult &Result;
  ConfigLoader &Configs;
  llvm::StringRef SourceRoot;
  std::unique_ptr<llvm::raw_string_ostream> VerboseOS;
};

class AnalysisActionFactory : public FrontendActionFactory {
public:
  AnalysisActionFactory(TUResult &Result, ConfigLoader &Configs,
                        llvm::StringRef SourceRoot)
      : Result(Result), Configs(Configs), SourceRoot(SourceRoot) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<AnalysisAction>(Result, Configs, SourceRoot);
  }

private:
  TUResult &Result;
  ConfigLoader &Configs;
  llvm::StringRef SourceRoot;
};

/// The directory given with -p (as "-p DIR", "-p=DIR" or "--p=DIR").
std::string buildDirArgument(int Argc, const char **Argv) {
  std::string Dir;
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef A = Argv[I];
    if (A == "--")
      break;
    if ((A == "-p" || A == "--p") && I + 1 < Argc)
      Dir = Argv[++I];
    else if (A.consume_front("-p=") || A.consume_front("--p="))
      Dir = A.str();
  }
  return Dir;
}

/// Why no compilation database can be loaded for -p \p BuildDir, as one
/// message with what to do; "" if one can. \p SearchParents as
/// CommonOptionsParser does for named files (the nearest one above counts).
std::string databaseProblem(llvm::StringRef BuildDir, bool SearchParents) {
  std::string Prefix =
      "cannot load a compilation database from '" + BuildDir.str() + "': ";
  if (!llvm::sys::fs::exists(BuildDir))
    return Prefix + "no such directory; pass the build directory that holds "
                    "compile_commands.json";
  if (!llvm::sys::fs::is_directory(BuildDir))
    return Prefix + "not a directory; pass the build directory that holds "
                    "compile_commands.json";
  // The search of the directories above would skip a malformed database
  // in -p's own and silently take another build's.
  llvm::SmallString<256> Json(BuildDir);
  llvm::sys::path::append(Json, "compile_commands.json");
  std::string Error;
  if (llvm::sys::fs::exists(Json)) {
    if (JSONCompilationDatabase::loadFromFile(Json, Error,
                                              JSONCommandLineSyntax::AutoDetect))
      return "";
    return Prefix + std::string(Json) + ": " +
           llvm::StringRef(Error).trim().rtrim('.').str() +
           "; regenerate it (CMake: -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)";
  }
  if (SearchParents
          ? CompilationDatabase::autoDetectFromDirectory(BuildDir, Error)
          : CompilationDatabase::loadFromDirectory(BuildDir, Error))
    return "";
  return Prefix + "no compile_commands.json there" +
         (SearchParents ? " or in any directory above it" : "") +
         "; configure the build with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "
         "(CMake), or pass the compiler flags after '--' instead of -p";
}

/// llvm::cl's complaint about the command line as one message of ours:
/// "prog: Unknown command line argument '--x'.  Try: 'prog --help'\nprog:
/// Did you mean '-o'?" -> "unknown command line argument '--x'; did you mean
/// '-o'?" (our caller names the tool and says where help is).
std::string usageMessage(llvm::StringRef Raw, llvm::StringRef Program) {
  std::string Out;
  llvm::SmallVector<llvm::StringRef, 4> Lines;
  Raw.split(Lines, '\n', -1, false);
  for (llvm::StringRef Line : Lines) {
    Line = Line.trim();
    if (!Program.empty())
      Line.consume_front((Program + ": ").str());
    Line = Line.split(".  Try:").first.trim().rtrim('.');
    if (Line.empty())
      continue;
    std::string Part = Line.str();
    if (Part.size() > 1 && llvm::isUpper(Part[0]) && !llvm::isUpper(Part[1]))
      Part[0] = llvm::toLower(Part[0]);
    Out += (Out.empty() ? "" : "; ") + Part;
  }
  return Out;
}

/// The options CommonOptionsParser registers only when it parses.
const char *const ParserOptions[] = {"p", "extra-arg", "extra-arg-before"};

/// The options a user may mean: ours, CommonOptionsParser's and --help's.
std::vector<std::string> visibleOptionNames() {
  std::vector<std::string> Names(std::begin(ParserOptions),
                                 std::end(ParserOptions));
  for (const auto &[Name, Opt] : llvm::cl::getRegisteredOptions())
    if (Opt->getOptionHiddenFlag() == llvm::cl::NotHidden ||
        llvm::is_contained(Opt->Categories, &Category))
      Names.push_back(Name.str());
  return Names;
}

/// "; did you mean '--x'?" for the unknown option \p Name (the value \p Rest
/// is kept), or "": the options it is a prefix of, else the nearest one.
std::string didYouMean(llvm::StringRef Name, llvm::StringRef Rest) {
  std::vector<std::string> Names = visibleOptionNames();
  llvm::sort(Names);
  std::vector<std::string> Near;
  for (const std::string &N : Names)
    if (llvm::StringRef(N).starts_with(Name))
      Near.push_back(N);
  if (Near.empty()) {
    unsigned Best = std::max<unsigned>(2, Name.size() / 3) + 1;
    for (const std::string &N : Names) {
      unsigned D = Name.edit_distance(N, true, Best);
      if (D < Best) {
        Best = D;
        Near = {N};
      }
    }
  }
  if (Near.empty() || Near.size() > 3)
    return "";
  auto Spell = [&](llvm::StringRef N) {
    return "'" + std::string(N.size() == 1 ? "-" : "--") + N.str() +
           Rest.str() + "'";
  };
  std::string Out = "; did you mean ";
  for (size_t I = 0; I < Near.size(); ++I)
    Out += (I == 0 ? "" : I + 1 == Near.size() ? " or " : ", ") +
           Spell(Near[I]);
  return Out + "?";
}

/// Checks each option before llvm::cl sees it, which would take an unknown
/// name that starts with a one-letter option's as that option ("--header-
/// filter" as -h, that is --help: exit 0 with nothing analyzed). Rewrites
/// -jN to -j=N, as make takes it. "" or the complaint.
std::string checkOptions(int Argc, const char **Argv,
                         std::vector<std::string> &Args) {
  compat::RegisteredOptions &Known = llvm::cl::getRegisteredOptions();
  Args.assign(Argv, Argv + Argc);
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef A = Argv[I];
    if (A == "--")
      break;
    if (A.size() < 2 || A[0] != '-')
      continue; // a source file, or "-"
    llvm::StringRef Name = A.drop_front(A.starts_with("--") ? 2 : 1);
    auto [Bare, Value] = Name.split('=');
    bool HasValue = Name.contains('=');
    if (Bare == "h" && !HasValue)
      continue; // --help's short name, registered as it parses
    if (llvm::is_contained(ParserOptions, Bare)) {
      I += !HasValue; // its value may start with '-'
      continue;
    }
    auto It = Known.find(Bare);
    if (It != Known.end()) {
      if (!HasValue &&
          It->second->getValueExpectedFlag() == llvm::cl::ValueRequired)
        ++I;
      continue;
    }
    if (!A.starts_with("--") && Bare.size() > 1 && Bare[0] == 'j' &&
        llvm::all_of(Bare.drop_front(), llvm::isDigit) && !HasValue) {
      Args[I] = "-j=" + Bare.drop_front().str();
      continue;
    }
    return "unknown command line argument '" + A.str() + "'" +
           didYouMean(Bare, HasValue ? "=" + Value.str() : "");
  }
  return "";
}

/// "I/N" with 1 <= I <= N.
std::optional<std::pair<unsigned, unsigned>> parseShard(llvm::StringRef S) {
  auto [I, N] = S.split('/');
  unsigned Index = 0, Count = 0;
  if (I.getAsInteger(10, Index) || N.getAsInteger(10, Count) || Count == 0 ||
      Index == 0 || Index > Count)
    return std::nullopt;
  return std::make_pair(Index, Count);
}

/// Where the summaries of this run are kept, "" for nowhere.
std::string SummaryPath;

/// The name of the summary of \p File compiled with \p Command: the file,
/// the command and everything else that changes the analysis but is not
/// a file the unit reads.
std::string summaryKey(const std::string &File, const CompileCommand &Command,
                       llvm::StringRef SourceRoot) {
  // The build, not only the version: a rebuilt checker of the same version
  // may analyze differently.
  std::string Key = std::string(SummaryFormat) + '\0' + TRAILGUARD_VERSION +
                    '\0' + analysisBuildId() + '\0' +
                    compat::clangVersionString() + '\0' + File +
                    '\0' + Command.Directory + '\0' + SourceRoot.str() +
                    '\0' + ConfigFile + '\0' + ChecksFlag + '\0' +
                    HeaderFilterFlag + '\0' + WarningsAsErrors + '\0' +
                    VfsOverlay + '\0' + contentHash(OverlayText) + '\0' +
                    (HeaderFilterFlag.getNumOccurrences() ? "h" : "") +
                    (InferSensitiveNames ? "i" : "") +
                    (SuggestAnnotations ? "s" : "") +
                    (ReportUnusedSuppressions ? "u" : "");
  for (const std::string &Arg : Command.CommandLine)
    Key += '\0' + Arg;
  return llvm::sys::path::filename(File).str() + "-" + contentHash(Key) +
         ".json";
}

/// Hashes of files already read in this run, shared by the threads.
std::mutex HashMutex;
llvm::StringMap<std::string> FileHashes;

/// The size, modification time and hash of files whose hash an earlier run
/// computed, kept in the summary directory: a warm run over a large
/// program would otherwise read every header of every unit again (TFS:
/// 2,187 files, 19 MB) only to learn that nothing changed. A file is
/// hashed again when its size or time differ (as make and ninja decide).
struct InputStamp {
  uint64_t Size = 0;
  int64_t MTimeNs = 0;
  std::string Hash;
};
llvm::StringMap<InputStamp> Stamps;
bool StampsChanged = false;
const char StampsFile[] = "input-stamps";
const char StampsHeader[] = "trailguard-input-stamps/1";

/// What the stamps file says, or nothing where it says anything unexpected:
/// it is a cache, and any line it cannot vouch for only costs a hash.
void loadStamps() {
  if (SummaryPath.empty())
    return;
  auto Buffer = llvm::MemoryBuffer::getFile(SummaryPath + "/" + StampsFile,
                                            /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return;
  llvm::StringRef Rest = (*Buffer)->getBuffer();
  auto [Header, Lines] = Rest.split('\n');
  if (Header != StampsHeader)
    return;
  while (!Lines.empty()) {
    llvm::StringRef Line;
    std::tie(Line, Lines) = Lines.split('\n');
    // SIZE MTIME HASH PATH; the path last, as it may hold spaces.
    llvm::SmallVector<llvm::StringRef, 4> Fields;
    Line.split(Fields, ' ', /*MaxSplit=*/3, /*KeepEmpty=*/true);
    InputStamp S;
    if (Fields.size() != 4 || Fields[0].getAsInteger(10, S.Size) ||
        Fields[1].getAsInteger(10, S.MTimeNs) || Fields[2].empty() ||
        Fields[2].size() > 16 ||
        !llvm::all_of(Fields[2], llvm::isHexDigit) || Fields[3].empty() ||
        !llvm::sys::path::is_absolute(Fields[3]))
      continue;
    S.Hash = Fields[2].str();
    Stamps[Fields[3]] = std::move(S);
  }
}

/// Writes the stamps back if this run learnt new ones, through a temporary
/// file (parallel runs sharing the directory: the last one wins).
void saveStamps() {
  if (SummaryPath.empty() || !StampsChanged)
    return;
  std::string Text = std::string(StampsHeader) + "\n";
  for (const auto &E : Stamps)
    if (E.getKey().find('\n') == llvm::StringRef::npos)
      Text += std::to_string(E.getValue().Size) + " " +
              std::to_string(E.getValue().MTimeNs) + " " + E.getValue().Hash +
              " " + E.getKey().str() + "\n";
  std::string Path = SummaryPath + "/" + StampsFile;
  if (llvm::Error E = llvm::writeToOutput(Path, [&](llvm::raw_ostream &OS) {
        OS << Text;
        return llvm::Error::success();
      }))
    llvm::consumeError(std::move(E)); // the next run hashes again
}

std::string currentHash(const std::string &Path) {
  {
    std::lock_guard<std::mutex> Lock(HashMutex);
    auto It = FileHashes.find(Path);
    if (It != FileHashes.end())
      return It->second;
  }
  llvm::sys::fs::file_status Status;
  bool Stat = !llvm::sys::fs::status(Path, Status) &&
              llvm::sys::fs::is_regular_file(Status);
  int64_t MTimeNs =
      Stat ? std::chrono::duration_cast<std::chrono::nanoseconds>(
                 Status.getLastModificationTime().time_since_epoch())
                 .count()
           : 0;
  if (Stat) {
    std::lock_guard<std::mutex> Lock(HashMutex);
    auto It = Stamps.find(Path);
    if (It != Stamps.end() && It->second.Size == Status.getSize() &&
        It->second.MTimeNs == MTimeNs)
      return FileHashes[Path] = It->second.Hash;
  }
  std::string Hash;
  if (auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                                /*RequiresNullTerminator=*/false))
    Hash = contentHash((*Buffer)->getBuffer());
  std::lock_guard<std::mutex> Lock(HashMutex);
  FileHashes[Path] = Hash;
  // A file changed within the last seconds may change again within the
  // same tick of its clock, its time unchanged: it is not stamped.
  auto Now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  if (Stat && !Hash.empty() && MTimeNs < Now - int64_t(2'000'000'000)) {
    Stamps[Path] = InputStamp{Status.getSize(), MTimeNs, Hash};
    StampsChanged = true;
  }
  return Hash;
}

/// Which of \p Cfg's names the unit of \p F declares, as its summary
/// recorded them.
NameMatches namesFrom(const TUFacts &F, const Config *Cfg) {
  NameMatches N;
  N.Cfg = Cfg;
  N.Matched = F.NameMatched;
  N.Nearest = F.NameNearest;
  N.Distance = F.NameDistance;
  return N;
}

/// The cached summary at \p Path if every file it was computed from is
/// unchanged.
std::optional<TUFacts> cachedSummary(const std::string &Path) {
  if (!llvm::sys::fs::exists(Path))
    return std::nullopt;
  llvm::Expected<TUFacts> F = readSummary(Path);
  if (!F) {
    llvm::consumeError(F.takeError()); // rewritten after the analysis
    return std::nullopt;
  }
  if (F->Failed)
    return std::nullopt;
  for (const auto &[File, Hash] : F->Inputs)
    if (currentHash(File) != Hash)
      return std::nullopt;
  return std::move(*F);
}

/// Analyzes \p File into \p R, or says in R why it cannot be.
void analyzeOne(const CompilationDatabase &Compilations,
                const std::string &File, const std::string &ResourceDir,
                ConfigLoader &Configs, llvm::StringRef SourceRoot,
                TUResult &R) {
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS = unitFileSystem();
  if (!FS->exists(File)) {
    R.CompilerOutput = "trailguard-check: error: cannot read '" +
                       File + "': no such file\n";
    R.Failed = true;
    return;
  }
  std::vector<CompileCommand> Commands =
      Compilations.getCompileCommands(File);
  if (Commands.empty()) {
    R.CompilerOutput =
        "trailguard-check: error: '" + File +
        "' has no entry in the compilation database; analyze only "
        "files of the build, or pass the compiler flags after '--'\n";
    R.Failed = true;
    return;
  }
  // A file the database does not list gets the flags of a similar
  // file: usually right, but worth knowing when findings look wrong.
  if (!Commands.front().Heuristic.empty())
    R.CompilerOutput = "trailguard-check: warning: '" + File +
                       "' is not in the compilation database; its "
                       "compiler flags are " +
                       Commands.front().Heuristic + "\n";
  std::string Cached;
  if (!SummaryPath.empty()) {
    Cached = SummaryPath + "/" +
             summaryKey(File, Commands.front(), SourceRoot);
    R.SummaryFile = Cached;
    if (std::optional<TUFacts> F = cachedSummary(Cached)) {
      R.Facts = std::move(*F);
      R.Findings = R.Facts.Findings;
      if (llvm::Expected<const Config *> Cfg = Configs.configFor(File)) {
        R.Names = namesFrom(R.Facts, *Cfg);
      } else {
        llvm::consumeError(Cfg.takeError());
      }
      assignFingerprints(R.Findings, SourceRoot);
      if (Format == OutputFormat::Text)
        R.Text = R.Facts.Text.size() == R.Findings.size()
                     ? R.Facts.Text
                     : std::vector<std::string>();
      for (size_t I = R.Text.size(); I < R.Findings.size(); ++I)
        R.Text.push_back(resolvedText(R.Findings[I]));
      return;
    }
  }
  // A physical file system of its own: ClangTool changes the working
  // directory to each compile command's, and the process-wide one is
  // shared by every thread.
  ClangTool Tool(Compilations, {File},
                 std::make_shared<PCHContainerOperations>(), FS);
  if (!ResourceDir.empty())
    Tool.appendArgumentsAdjuster(getInsertArgumentAdjuster(
        ("-resource-dir=" + ResourceDir).c_str(),
        ArgumentInsertPosition::BEGIN));
  // The compiler's diagnostics are kept with the translation unit so
  // that parallel runs print them in order, not interleaved.
  llvm::raw_string_ostream CompilerOS(R.CompilerOutput);
  compat::TextDiagnostics Printer(CompilerOS, false);
  Tool.setDiagnosticConsumer(&Printer.Printer);
  Tool.setPrintErrorMessage(false);
  AnalysisActionFactory Factory(R, Configs, SourceRoot);
  if (Tool.run(&Factory) != 0)
    R.Failed = true;
  CompilerOS.flush();
  R.Facts.File = File;
  R.Facts.Failed = R.Failed;
  if (R.Failed)
    R.Facts.Errors = R.CompilerOutput;
  if (!Cached.empty()) {
    if (std::string Problem = writeSummary(Cached, R.Facts); !Problem.empty())
      R.CompilerOutput += "trailguard-check: warning: " + Problem +
                          "; the next run analyzes this unit again\n";
    else if (!R.Failed)
      R.SpilledTo = Cached;
  }
}

/// Removes what earlier runs left in the summary directory for the units
/// this run analyzed: their summaries under another key (another compile
/// command, configuration or checker build). Kept, they would only grow
/// the directory, and --merge, which reads every summary there, would
/// have to choose between two of one unit. Only a file whose "file" member
/// names one of this run's units goes; a shard's directory shared with
/// other shards keeps theirs.
void pruneStaleSummaries(const std::vector<TUResult> &PerTU) {
  if (SummaryPath.empty())
    return;
  llvm::StringSet<> Current, Units, Prefixes;
  for (const TUResult &R : PerTU) {
    if (R.SummaryFile.empty() || R.Facts.File.empty())
      continue;
    Current.insert(llvm::sys::path::filename(R.SummaryFile));
    Units.insert(R.Facts.File);
    Prefixes.insert(llvm::sys::path::filename(R.Facts.File).str() + "-");
  }
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(SummaryPath, EC), End;
       It != End && !EC; It.increment(EC)) {
    llvm::StringRef Name = llvm::sys::path::filename(It->path());
    size_t Dash = Name.rfind('-');
    if (!Name.ends_with(".json") || Dash == llvm::StringRef::npos ||
        Current.contains(Name) || !Prefixes.contains(Name.take_front(Dash + 1)))
      continue;
    // Any format version: a summary an older checker wrote is as stale.
    auto Buffer = llvm::MemoryBuffer::getFile(It->path());
    if (!Buffer)
      continue;
    llvm::Expected<llvm::json::Value> J = llvm::json::parse((*Buffer)->getBuffer());
    if (!J) {
      llvm::consumeError(J.takeError());
      continue;
    }
    const llvm::json::Object *O = J->getAsObject();
    std::optional<llvm::StringRef> File = O ? O->getString("file") : std::nullopt;
    if (File && Units.contains(*File))
      llvm::sys::fs::remove(It->path());
  }
}

/// Analyzes each file in its own ClangTool, on \p NumJobs threads, showing
/// a progress line on a terminal.
std::vector<TUResult> analyzeAll(const CompilationDatabase &Compilations,
                                 const std::vector<std::string> &Files,
                                 const std::string &ResourceDir,
                                 ConfigLoader &Configs,
                                 llvm::StringRef SourceRoot,
                                 unsigned NumJobs, ProgramPruner *Pruner) {
  std::vector<TUResult> Results(Files.size());
  std::atomic<size_t> Next{0};
  std::mutex ProgressMutex;
  size_t Done = 0;
  bool Progress = !NoProgress && !Quiet && Files.size() > 1 && llvm::errs().is_displayed();
  auto Worker = [&] {
    while (true) {
      size_t I = Next++;
      if (I >= Files.size())
        return;
      TUResult &R = Results[I];
      analyzeOne(Compilations, Files[I], ResourceDir, Configs, SourceRoot, R);
      // Each unit's facts are cut down to what the whole program uses as
      // soon as they are known, and those of a unit parsed now wait in its
      // summary file: held whole, the facts of a large program would
      // outweigh the largest unit's AST. A shard's run (no Pruner) only
      // writes them.
      if (!R.Failed && Pruner)
        Pruner->add(R.Facts, I, /*Spilling=*/!R.SpilledTo.empty());
      if (!R.SpilledTo.empty())
        R.Facts.spill();
      if (Progress) {
        std::lock_guard<std::mutex> Lock(ProgressMutex);
        ++Done;
        llvm::errs() << "\r\033[K[" << Done << "/" << Files.size() << "] "
                     << llvm::sys::path::filename(Files[I]);
      }
    }
  };
  NumJobs = std::max(1u, std::min<unsigned>(NumJobs, Files.size()));
  std::vector<std::thread> Threads;
  for (unsigned T = 1; T < NumJobs; ++T)
    Threads.emplace_back(Worker);
  Worker();
  for (std::thread &T : Threads)
    T.join();
  if (Progress)
    llvm::errs() << "\r\033[K";
  return Results;
}

/// The closing sentence of a run in which the units of \p Failed (of
/// \p Total) could not be analyzed, naming them, at most MaxNamed.
std::string failedUnitsMessage(llvm::ArrayRef<std::string> Failed,
                               size_t Total) {
  const size_t MaxNamed = 5;
  std::string Names;
  for (size_t I = 0; I < Failed.size() && I < MaxNamed; ++I)
    Names += (I ? ", " : "") + Failed[I];
  if (Failed.size() > MaxNamed)
    Names += " and " + std::to_string(Failed.size() - MaxNamed) + " more";
  std::string Out = "some translation units could not be analyzed (" +
                    std::to_string(Failed.size()) + " of " +
                    std::to_string(Total) + ": " + Names +
                    "; see the errors above)";
  if (Total - Failed.size() == 1)
    Out += "; the other one was analyzed and its findings reported";
  else if (Failed.size() < Total)
    Out += "; the other " + std::to_string(Total - Failed.size()) +
           " were analyzed and their findings reported";
  return Out;
}

/// Flushes stdout; false, with a message, if writing failed (a full disk,
/// a closed pipe): exit code 1 would say "findings", and LLVM would abort
/// at exit over the unreported error.
bool flushStdout(llvm::StringRef What) {
  llvm::outs().flush();
  if (!llvm::outs().has_error())
    return true;
  llvm::errs() << "trailguard-check: error: cannot write " << What
               << " to standard output: " << llvm::outs().error().message()
               << "\n";
  llvm::outs().clear_error();
  return false;
}

ReportOptions reportOptions(const RunResults &R, bool Complete) {
  ReportOptions Opts;
  Opts.ToolVersion = TRAILGUARD_VERSION;
  Opts.SourceRoot = R.SourceRoot;
  Opts.AutomationId = AutomationId;
  Opts.ExecutionSuccessful = Complete;
  Opts.HelpUriBase = HelpUriBase;
  Opts.BuildRoot = BuildRootPath;
  Opts.Notifications = R.Failures;
  return Opts;
}

bool writeReport(const nlohmann::ordered_json &J, llvm::StringRef File) {
  if (llvm::Error E = writeJsonFile(J, File)) {
    llvm::errs() << "trailguard-check: error: " << llvm::toString(std::move(E))
                 << "\n";
    return false;
  }
  return true;
}

/// Writes the report of --format (not text) with the findings that count
/// (\p Reported); SARIF also keeps the baselined and the suppressed ones
/// (\p All), as the record of what was silenced; HTML lists \p Baselined.
bool writeStructured(const RunResults &R, bool Complete,
                     const std::vector<ResolvedFinding> &All,
                     const std::vector<ResolvedFinding> &Reported,
                     std::vector<ResolvedFinding> Baselined) {
  ReportOptions Opts = reportOptions(R, Complete);
  switch (Format) {
  case OutputFormat::Text:
    return true;
  case OutputFormat::Html: {
    HtmlReportInput In;
    In.Findings = Reported;
    In.Baselined = std::move(Baselined);
    // The findings NOLINT silenced, as SARIF keeps them (those only the
    // whole program decides are not kept: docs/checker.md).
    for (const ResolvedFinding &F : All)
      if (!F.Suppression.empty())
        In.Suppressed.push_back(F);
    In.SuppressedKnown = true;
    if (llvm::Error E = writeHtmlReport(In, Opts, OutputFile)) {
      llvm::errs() << "trailguard-check: error: "
                   << llvm::toString(std::move(E)) << "\n";
      return false;
    }
    return true;
  }
  case OutputFormat::Sarif:
    if (SarifActiveOnly)
      return writeReport(toSarif(Reported, Opts), OutputFile);
    if (!BaselineFile.empty())
      Opts.Known = &R.Known;
    return writeReport(toSarif(All, Opts), OutputFile);
  case OutputFormat::Json:
    return writeReport(toJson(Reported, Opts), OutputFile);
  case OutputFormat::CodeQuality:
    return writeReport(toCodeQuality(Reported, Opts), OutputFile);
  }
  return true;
}

/// Runs git with \p Args (no shell), its output in \p Out and \p Err;
/// git's exit code, or -1 if it could not be run (why in \p Err).
int runGit(llvm::ArrayRef<std::string> Args, std::string &Out,
           std::string &Err) {
  llvm::ErrorOr<std::string> Git = llvm::sys::findProgramByName("git");
  if (!Git) {
    Err = "git is not on PATH";
    return -1;
  }
  llvm::SmallString<128> OutFile, ErrFile;
  if (llvm::sys::fs::createTemporaryFile("trailguard-git", "out", OutFile) ||
      llvm::sys::fs::createTemporaryFile("trailguard-git", "err", ErrFile)) {
    Err = "cannot create a temporary file for git's output";
    return -1;
  }
  llvm::FileRemover RemoveOut(OutFile), RemoveErr(ErrFile);
  std::vector<llvm::StringRef> Argv = {*Git};
  for (const std::string &A : Args)
    Argv.push_back(A);
  std::optional<llvm::StringRef> Redirects[] = {
      llvm::StringRef(""), llvm::StringRef(OutFile), llvm::StringRef(ErrFile)};
  std::string Message;
  int Status = llvm::sys::ExecuteAndWait(*Git, Argv, std::nullopt, Redirects,
                                         0, 0, &Message);
  if (auto B = llvm::MemoryBuffer::getFile(OutFile))
    Out = (*B)->getBuffer().str();
  if (auto B = llvm::MemoryBuffer::getFile(ErrFile))
    Err = (*B)->getBuffer().trim().str();
  if (Status < 0)
    Err = Message;
  return Status;
}

/// The lines added or changed since the merge base of \p Ref and HEAD in
/// the git repository of the current directory, or what went wrong.
llvm::Expected<ChangedLines> changedLines(llvm::StringRef Ref) {
  auto Fail = [](const std::string &Message) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "--diff-base: " + Message);
  };
  auto FirstLine = [](llvm::StringRef S) {
    return S.trim().split('\n').first.trim().str();
  };
  std::string Out, Err;
  if (runGit({"rev-parse", "--show-toplevel"}, Out, Err) != 0)
    return Fail("the current directory is not in a git repository (" +
                FirstLine(Err) + ")");
  std::string Top = llvm::StringRef(Out).trim().str();
  llvm::SmallString<256> RealTop;
  if (!llvm::sys::fs::real_path(Top, RealTop))
    Top = std::string(RealTop);
  // A ref starting with '-' would be read as an option of git's.
  if (Ref.empty() || Ref.starts_with("-") ||
      runGit({"-C", Top, "rev-parse", "--verify", "--quiet",
              Ref.str() + "^{commit}"},
             Out, Err) != 0)
    return Fail("unknown revision '" + Ref.str() +
                "'; name a branch, tag or commit (in CI, fetch it first: "
                "a shallow clone may not have it)");
  if (runGit({"-C", Top, "merge-base", Ref.str(), "HEAD"}, Out, Err) != 0)
    return Fail("'" + Ref.str() + "' and HEAD have no common ancestor" +
                (Err.empty() ? "" : " (" + FirstLine(Err) + ")") +
                "; in a shallow clone, fetch more history");
  std::string Base = llvm::StringRef(Out).trim().str();
  // The working tree against the base: commits since, staged and unstaged
  // changes. Options a user's configuration could change are spelled out.
  if (runGit({"-C", Top, "-c", "core.quotePath=false", "diff", "--no-color",
              "--no-ext-diff", "--no-textconv", "--unified=0",
              "--src-prefix=a/", "--dst-prefix=b/", Base, "--"},
             Out, Err) != 0)
    return Fail("git diff failed (" + FirstLine(Err) + ")");
  ChangedLines Changed;
  auto Key = [&](llvm::StringRef Rel) {
    llvm::SmallString<256> Path(Top), Real;
    llvm::sys::path::append(Path, Rel);
    return llvm::sys::fs::real_path(Path, Real) ? std::string(Path)
                                                : std::string(Real);
  };
  std::vector<std::pair<unsigned, unsigned>> *Current = nullptr;
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  llvm::StringRef(Out).split(Lines, '\n');
  for (llvm::StringRef Line : Lines) {
    if (Line.consume_front("+++ ")) {
      Current = nullptr;
      // Git quotes a name with control characters; such files are left out.
      if (Line.consume_front("b/"))
        Current = &Changed.Ranges[Key(Line.rtrim('\r'))];
      continue;
    }
    if (!Current || !Line.consume_front("@@ "))
      continue;
    // "@@ -a,b +c,d @@": d lines from line c are new (none if d is 0).
    llvm::StringRef New = Line.split(' ').second.split(' ').first;
    if (!New.consume_front("+"))
      continue;
    auto [First, Count] = New.split(',');
    unsigned From = 0, N = 1;
    if (First.getAsInteger(10, From) ||
        (!Count.empty() && Count.getAsInteger(10, N)))
      continue;
    if (N > 0)
      Current->emplace_back(From, From + N - 1);
  }
  if (runGit({"-C", Top, "ls-files", "--others", "--exclude-standard", "-z"},
             Out, Err) != 0)
    return Fail("git ls-files failed (" + FirstLine(Err) + ")");
  llvm::SmallVector<llvm::StringRef, 0> Untracked;
  llvm::StringRef(Out).split(Untracked, '\0', -1, false);
  for (llvm::StringRef Rel : Untracked)
    Changed.New.insert(Key(Rel));
  return Changed;
}

/// --export-fixes and --fix over the reported \p Findings; false if a file
/// could not be written (said on stderr).
bool handleFixes(const std::vector<ResolvedFinding> &Findings) {
  // By file, each replacement once, in order.
  std::map<std::string, std::set<tooling::Replacement>> ByFile;
  for (const ResolvedFinding &F : Findings) {
    auto It = FixesOf.find(keyOf(F));
    if (It != FixesOf.end())
      for (const tooling::Replacement &R : It->second)
        ByFile[R.getFilePath().str()].insert(R);
  }
  if (!ExportFixes.empty()) {
    tooling::TranslationUnitReplacements TU;
    for (const auto &[File, Set] : ByFile)
      TU.Replacements.insert(TU.Replacements.end(), Set.begin(), Set.end());
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    llvm::yaml::Output YAML(OS);
    YAML << TU;
    std::error_code EC;
    llvm::raw_fd_ostream Out(ExportFixes, EC, llvm::sys::fs::OF_Text);
    if (!EC) {
      Out << OS.str();
      Out.close();
      EC = Out.error();
      Out.clear_error();
    }
    if (EC) {
      llvm::errs() << "trailguard-check: error: cannot write the fixes to '"
                   << ExportFixes << "': " << EC.message() << "\n";
      return false;
    }
  }
  if (!ApplyFixes)
    return true;
  unsigned Applied = 0;
  for (const auto &[File, Set] : ByFile) {
    tooling::Replacements Replaces;
    for (const tooling::Replacement &R : Set)
      if (llvm::Error E = Replaces.add(R)) {
        // Two findings that would edit the same place: the first wins.
        llvm::errs() << "trailguard-check: warning: a fix-it in '" << File
                     << "' conflicts with another and is not applied\n";
        llvm::consumeError(std::move(E));
      }
    auto Buffer = llvm::MemoryBuffer::getFile(File);
    llvm::Expected<std::string> Fixed =
        Buffer ? tooling::applyAllReplacements((*Buffer)->getBuffer(),
                                               Replaces)
               : llvm::Expected<std::string>(
                     llvm::errorCodeToError(Buffer.getError()));
    std::error_code EC;
    if (Fixed) {
      llvm::raw_fd_ostream Out(File, EC, llvm::sys::fs::OF_None);
      if (!EC) {
        Out << *Fixed;
        Out.close();
        EC = Out.error();
        Out.clear_error();
      }
    }
    if (!Fixed || EC) {
      llvm::errs() << "trailguard-check: error: cannot apply the fix-its to '"
                   << File << "': "
                   << (Fixed ? EC.message() : llvm::toString(Fixed.takeError()))
                   << "\n";
      return false;
    }
    Applied += Replaces.size();
  }
  if (!Quiet)
    llvm::errs() << "trailguard-check: applied " << Applied << " fix-it"
                 << (Applied == 1 ? "" : "s") << " to " << ByFile.size()
                 << " file" << (ByFile.size() == 1 ? "" : "s") << "\n";
  return true;
}

/// The source root and the baseline of the run; ExitClean, or the exit
/// status of a usage error it reported.
int setUpResults(RunResults &Results) {
  llvm::SmallString<256> CurrentDir;
  llvm::sys::fs::current_path(CurrentDir);
  Results.SourceRoot = sourceRootFor(SourceRoot, CurrentDir);
  if (!SourceRoot.empty() && !llvm::sys::fs::is_directory(Results.SourceRoot)) {
    llvm::errs() << "trailguard-check: error: --source-root: '" << SourceRoot
                 << "' is not a directory\n";
    return ExitError;
  }
  // GitHub rejects a log with a relative helpUri.
  llvm::StringRef Base = HelpUriBase;
  if (!(Base.starts_with("https://") || Base.starts_with("http://")) ||
      !Base.ends_with("/")) {
    llvm::errs() << "trailguard-check: error: --help-uri-base: '" << Base
                 << "' is not an absolute http(s) URL ending in '/'\n";
    return ExitError;
  }
  if (Format == OutputFormat::Html &&
      (OutputFile.empty() || OutputFile == "-")) {
    llvm::errs() << "trailguard-check: error: --format html writes a "
                    "directory: pass -o DIR\n";
    return ExitError;
  }
  if (!BaselineFile.empty()) {
    llvm::Expected<Baseline> Known = readBaseline(BaselineFile);
    if (!Known) {
      llvm::errs() << "trailguard-check: error: "
                   << llvm::toString(Known.takeError()) << "\n";
      return ExitError;
    }
    Results.Known = std::move(*Known);
  }
  if (DiffBase.getNumOccurrences()) {
    llvm::Expected<ChangedLines> Changed = changedLines(DiffBase);
    if (!Changed) {
      llvm::errs() << "trailguard-check: error: "
                   << llvm::toString(Changed.takeError()) << "\n";
      return ExitError;
    }
    Results.Diff = std::move(*Changed);
  }
  return ExitClean;
}

/// Reports on the program of \p PerTU (the units of files \p Files):
/// each unit's findings, then those the whole program decides; returns the
/// exit status.
int reportProgram(std::vector<TUResult> &PerTU,
                  const std::vector<std::string> &Files, RunResults &Results,
                  ProgramPruner &Pruner) {
  for (TUResult &R : PerTU) {
    if (R.SpilledTo.empty())
      continue;
    llvm::Expected<TUFacts> F = readSummary(R.SpilledTo);
    if (!F) {
      llvm::errs() << "trailguard-check: error: "
                   << llvm::toString(F.takeError())
                   << " (it changed during the run); run again\n";
      return ExitError;
    }
    Pruner.restore(R.Facts, std::move(*F));
  }
  // What the units decide together: calls into other units, and the
  // findings that waited on them, each with the unit it was found in.
  std::vector<TUFacts> Units;
  std::vector<size_t> UnitOf;
  for (size_t TU = 0; TU < PerTU.size(); ++TU)
    if (!PerTU[TU].Failed) {
      Units.push_back(std::move(PerTU[TU].Facts));
      UnitOf.push_back(TU);
    }
  std::vector<std::vector<ResolvedFinding>> Decided = mergeProgram(Units);
  for (size_t U = 0; U < Decided.size(); ++U) {
    TUResult &R = PerTU[UnitOf[U]];
    assignFingerprints(Decided[U], Results.SourceRoot);
    for (ResolvedFinding &F : Decided[U]) {
      if (Format == OutputFormat::Text)
        R.Text.push_back(resolvedText(F));
      R.Findings.push_back(std::move(F));
    }
    // Text in the order of places, whichever way a finding was decided.
    if (Format == OutputFormat::Text && R.Text.size() == R.Findings.size()) {
      std::vector<size_t> Order(R.Findings.size());
      for (size_t I = 0; I < Order.size(); ++I)
        Order[I] = I;
      std::stable_sort(Order.begin(), Order.end(), [&](size_t L, size_t Rt) {
        const ResolvedNote &A = R.Findings[L].Where, &B = R.Findings[Rt].Where;
        return std::tie(A.File, A.Line, A.Column) <
               std::tie(B.File, B.Line, B.Column);
      });
      std::vector<ResolvedFinding> Findings;
      std::vector<std::string> Text;
      for (size_t I : Order) {
        Findings.push_back(std::move(R.Findings[I]));
        Text.push_back(std::move(R.Text[I]));
      }
      R.Findings = std::move(Findings);
      R.Text = std::move(Text);
    }
  }
  // In the order the files were given: compiler diagnostics, then findings
  // not in the baseline and not already printed for another unit.
  // The key of sortAndDeduplicate, so that text and the structured reports
  // hold the same findings.
  std::set<std::tuple<std::string, unsigned, unsigned, std::string,
                      std::string>>
      Printed;
  std::vector<std::string> FailedFiles;
  for (size_t TU = 0; TU < PerTU.size(); ++TU) {
    TUResult &R = PerTU[TU];
    llvm::errs() << R.CompilerOutput;
    if (R.Failed) {
      ++Results.FailedTUs;
      std::string Rel = relativeToRoot(Files[TU], Results.SourceRoot);
      FailedFiles.push_back(Rel.empty() ? Files[TU] : Rel);
      // Where the compiler stopped, else the unit itself.
      ReportNotification N;
      N.Where = firstError(R.CompilerOutput);
      N.Message = "'" + FailedFiles.back() + "' could not be analyzed" +
                  (N.Where.Message.empty() ? std::string()
                                           : ": " + N.Where.Message);
      if (N.Where.File.empty()) {
        N.Where.File = Files[TU];
        N.Where.Line = 1;
        N.Where.Column = 0;
      }
      Results.Failures.push_back(std::move(N));
    }
    for (size_t I = 0; I < R.Text.size() && I < R.Findings.size(); ++I) {
      const ResolvedFinding &F = R.Findings[I];
      if (Results.reported(F) &&
          Printed
              .insert({F.Where.File, F.Where.Line, F.Where.Column, F.CheckId,
                       F.Where.Message})
              .second)
        llvm::outs() << R.Text[I];
    }
    for (ResolvedFinding &F : R.Findings)
      Results.Findings.push_back(std::move(F));
  }
  if (!flushStdout("the findings"))
    return ExitError;
  // Over the whole run: a name may be declared in one unit and not another.
  // A unit that failed may have declared it, so only a complete run warns
  // (--merge: only when every unit says what it declared; see runMerge).
  if (Results.FailedTUs == 0 && !PerTU.empty()) {
    std::vector<NameMatches> Names;
    for (TUResult &R : PerTU)
      Names.push_back(std::move(R.Names));
    warnUnmatchedNames(Names, llvm::errs());
  }
  int Status = 0;
  bool Complete = Status == 0 && Results.FailedTUs == 0;
  // Sorted and de-duplicated over all translation units; the baseline
  // written holds every finding, the reports only the new ones.
  prepareFindings(Results.Findings, Results.SourceRoot);
  if (!WriteBaselineFile.empty() &&
      !writeReport(toSarif(Results.Findings, reportOptions(Results, Complete)),
                   WriteBaselineFile))
    return ExitError;
  if (!BaselineFile.empty())
    markBaselined(Results.Findings, Results.Known);
  std::vector<ResolvedFinding> Baselined;
  if (Format == OutputFormat::Html)
    for (const ResolvedFinding &F : Results.Findings)
      if (F.Suppression.empty() && Results.Known.count(F.Fingerprint))
        Baselined.push_back(F);
  if (Results.Diff) {
    auto Unchanged = [&](const ResolvedFinding &F) {
      return !Results.Diff->contains(F.Where);
    };
    llvm::erase_if(Results.Findings, Unchanged);
    llvm::erase_if(Baselined, Unchanged);
  }
  std::vector<ResolvedFinding> All = Results.Findings;
  dropBaselined(Results.Findings, Results.Known);
  // What counts: neither baselined nor silenced by a NOLINT comment.
  llvm::erase_if(Results.Findings, [](const ResolvedFinding &F) {
    return !F.Suppression.empty();
  });
  if (!writeStructured(Results, Complete, All, Results.Findings,
                       std::move(Baselined)))
    return ExitError;
  if (wantFixes() && !handleFixes(Results.Findings))
    return ExitError;
  if (Status != 0 || Results.FailedTUs != 0) {
    llvm::errs() << "trailguard-check: error: "
                 << failedUnitsMessage(FailedFiles, Files.size()) << "\n";
    return ExitError;
  }
  // Suggestions (remarks) inform; only problems fail the run.
  bool Problems = llvm::any_of(Results.Findings, [](const ResolvedFinding &F) {
    return !F.Remark;
  });
  return Problems ? ExitFindings : ExitClean;
}

/// How the compile commands are made fit for Clang (GccCompat.h).
GccCompatOptions gccCompatOptions(const std::string &ResourceDir) {
  GccCompatOptions Opts;
  if (QueryDriver.getNumOccurrences() == 0)
    Opts.QueryDriverGlobs = {"g++*", "gcc*", "*-g++*", "*-gcc*", "c++", "cc"};
  for (const std::string &Glob : QueryDriver)
    if (!Glob.empty() && Glob != "none")
      Opts.QueryDriverGlobs.push_back(Glob);
  Opts.ResourceDir = ResourceDir;
  Opts.ShowCompilerWarnings = ShowCompilerWarnings;
  Opts.QueryTimeoutSeconds = std::max(1u, unsigned(QueryDriverTimeout));
  return Opts;
}

/// --merge: the whole program from the summaries of the --shard jobs.
int runMerge() {
  RunResults Results;
  if (int Status = setUpResults(Results); Status != ExitClean)
    return Status;
  std::vector<std::string> Paths;
  for (const std::string &Dir : MergeDirs) {
    if (!llvm::sys::fs::is_directory(Dir)) {
      llvm::errs() << "trailguard-check: error: --merge: '" << Dir
                   << "' is not a directory; pass the --summary-dir of each "
                      "shard\n";
      return ExitError;
    }
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
         It.increment(EC))
      if (llvm::sys::path::extension(It->path()) == ".json")
        Paths.push_back(It->path());
    if (EC) {
      llvm::errs() << "trailguard-check: error: --merge: cannot read '" << Dir
                   << "': " << EC.message() << "\n";
      return ExitError;
    }
  }
  llvm::sort(Paths);
  if (Paths.empty()) {
    llvm::errs() << "trailguard-check: error: --merge: no summaries in the "
                    "directories given; run the --shard jobs with "
                    "--summary-dir first\n";
    return ExitError;
  }
  std::vector<TUResult> PerTU;
  // Of each unit, the newest summary and its time: a shard may have run
  // twice, or an old directory be passed too (within one directory, the
  // run that writes a unit's summary removes its others).
  std::map<std::string, std::pair<size_t, llvm::sys::TimePoint<>>> ByFile;
  size_t PassedOver = 0;
  ConfigLoader Configs(ConfigFile);
  for (const std::string &Path : Paths) {
    llvm::Expected<TUFacts> F = readSummary(Path);
    if (!F) {
      llvm::errs() << "trailguard-check: error: --merge: "
                   << llvm::toString(F.takeError())
                   << "; remove it, or run its shard again\n";
      return ExitError;
    }
    llvm::sys::fs::file_status Status;
    llvm::sys::TimePoint<> Time;
    if (!llvm::sys::fs::status(Path, Status))
      Time = Status.getLastModificationTime();
    auto [It, New] = ByFile.try_emplace(F->File, PerTU.size(), Time);
    if (New) {
      PerTU.emplace_back();
    } else {
      ++PassedOver;
      // Equal times: the later file in sorted order counts.
      if (Time < It->second.second)
        continue;
      It->second.second = Time;
    }
    TUResult &R = PerTU[It->second.first];
    R = TUResult();
    R.Facts = std::move(*F);
    R.Failed = R.Facts.Failed;
    R.CompilerOutput = R.Facts.Errors;
    R.Findings = R.Facts.Findings;
    assignFingerprints(R.Findings, Results.SourceRoot);
    if (Format == OutputFormat::Text) {
      if (R.Facts.Text.size() == R.Findings.size())
        R.Text = R.Facts.Text;
      else
        for (const ResolvedFinding &Found : R.Findings)
          R.Text.push_back(resolvedText(Found));
    }
  }
  if (PassedOver > 0)
    llvm::errs() << "trailguard-check: note: --merge: passed over "
                 << PassedOver << " older summar"
                 << (PassedOver == 1 ? "y" : "ies")
                 << " of units summarized more than once (an earlier "
                    "compile command, configuration or checker build left "
                    "them, or a shard ran twice); each unit's newest counts\n";
  // In the order of the files, as an unsharded run reports them.
  std::sort(PerTU.begin(), PerTU.end(), [](const TUResult &L, const TUResult &R) {
    return L.Facts.File < R.Facts.File;
  });
  // The configured names each unit declared, under the configuration it
  // was checked with (the same file, unchanged since: it is among the
  // unit's inputs). Unless every unit says, no name is said to match
  // nothing: the one that does not might declare it.
  bool NamesKnown = true;
  for (TUResult &R : PerTU) {
    if (R.Failed)
      continue;
    llvm::Expected<const Config *> Cfg = Configs.configFor(R.Facts.File);
    if (!Cfg) {
      llvm::consumeError(Cfg.takeError());
      NamesKnown = false;
      break;
    }
    bool SameConfig =
        (*Cfg)->Path.empty() ||
        llvm::is_contained(R.Facts.Inputs,
                           std::make_pair((*Cfg)->Path, currentHash((*Cfg)->Path)));
    if (!SameConfig || R.Facts.NameMatched.size() != (*Cfg)->Names.size()) {
      NamesKnown = false;
      break;
    }
    R.Names = namesFrom(R.Facts, *Cfg);
  }
  if (!NamesKnown)
    for (TUResult &R : PerTU)
      R.Names = NameMatches();
  // Added once each unit is the one that counts and stays where it is.
  ProgramPruner Pruner;
  std::vector<std::string> Files;
  for (size_t I = 0; I < PerTU.size(); ++I) {
    if (!PerTU[I].Failed)
      Pruner.add(PerTU[I].Facts, I);
    Files.push_back(PerTU[I].Facts.File);
  }
  return reportProgram(PerTU, Files, Results, Pruner);
}

} // namespace

int runCheckTool(int Argc, const char **Argv) {
  llvm::cl::SetVersionPrinter(printVersion);
  llvm::cl::HideUnrelatedOptions(Category);

  std::vector<std::string> Args;
  if (std::string Problem = checkOptions(Argc, Argv, Args); !Problem.empty()) {
    llvm::errs() << "trailguard-check: error: " << Problem
                 << "\nrun 'trailguard-check --help' for usage\n";
    return ExitError;
  }
  std::vector<const char *> ArgPtrs;
  for (const std::string &A : Args)
    ArgPtrs.push_back(A.c_str());
  int ArgCount = ArgPtrs.size();

  // CommonOptionsParser falls back to no flags at all ("Running without
  // flags.") when -p names no usable database: every file would be
  // analyzed wrongly, or fail, and a typo in CI would pass.
  std::string BuildDir = buildDirArgument(Argc, Argv);
  if (!BuildDir.empty()) {
    std::string Problem = databaseProblem(BuildDir, /*SearchParents=*/true);
    if (!Problem.empty()) {
      llvm::errs() << "trailguard-check: error: " << Problem << "\n";
      return ExitError;
    }
  }

  auto Parser = CommonOptionsParser::create(ArgCount, ArgPtrs.data(), Category,
                                            llvm::cl::ZeroOrMore, Overview);
  if (!Parser) {
    // llvm::cl has printed problems with option values itself already.
    std::string Message =
        usageMessage(llvm::toString(Parser.takeError()),
                     llvm::sys::path::filename(Argv[0]));
    llvm::errs() << "trailguard-check: error: "
                 << (Message.empty() ? "invalid command line" : Message)
                 << "\nrun 'trailguard-check --help' for usage\n";
    return ExitError;
  }
  if (!BuildDir.empty()) {
    llvm::SmallString<256> Abs(BuildDir);
    llvm::sys::fs::make_absolute(Abs);
    llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    BuildRootPath = std::string(Abs);
  }
  if (std::string Problem = flagProblem(); !Problem.empty()) {
    llvm::errs() << "trailguard-check: error: " << Problem << "\n";
    return ExitError;
  }
  if (ListChecks || DumpConfig) {
    // As clang-tidy: the configuration of the first file, else of the
    // current directory's.
    std::vector<std::string> Named = Parser->getSourcePathList();
    ConfigLoader Configs(ConfigFile);
    llvm::SmallString<256> Here;
    llvm::sys::fs::current_path(Here);
    llvm::sys::path::append(Here, "-");
    llvm::Expected<const Config *> Cfg =
        Configs.configFor(Named.empty() ? std::string(Here) : Named.front());
    if (!Cfg) {
      llvm::errs() << "trailguard-check: error: "
                   << llvm::toString(Cfg.takeError()) << "\n";
      return ExitError;
    }
    Config Effective = withFlags(**Cfg);
    Effective.InferSensitiveNames |= InferSensitiveNames;
    if (DumpConfig) {
      printConfig(Effective, llvm::outs());
      return flushStdout("the configuration") ? ExitClean : ExitError;
    }
    llvm::outs() << "Enabled checks:\n";
    for (llvm::StringRef Id : selectableCheckIds())
      if (isCheckEnabled(Effective, Id))
        llvm::outs() << "    " << Id << "\n";
    return flushStdout("the checks") ? ExitClean : ExitError;
  }
  if (!MergeDirs.empty()) {
    if (!Parser->getSourcePathList().empty() || !BuildDir.empty()) {
      llvm::errs() << "trailguard-check: error: --merge analyzes no source: "
                      "give it the summary directories only, not files or "
                      "-p\n";
      return ExitError;
    }
    if (wantFixes()) {
      llvm::errs() << "trailguard-check: error: --fix and --export-fixes "
                      "need the sources analyzed: not with --merge\n";
      return ExitError;
    }
    if (!VfsOverlay.empty())
      llvm::errs() << "trailguard-check: warning: --vfs-overlay has no "
                      "effect with --merge\n";
    return runMerge();
  }
  // With -p and no files, every file of the compilation database (which
  // CommonOptionsParser does not load when no file is given).
  std::vector<std::string> Files = Parser->getSourcePathList();
  std::unique_ptr<CompilationDatabase> AllFilesDb;
  if (Files.empty()) {
    if (BuildDir.empty()) {
      llvm::errs() << "trailguard-check: error: no input files\n"
                      "run 'trailguard-check --help' for usage\n";
      return ExitError;
    }
    std::string Error;
    AllFilesDb = CompilationDatabase::loadFromDirectory(BuildDir, Error);
    if (!AllFilesDb) {
      std::string Problem = databaseProblem(BuildDir, /*SearchParents=*/false);
      llvm::errs() << "trailguard-check: error: "
                   << (Problem.empty() ? "cannot load a compilation database "
                                         "from '" + BuildDir + "': " + Error
                                       : Problem)
                   << "\n";
      return ExitError;
    }
    Files = AllFilesDb->getAllFiles();
    llvm::sort(Files); // the database's own order is a hash order
    if (Files.empty()) {
      llvm::errs() << "trailguard-check: error: the compilation database in '"
                   << BuildDir << "' lists no files\n";
      return ExitError;
    }
  }
  const CompilationDatabase &Compilations =
      AllFilesDb ? *AllFilesDb : Parser->getCompilations();
  if (!Shard.empty()) {
    std::optional<std::pair<unsigned, unsigned>> S = parseShard(Shard);
    if (!S) {
      llvm::errs() << "trailguard-check: error: --shard expects I/N with "
                      "1 <= I <= N, got '"
                   << Shard << "'\n";
      return ExitError;
    }
    // Shards are taken from the sorted list, so every job of a CI matrix
    // agrees on them whatever order the files were given in.
    llvm::sort(Files);
    Files.erase(std::unique(Files.begin(), Files.end()), Files.end());
    std::vector<std::string> Mine;
    for (size_t I = 0; I < Files.size(); ++I)
      if (I % S->second == S->first - 1)
        Mine.push_back(Files[I]);
    Files = std::move(Mine);
    // More shards than files: this one has nothing to do, but its report
    // is still written, as CI uploads it whatever it holds.
    if (Files.empty() && (SummaryDir.empty() || SummaryDir == "none")) {
      RunResults Results;
      if (int Status = setUpResults(Results); Status != ExitClean)
        return Status;
      std::vector<TUResult> None;
      ProgramPruner Pruner;
      return reportProgram(None, {}, Results, Pruner);
    }
  }
  if (wantFixes() && !Shard.empty() && !SummaryDir.empty() &&
      SummaryDir != "none") {
    llvm::errs() << "trailguard-check: error: --fix and --export-fixes need "
                    "the findings: not with --shard --summary-dir, which "
                    "only writes summaries\n";
    return ExitError;
  }
  if (Jobs == 0) {
    llvm::errs() << "trailguard-check: error: -j expects a positive number\n";
    return ExitError;
  }
  std::string ResourceDir = resourceDir(Argv[0]);
  // Relative to where we were started, whichever thread opens them.
  for (std::string &File : Files) {
    llvm::SmallString<256> Abs(File);
    llvm::sys::fs::make_absolute(Abs);
    llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    File = std::string(Abs);
  }

  if (!VfsOverlay.empty()) {
    auto Buffer = llvm::MemoryBuffer::getFile(VfsOverlay);
    if (Buffer)
      OverlayText = (*Buffer)->getBuffer().str();
    if (!Buffer || !unitFileSystem()) {
      llvm::errs() << "trailguard-check: error: --vfs-overlay: cannot read "
                      "'"
                   << VfsOverlay << "'"
                   << (Buffer ? ": not a valid overlay (see above)"
                              : ": " + Buffer.getError().message())
                   << "\n";
      return ExitError;
    }
  }

  // A bad --config is a usage error, reported before any work.
  ConfigLoader Configs(ConfigFile);
  if (!ConfigFile.empty())
    if (llvm::Expected<const Config *> Cfg = Configs.configFor(""); !Cfg) {
      llvm::errs() << "trailguard-check: error: "
                   << llvm::toString(Cfg.takeError()) << "\n";
      return ExitError;
    }

  RunResults Results;
  if (int Status = setUpResults(Results); Status != ExitClean)
    return Status;

  // Summaries are kept under the build directory unless told otherwise; a
  // summary does not keep fix-its.
  if (SummaryDir == "none" || wantFixes())
    SummaryPath.clear();
  else if (!SummaryDir.empty())
    SummaryPath = SummaryDir;
  else if (!BuildDir.empty())
    SummaryPath = BuildDir + "/.trailguard-summaries";
  if (!SummaryPath.empty()) {
    llvm::SmallString<256> Abs(SummaryPath);
    llvm::sys::fs::make_absolute(Abs);
    SummaryPath = std::string(Abs);
    if (std::error_code EC = llvm::sys::fs::create_directories(SummaryPath)) {
      llvm::errs() << "trailguard-check: error: cannot create the summary "
                      "directory '"
                   << SummaryPath << "': " << EC.message()
                   << "; pass --summary-dir DIR (or none)\n";
      return ExitError;
    }
    WantInputs = true;
  }

  GccCompatDatabase Adjusted(Compilations, gccCompatOptions(ResourceDir));
  // A shard of a CI matrix leaves its summaries for the --merge job, which
  // reports on the whole program.
  bool ShardOnly = !Shard.empty() && !SummaryDir.empty() && SummaryDir != "none";
  ProgramPruner Pruner;
  loadStamps();
  std::vector<TUResult> PerTU =
      analyzeAll(Adjusted, Files, ResourceDir, Configs, Results.SourceRoot,
                 Jobs, ShardOnly ? nullptr : &Pruner);
  saveStamps();
  pruneStaleSummaries(PerTU);
  Adjusted.printNotes(llvm::errs(), /*Notes=*/!Quiet);
  if (ShardOnly) {
    unsigned Failed = 0;
    for (const TUResult &R : PerTU) {
      llvm::errs() << R.CompilerOutput;
      Failed += R.Failed;
    }
    if (!Quiet)
      llvm::errs() << "trailguard-check: wrote the summaries of "
                 << PerTU.size() << " translation units to '" << SummaryDir
                 << "'; run 'trailguard-check --merge DIR...' over the "
                    "directories of all shards for the findings\n";
    // A report asked for is still written, valid and without results,
    // saying where the findings are, so that a CI step reading it does not
    // fail; the --merge job's report is the one to upload.
    if (Format != OutputFormat::Text) {
      ReportOptions Opts = reportOptions(Results, Failed == 0);
      ReportNotification N;
      N.Level = "note";
      N.Message = "this shard only wrote the summaries of its " +
                  std::to_string(PerTU.size()) +
                  " translation units; 'trailguard-check --merge' reports "
                  "the findings";
      Opts.Notifications.push_back(std::move(N));
      nlohmann::ordered_json J =
          Format == OutputFormat::Sarif  ? toSarif({}, Opts)
          : Format == OutputFormat::Json ? toJson({}, Opts)
                                         : toCodeQuality({}, Opts);
      if (!writeReport(J, OutputFile))
        return ExitError;
    }
    return Failed ? ExitError : ExitClean;
  }
  std::vector<std::string> Units;
  for (TUResult &R : PerTU)
    Units.push_back(R.Facts.File);
  return reportProgram(PerTU, Units, Results, Pruner);
}

} // namespace trailguard
