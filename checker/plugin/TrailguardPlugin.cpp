//===--- TrailguardPlugin.cpp - trailguard checks inside the compiler -----===//
//
// A clang plugin (-fplugin) that runs after the normal compile and reports
// runChecks' findings as compiler warnings, which -Werror makes errors.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "Config.h"
#include "ConfigNames.h"
#include "Finding.h"
#include "ProgramFacts.h"
#include "SourceText.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <memory>
#include <optional>
#include <string>

using namespace clang;

namespace trailguard {
namespace {

class TrailguardConsumer : public ASTConsumer {
public:
  TrailguardConsumer(CompilerInstance &CI, std::string ConfigFile,
                     bool FindingsAreErrors, std::string SummaryDir)
      : CI(CI), ConfigFile(std::move(ConfigFile)),
        FindingsAreErrors(FindingsAreErrors),
        SummaryDir(std::move(SummaryDir)) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    // As trailguard-check: an AST with errors would give wrong answers, and
    // the compile fails anyway.
    if (Diags.hasErrorOccurred())
      return;
    SourceManager &SM = Ctx.getSourceManager();

    OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
    ConfigLoader Configs(ConfigFile);
    llvm::Expected<const Config *> Cfg =
        Configs.configFor(Main ? Main->getName() : "");
    if (!Cfg) {
      unsigned ID =
          Diags.getCustomDiagID(DiagnosticsEngine::Error, "trailguard: %0");
      Diags.Report(ID) << llvm::toString(Cfg.takeError());
      return;
    }
    CheckOptions Opts;
    Opts.Cfg = **Cfg;
    TUFacts Facts;
    if (!SummaryDir.empty())
      Opts.Facts = &Facts;

    std::vector<Finding> Findings;
    runChecks(Ctx, Opts, Findings);
    if (!SummaryDir.empty()) {
      // Which configured names this unit declares: --merge warns of those
      // no unit of the program declares, as trailguard-check -p does.
      NameMatches Names = matchConfiguredNames(Ctx, **Cfg);
      Facts.NameMatched = std::move(Names.Matched);
      Facts.NameNearest = std::move(Names.Nearest);
      Facts.NameDistance = std::move(Names.Distance);
      writeFacts(SM, Facts, Findings, (*Cfg)->Path);
    }
    if (Findings.empty())
      return;

    // Clang's custom diagnostics belong to no warning group and are never
    // remapped: -Werror and -w would not touch a custom warning, and there
    // is no -Werror=<group> for it. So apply them here as Clang does (-w
    // wins over -Werror), after the plugin's own `werror` argument, which
    // makes only trailguard's findings errors.
    DiagnosticsEngine::Level Level = DiagnosticsEngine::Warning;
    if (FindingsAreErrors)
      Level = DiagnosticsEngine::Error;
    else if (Diags.getIgnoreAllWarnings())
      return;
    else if (Diags.getWarningsAsErrors())
      Level = DiagnosticsEngine::Error;
    unsigned WarnID = Diags.getCustomDiagID(Level, "%0");
    unsigned RemarkID = Diags.getCustomDiagID(DiagnosticsEngine::Remark, "%0");
    unsigned NoteID = Diags.getCustomDiagID(DiagnosticsEngine::Note, "%0");
    for (const Finding &F : Findings) {
      unsigned ID = F.Level == Finding::Severity::Remark ? RemarkID : WarnID;
      Diags.Report(F.Loc, ID)
          << (F.Message + " [" + F.CheckId + "]") << F.FixIts;
      for (const FindingNote &N : F.Notes)
        Diags.Report(N.Loc, NoteID) << N.Message;
    }
  }

private:
  /// The summary of this unit for `trailguard-check --merge`, as the
  /// command line's --summary-dir holds it. The compile still reports the
  /// findings this unit decides alone.
  void writeFacts(SourceManager &SM, TUFacts &Facts,
                  const std::vector<Finding> &Findings,
                  llvm::StringRef ConfigPath) {
    OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
    if (!Main)
      return;
    llvm::SmallString<256> File(Main->getName());
    SM.getFileManager().makeAbsolutePath(File);
    llvm::sys::path::remove_dots(File, /*remove_dot_dot=*/true);
    Facts.File = std::string(File);
    for (const Finding &F : Findings)
      Facts.Findings.push_back(resolveFinding(SM, F));
    Facts.Inputs = filesRead(SM, ConfigPath);
    // One file per compile: the source and the object it makes.
    std::string Name = llvm::sys::path::filename(File).str() + "-" +
                       contentHash(Facts.File + '\0' +
                                   CI.getFrontendOpts().OutputFile) +
                       ".json";
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    std::error_code EC = llvm::sys::fs::create_directories(SummaryDir);
    std::string Problem =
        EC ? "cannot create '" + SummaryDir + "': " + EC.message()
           : writeSummary(SummaryDir + "/" + Name, Facts);
    if (!Problem.empty())
      Diags.Report(Diags.getCustomDiagID(DiagnosticsEngine::Error,
                                         "trailguard: %0"))
          << Problem;
  }

  CompilerInstance &CI;
  std::string ConfigFile;
  bool FindingsAreErrors;
  std::string SummaryDir;
};

/// `-fplugin=libTrailguardPlugin.so`, with the optional arguments
/// `-Xclang -plugin-arg-trailguard -Xclang config=PATH` (the configuration
/// file, instead of the nearest .trailguard.yaml) and `... -Xclang werror`
/// (findings are errors), and `-fplugin-arg-trailguard-summary-dir=DIR`
/// (also leave the unit's summary in DIR, for `trailguard-check --merge`).
class TrailguardAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    return std::make_unique<TrailguardConsumer>(CI, ConfigFile,
                                                FindingsAreErrors, SummaryDir);
  }

  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    for (llvm::StringRef Arg : Args) {
      llvm::StringRef Value = Arg;
      if (Value.consume_front("config=") && !Value.empty()) {
        ConfigFile = Value.str();
        continue;
      }
      if (Value.consume_front("summary-dir=") && !Value.empty()) {
        llvm::SmallString<256> Dir(Value);
        llvm::sys::fs::make_absolute(Dir);
        SummaryDir = std::string(Dir);
        continue;
      }
      if (Arg == "werror") {
        FindingsAreErrors = true;
        continue;
      }
      DiagnosticsEngine &Diags = CI.getDiagnostics();
      unsigned ID = Diags.getCustomDiagID(
          DiagnosticsEngine::Error,
          "trailguard: unknown plugin argument '%0' (expected config=PATH, "
          "summary-dir=DIR or werror)");
      Diags.Report(ID) << Arg;
      return false;
    }
    return true;
  }

  ActionType getActionType() override { return AddAfterMainAction; }

private:
  std::string ConfigFile;
  std::string SummaryDir;
  bool FindingsAreErrors = false;
};

} // namespace
} // namespace trailguard

static clang::FrontendPluginRegistry::Add<trailguard::TrailguardAction>
    X("trailguard", "trailguard: sensitive data reaching logs and audit "
                    "messages built from runtime strings");
