//===--- TrailguardPlugin.cpp - trailguard checks inside the compiler -----===//
//
// A clang plugin (-fplugin) that runs after the normal compile and reports
// runChecks' findings as compiler warnings, which -Werror makes errors.
//
//===----------------------------------------------------------------------===//

#include "Checks.h"
#include "Config.h"
#include "Finding.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"

#include <memory>
#include <optional>
#include <string>

using namespace clang;

namespace trailguard {
namespace {

class TrailguardConsumer : public ASTConsumer {
public:
  TrailguardConsumer(CompilerInstance &CI, std::string ConfigFile,
                     bool FindingsAreErrors)
      : CI(CI), ConfigFile(std::move(ConfigFile)),
        FindingsAreErrors(FindingsAreErrors) {}

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

    std::vector<Finding> Findings;
    runChecks(Ctx, Opts, Findings);
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
  CompilerInstance &CI;
  std::string ConfigFile;
  bool FindingsAreErrors;
};

/// `-fplugin=libTrailguardPlugin.so`, with the optional arguments
/// `-Xclang -plugin-arg-trailguard -Xclang config=PATH` (the configuration
/// file, instead of the nearest .trailguard.yaml) and `... -Xclang werror`
/// (findings are errors).
class TrailguardAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    return std::make_unique<TrailguardConsumer>(CI, ConfigFile,
                                                FindingsAreErrors);
  }

  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    for (llvm::StringRef Arg : Args) {
      llvm::StringRef Value = Arg;
      if (Value.consume_front("config=") && !Value.empty()) {
        ConfigFile = Value.str();
        continue;
      }
      if (Arg == "werror") {
        FindingsAreErrors = true;
        continue;
      }
      DiagnosticsEngine &Diags = CI.getDiagnostics();
      unsigned ID = Diags.getCustomDiagID(
          DiagnosticsEngine::Error,
          "trailguard: unknown plugin argument '%0' (expected config=PATH "
          "or werror)");
      Diags.Report(ID) << Arg;
      return false;
    }
    return true;
  }

  ActionType getActionType() override { return AddAfterMainAction; }

private:
  std::string ConfigFile;
  bool FindingsAreErrors = false;
};

} // namespace
} // namespace trailguard

static clang::FrontendPluginRegistry::Add<trailguard::TrailguardAction>
    X("trailguard", "trailguard: sensitive data reaching logs and audit "
                    "messages built from runtime strings");
