//===--- CheckTool.cpp - the trailguard-check command line ----------------===//
//
// Parses the command line, builds the compilation database and runs the
// analysis over each translation unit.
//
//===----------------------------------------------------------------------===//

#include "CheckTool.h"
#include "Compat.h"
#include "Finding.h"
#include "Checks.h"
#include "TierLeakCheck.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <memory>

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

enum class OutputFormat { Text, Sarif, Json };

llvm::cl::opt<OutputFormat> Format(
    "format", llvm::cl::desc("Output format"), llvm::cl::init(OutputFormat::Text),
    llvm::cl::values(
        clEnumValN(OutputFormat::Text, "text", "clang-style text (default)"),
        clEnumValN(OutputFormat::Sarif, "sarif", "SARIF 2.1.0"),
        clEnumValN(OutputFormat::Json, "json", "JSON")),
    llvm::cl::cat(Category));

llvm::cl::opt<std::string>
    OutputFile("o", llvm::cl::desc("Write SARIF/JSON output to <file>"),
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

const char *const Overview =
    "trailguard-check: finds sensitive data reaching application logs and\n"
    "audit messages built from runtime strings.\n"
    "\n"
    "  trailguard-check FILE... -- COMPILER_ARGS\n"
    "  trailguard-check -p BUILD_DIR [FILE...]\n"
    "\n"
    "Exit codes: 0 no findings, 1 findings, 2 usage error or a translation\n"
    "unit that could not be analyzed.\n";

void printVersion(llvm::raw_ostream &OS) {
  OS << "trailguard-check " << TRAILGUARD_VERSION << " (built with Clang "
     << compat::clangVersionString() << ")\n";
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

/// A finding resolved to file/line/column, outliving its translation unit.
struct ResolvedNote {
  std::string File;
  unsigned Line = 0, Column = 0;
  std::string Message;
};
struct ResolvedFinding {
  std::string CheckId;
  ResolvedNote Where;
  std::vector<ResolvedNote> Notes;
};

struct RunResults {
  std::vector<ResolvedFinding> Findings;
  unsigned FailedTUs = 0;
};

/// The configuration in effect for each source file, each file read once.
class ConfigCache {
public:
  /// The configuration for \p MainFile, or an error naming the file, line
  /// and column of the problem.
  llvm::Expected<const Config *> configFor(llvm::StringRef MainFile) {
    std::string Path = ConfigFile;
    if (Path.empty())
      if (std::optional<std::string> Found = findConfigFor(MainFile))
        Path = *Found;
    auto It = Loaded.find(Path);
    if (It != Loaded.end())
      return &It->second;
    Config C;
    if (!Path.empty()) {
      llvm::Expected<Config> Read = loadConfig(Path);
      if (!Read)
        return Read.takeError();
      C = std::move(*Read);
    }
    return &Loaded.emplace(Path, std::move(C)).first->second;
  }

private:
  std::map<std::string, Config> Loaded;
};

ResolvedNote resolve(const SourceManager &SM, SourceLocation Loc,
                     std::string Message) {
  ResolvedNote N;
  N.Message = std::move(Message);
  if (Loc.isInvalid())
    return N;
  PresumedLoc P = SM.getPresumedLoc(Loc);
  if (P.isInvalid())
    return N;
  N.File = P.getFilename();
  N.Line = P.getLine();
  N.Column = P.getColumn();
  return N;
}

/// Prints findings like clang diagnostics, with source lines and carets.
void printText(const std::vector<Finding> &Findings, SourceManager &SM,
               const LangOptions &LangOpts) {
  compat::TextDiagnostics Diags(llvm::outs(), llvm::outs().has_colors());
  Diags.Engine.setSourceManager(&SM);
  Diags.Printer.BeginSourceFile(LangOpts, nullptr);
  unsigned WarnID = Diags.customID(DiagnosticsEngine::Warning);
  unsigned NoteID = Diags.customID(DiagnosticsEngine::Note);
  for (const Finding &F : Findings) {
    Diags.Engine.Report(F.Loc, WarnID)
        << (F.Message + " [" + F.CheckId + "]");
    for (const FindingNote &N : F.Notes)
      Diags.Engine.Report(N.Loc, NoteID) << N.Message;
  }
  Diags.Printer.EndSourceFile();
  llvm::outs().flush();
}

class AnalysisConsumer : public ASTConsumer {
public:
  AnalysisConsumer(CompilerInstance &CI, RunResults &Results,
                   ConfigCache &Configs)
      : CI(CI), Results(Results), Configs(Configs) {}

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
      llvm::errs() << "trailguard-check: error: "
                   << llvm::toString(Cfg.takeError()) << "\n";
      ++Results.FailedTUs;
      return;
    }
    CheckOptions Opts;
    Opts.Cfg = **Cfg;
    Opts.InferSensitiveNames = InferSensitiveNames || Opts.Cfg.InferSensitiveNames;
    Opts.SuggestAnnotations = SuggestAnnotations;
    std::vector<Finding> Findings;
    runChecks(Ctx, Opts, Findings);
    if (Format == OutputFormat::Text)
      printText(Findings, SM, Ctx.getLangOpts());
    for (const Finding &F : Findings) {
      ResolvedFinding R;
      R.CheckId = F.CheckId;
      R.Where = resolve(SM, F.Loc, F.Message);
      for (const FindingNote &N : F.Notes)
        R.Notes.push_back(resolve(SM, N.Loc, N.Message));
      Results.Findings.push_back(std::move(R));
    }
  }

private:
  CompilerInstance &CI;
  RunResults &Results;
  ConfigCache &Configs;
};

