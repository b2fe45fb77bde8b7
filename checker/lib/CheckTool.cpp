//===--- CheckTool.cpp - the trailguard-check command line ----------------===//
//
// Parses the command line, builds the compilation database and runs the
// analysis over each translation unit.
//
//===----------------------------------------------------------------------===//

#include "CheckTool.h"
#include "Compat.h"

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

class AnalysisConsumer : public ASTConsumer {};

class AnalysisAction : public ASTFrontendAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 llvm::StringRef) override {
    return std::make_unique<AnalysisConsumer>();
  }
};

} // namespace

int runCheckTool(int Argc, const char **Argv) {
  llvm::cl::SetVersionPrinter(printVersion);
  llvm::cl::HideUnrelatedOptions(Category);

  auto Parser = CommonOptionsParser::create(Argc, Argv, Category,
                                            llvm::cl::ZeroOrMore, Overview);
  if (!Parser) {
    llvm::errs() << "trailguard-check: error: "
                 << llvm::toString(Parser.takeError())
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

  int Status = Tool.run(newFrontendActionFactory<AnalysisAction>().get());
  if (Status != 0) {
    llvm::errs() << "trailguard-check: error: some translation units could "
                    "not be analyzed (see the compiler errors above)\n";
    return ExitError;
  }
  return ExitClean;
}

} // namespace trailguard
