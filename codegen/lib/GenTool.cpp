//===--- GenTool.cpp - the trailguard-gen command line --------------------===//
//
// Dispatches `trailguard-gen <command> ...` to the generators.
//
//===----------------------------------------------------------------------===//

#include "GenTool.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

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
  for (const Command &C : Commands)
    if (C.Name == First)
      return usageError("'" + llvm::Twine(First) + "' is not implemented in this version");
  if (First.starts_with("-"))
    return usageError("unknown option '" + llvm::Twine(First) + "'");
  return usageError("unknown command '" + llvm::Twine(First) + "'");
}

} // namespace gen
} // namespace trailguard