class AnalysisAction : public ASTFrontendAction {
public:
  AnalysisAction(RunResults &Results, ConfigCache &Configs)
      : Results(Results), Configs(Configs) {}

protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    return std::make_unique<AnalysisConsumer>(CI, Results, Configs);
  }

private:
  RunResults &Results;
  ConfigCache &Configs;
};

class AnalysisActionFactory : public FrontendActionFactory {
public:
  AnalysisActionFactory(RunResults &Results, ConfigCache &Configs)
      : Results(Results), Configs(Configs) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<AnalysisAction>(Results, Configs);
  }

private:
  RunResults &Results;
  ConfigCache &Configs;
};

nlohmann::json noteJson(const ResolvedNote &N) {
  return {{"file", N.File},
          {"line", N.Line},
          {"column", N.Column},
          {"message", N.Message}};
}

nlohmann::json toJson(const RunResults &R) {
  nlohmann::json Findings = nlohmann::json::array();
  for (const ResolvedFinding &F : R.Findings) {
    nlohmann::json J = noteJson(F.Where);
    J["check"] = F.CheckId;
    J["notes"] = nlohmann::json::array();
    for (const ResolvedNote &N : F.Notes)
      J["notes"].push_back(noteJson(N));
    Findings.push_back(std::move(J));
  }
  return {{"version", 1}, {"findings", std::move(Findings)}};
}

nlohmann::json toSarif(const RunResults &R) {
  nlohmann::json Results = nlohmann::json::array();
  for (const ResolvedFinding &F : R.Findings) {
    nlohmann::json Region = {{"startLine", F.Where.Line},
                             {"startColumn", F.Where.Column}};
    Results.push_back(
        {{"ruleId", F.CheckId},
         {"level", "warning"},
         {"message", {{"text", F.Where.Message}}},
         {"locations",
          {{{"physicalLocation",
             {{"artifactLocation", {{"uri", F.Where.File}}},
              {"region", Region}}}}}}});
  }
  nlohmann::json Rules = nlohmann::json::array(
      {{{"id", TierLeakCheckId},
        {"shortDescription",
         {{"text", "sensitive or restricted data reaches a place of lower "
                   "tier"}}}}});
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs",
           {{{"tool",
              {{"driver",
                {{"name", "trailguard-check"},
                 {"version", TRAILGUARD_VERSION},
                 {"informationUri", "https://github.com/trailguard/trailguard"},
                 {"rules", Rules}}}}},
             {"results", Results}}}}};
}

bool writeStructured(const RunResults &R) {
  if (Format == OutputFormat::Text)
    return true;
  nlohmann::json J = Format == OutputFormat::Sarif ? toSarif(R) : toJson(R);
  std::string Text = J.dump(2) + "\n";
  if (OutputFile.empty() || OutputFile == "-") {
    llvm::outs() << Text;
    return true;
  }
  std::ofstream OS(OutputFile);
  OS << Text;
  OS.close();
  if (!OS) {
    llvm::errs() << "trailguard-check: error: cannot write '" << OutputFile
                 << "'\n";
    return false;
  }
  return true;
}

} // namespace

int runCheckTool(int Argc, const char **Argv) {
  llvm::cl::SetVersionPrinter(printVersion);
  llvm::cl::HideUnrelatedOptions(Category);

  auto Parser = CommonOptionsParser::create(Argc, Argv, Category,
                                            llvm::cl::ZeroOrMore, Overview);
  if (!Parser) {
    // llvm::cl has usually printed the specific problem already.
    std::string Message = llvm::toString(Parser.takeError());
    llvm::errs() << "trailguard-check: error: "
                 << (Message.empty() ? "invalid command line" : Message)
                 << "\nrun 'trailguard-check --help' for usage\n";
    return ExitError;
  }
  if (Parser->getSourcePathList().empty()) {
    llvm::errs() << "trailguard-check: error: no input files\n"
                    "run 'trailguard-check --help' for usage\n";
    return ExitError;
  }

  ClangTool Tool(Parser->getCompilations(), Parser->getSourcePathList());
  std::string ResourceDir = resourceDir(Argv[0]);
  if (!ResourceDir.empty())
    Tool.appendArgumentsAdjuster(getInsertArgumentAdjuster(
        ("-resource-dir=" + ResourceDir).c_str(),
        ArgumentInsertPosition::BEGIN));

  // A bad --config is a usage error, reported before any work.
  ConfigCache Configs;
  if (!ConfigFile.empty())
    if (llvm::Expected<const Config *> Cfg = Configs.configFor(""); !Cfg) {
      llvm::errs() << "trailguard-check: error: "
                   << llvm::toString(Cfg.takeError()) << "\n";
      return ExitError;
    }

  RunResults Results;
  AnalysisActionFactory Factory(Results, Configs);
  int Status = Tool.run(&Factory);
  if (!writeStructured(Results))
    return ExitError;
  if (Status != 0 || Results.FailedTUs != 0) {
    llvm::errs() << "trailguard-check: error: some translation units could "
                    "not be analyzed (see the compiler errors above); the "
                    "others were\n";
    return ExitError;
  }
  return Results.Findings.empty() ? ExitClean : ExitFindings;
}

} // namespace trailguard
