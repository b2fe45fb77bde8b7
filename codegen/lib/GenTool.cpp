//===--- GenTool.cpp - the trailguard-gen command line --------------------===//
//
// Dispatches `trailguard-gen <command> ...` to the generators.
//
//===----------------------------------------------------------------------===//

#include "GenTool.h"
#include "CppEmitter.h"
#include "DocsEmitter.h"
#include "Schema.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

#ifndef TRAILGUARD_VERSION
#define TRAILGUARD_VERSION "unknown"
#endif

namespace trailguard {
namespace gen {
namespace {

struct Command {
  llvm::StringRef Name;
  llvm::StringRef Synopsis;
  llvm::StringRef Help;
};

const Command Commands[] = {
    {"cpp", "cpp SCHEMA -o events.hpp", "typed C++ event structs"},
    {"docs", "docs SCHEMA -o events.md", "Markdown catalog of the events"},
    {"jsonschema", "jsonschema SCHEMA -o events.schema.json",
     "JSON Schema of the encoded lines"},
    {"compat", "compat OLD NEW",
     "exit 1 with one line per breaking change from OLD to NEW"},
};

void printUsage(llvm::raw_ostream &OS) {
  OS << "trailguard-gen: audit event code, docs and checks from a YAML "
        "schema\n\nUSAGE:\n";
  for (const Command &C : Commands)
    OS << "  trailguard-gen " << C.Synopsis << "\n";
  OS << "\nCOMMANDS:\n";
  for (const Command &C : Commands)
    OS << "  " << llvm::left_justify(C.Name, 12) << C.Help << "\n";
  OS << "\nOPTIONS:\n"
        "  --help      print this help\n"
        "  --version   print the version\n"
        "\nExit codes: 0 success, 1 incompatible schemas (compat), 2 usage "
        "error or invalid schema.\n";
}

int usageError(const llvm::Twine &Message) {
  llvm::errs() << "trailguard-gen: error: " << Message
               << "\nrun 'trailguard-gen --help' for usage\n";
  return ExitError;
}

/// Writes \p Text to \p Path through a temporary file in the same
/// directory, so that a build never sees a half-written header.
int writeOutput(llvm::StringRef Path, llvm::StringRef Text) {
  if (Path.empty() || Path == "-") {
    llvm::outs() << Text;
    return ExitOk;
  }
  llvm::SmallString<256> Temp;
  int FD = -1;
  llvm::SmallString<256> Model(Path);
  Model += ".tmp-%%%%%%";
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, FD, Temp)) {
    llvm::errs() << "trailguard-gen: error: cannot write '" << Path
                 << "': " << EC.message() << "\n";
    return ExitError;
  }
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Text;
    OS.close();
    if (OS.has_error()) {
      llvm::sys::fs::remove(Temp);
      llvm::errs() << "trailguard-gen: error: cannot write '" << Path
                   << "': " << OS.error().message() << "\n";
      OS.clear_error();
      return ExitError;
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(Temp, Path)) {
    llvm::sys::fs::remove(Temp);
    llvm::errs() << "trailguard-gen: error: cannot write '" << Path
                 << "': " << EC.message() << "\n";
    return ExitError;
  }
  return ExitOk;
}

/// `cpp|docs SCHEMA [-o FILE]`: one generator over one schema.
int runGenerator(llvm::StringRef Command, llvm::ArrayRef<const char *> Args,
                 void (*Emit)(const Schema &, llvm::raw_ostream &)) {
  std::string Input, Output;
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    if (A == "-o") {
      if (I + 1 == Args.size())
        return usageError("option '-o' needs a FILE");
      Output = Args[++I];
    } else if (A.starts_with("-") && A != "-") {
      return usageError("unknown option '" + llvm::Twine(A) + "' for '" +
                        Command + "'");
    } else if (Input.empty()) {
      Input = A.str();
    } else {
      return usageError("'" + Command + "' takes one SCHEMA, got '" +
                        llvm::Twine(A) + "' too");
    }
  }
  if (Input.empty())
    return usageError("'" + Command + "' needs a SCHEMA file");
  llvm::Expected<Schema> S = readSchema(Input);
  if (!S) {
    llvm::errs() << "trailguard-gen: error: " << llvm::toString(S.takeError())
                 << "\n";
    return ExitError;
  }
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  Emit(*S, OS);
  return writeOutput(Output, OS.str());
}

} // namespace

int runGenTool(int Argc, const char **Argv) {
  llvm::ArrayRef<const char *> Args(Argv + 1, Argv + Argc);
  if (Args.empty())
    return usageError("no command given");
  llvm::StringRef First = Args.front();
  if (First == "--help" || First == "-h" || First == "help") {
    printUsage(llvm::outs());
    return ExitOk;
  }
  if (First == "--version") {
    llvm::outs() << "trailguard-gen " << TRAILGUARD_VERSION << "\n";
    return ExitOk;
  }
  if (First == "cpp")
    return runGenerator(First, Args.drop_front(), emitCpp);
  if (First == "docs")
    return runGenerator(First, Args.drop_front(), emitDocs);
  for (const Command &C : Commands)
    if (C.Name == First)
      return usageError("'" + llvm::Twine(First) + "' is not implemented in this version");
  if (First.starts_with("-"))
    return usageError("unknown option '" + llvm::Twine(First) + "'");
  return usageError("unknown command '" + llvm::Twine(First) + "'");
}

} // namespace gen
} // namespace trailguard
