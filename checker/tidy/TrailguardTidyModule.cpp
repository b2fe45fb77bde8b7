//===--- TrailguardTidyModule.cpp - trailguard checks in clang-tidy -------===//
//
// A clang-tidy module, loaded with `clang-tidy --load`, that reports
// runChecks' findings as trailguard-* clang-tidy diagnostics.
//
//===----------------------------------------------------------------------===//

#include "CheckRegistry.h"
#include "Checks.h"
#include "Config.h"
#include "Finding.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"

#include <memory>
#include <mutex>
#include <optional>
#include <string>

using namespace clang;
using namespace clang::ast_matchers;

namespace trailguard {
namespace {

/// What runChecks found in one translation unit; every trailguard check of
/// the unit reads it, only the first one computes it.
struct TUResult {
  std::vector<Finding> Findings;
  /// The trailguard configuration could not be read; reported once.
  std::optional<std::string> ConfigError;
};

/// The results of the translation units being checked, keyed by their
/// ASTContext; an entry is dropped at the end of its unit, so a later unit
/// whose ASTContext reuses the address never sees it.
class ResultCache {
public:
  std::shared_ptr<TUResult>
  getOrCompute(const ASTContext *Ctx,
               llvm::function_ref<std::shared_ptr<TUResult>()> Compute) {
    std::lock_guard<std::mutex> Lock(M);
    std::shared_ptr<TUResult> &R = Results[Ctx];
    if (!R)
      R = Compute();
    return R;
  }
  void drop(const ASTContext *Ctx) {
    std::lock_guard<std::mutex> Lock(M);
    Results.erase(Ctx);
  }

private:
  std::mutex M;
  llvm::DenseMap<const ASTContext *, std::shared_ptr<TUResult>> Results;
};

ResultCache &resultCache() {
  static ResultCache Cache;
  return Cache;
}

/// One trailguard check: matches the translation unit once and reports the
/// findings of runChecks whose CheckId is its own name.
class TrailguardCheck : public tidy::ClangTidyCheck {
public:
  TrailguardCheck(StringRef Name, tidy::ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context), Name(Name.str()), Context(Context) {}

  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
  }

  void check(const MatchFinder::MatchResult &Result) override {
    ASTContext &Ctx = *Result.Context;
    SeenContext = &Ctx;
    std::shared_ptr<TUResult> R =
        resultCache().getOrCompute(&Ctx, [&] { return analyze(Ctx); });
    if (R->ConfigError) {
      // Once per unit, by the first enabled check in registry order.
      if (Name == firstEnabledCheck())
        diag("trailguard: " + *R->ConfigError, DiagnosticIDs::Error);
      return;
    }
    for (const Finding &F : R->Findings) {
      if (F.CheckId != Name)
        continue;
      auto Level = F.Level == Finding::Severity::Remark
                       ? DiagnosticIDs::Remark
                       : DiagnosticIDs::Warning;
      diag(F.Loc, "%0", Level) << F.Message << F.FixIts;
      for (const FindingNote &N : F.Notes)
        diag(N.Loc, "%0", DiagnosticIDs::Note) << N.Message;
    }
  }

  void onEndOfTranslationUnit() override {
    if (SeenContext)
      resultCache().drop(SeenContext);
    SeenContext = nullptr;
  }

private:
  llvm::StringRef firstEnabledCheck() const {
    for (llvm::StringRef Id : selectableCheckIds())
      if (Context->isCheckEnabled(Id))
        return Id;
    return "";
  }

  /// Runs every trailguard check clang-tidy enabled on the unit, with the
  /// configuration the command-line tool would use for its main file.
  std::shared_ptr<TUResult> analyze(ASTContext &Ctx) {
    auto R = std::make_shared<TUResult>();
    // Like trailguard-check: an AST with errors would give wrong answers,
    // and clang-tidy already reports the errors.
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return R;
    SourceManager &SM = Ctx.getSourceManager();
    OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
    StringRef MainFile = Main ? Main->getName() : getCurrentMainFile();

    ConfigLoader Configs;
    llvm::Expected<const Config *> Cfg = Configs.configFor(MainFile);
    if (!Cfg) {
      R->ConfigError = llvm::toString(Cfg.takeError());
      return R;
    }
    CheckOptions Opts;
    Opts.Cfg = **Cfg;
    // Checks clang-tidy's -checks turned off need not run at all.
    for (llvm::StringRef Id : selectableCheckIds())
      if (!Context->isCheckEnabled(Id))
        Opts.Cfg.Checks += (",-" + Id).str();
    // clang-tidy's own --header-filter chooses the headers whose diagnostics
    // show, as trailguard-check's source root does: with one, every
    // non-system header may report (narrowed by our header-filter); without
    // one, headers are left to our header-filter as before, and not analyzed
    // for findings clang-tidy would drop.
    const std::optional<std::string> &TidyFilter =
        Context->getOptions().HeaderFilterRegex;
    if (TidyFilter && !TidyFilter->empty())
      Opts.SourceRoot = "/";
    runChecks(Ctx, Opts, R->Findings);
    return R;
  }

  std::string Name;
  tidy::ClangTidyContext *Context;
  /// The unit being checked, whose shared result is dropped at its end.
  const ASTContext *SeenContext = nullptr;
};

class TrailguardModule : public tidy::ClangTidyModule {
public:
  void addCheckFactories(tidy::ClangTidyCheckFactories &Factories) override {
    for (llvm::StringRef Id : selectableCheckIds())
      Factories.registerCheckFactory(
          Id, [](StringRef Name, tidy::ClangTidyContext *Context) {
            return std::make_unique<TrailguardCheck>(Name, Context);
          });
  }
};

} // namespace
} // namespace trailguard

static clang::tidy::ClangTidyModuleRegistry::Add<trailguard::TrailguardModule>
    X("trailguard-module", "trailguard: sensitive data reaching logs and "
                           "audit messages built from runtime strings.");
