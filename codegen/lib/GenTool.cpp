//===--- GenTool.cpp - the trailguard-gen command line --------------------===//
//
// Dispatches `trailguard-gen <command> ...` to the generators.
//
//===----------------------------------------------------------------------===//

#include "GenTool.h"
#include "Compat.h"
#include "CppEmitter.h"
#include "DocsEmitter.h"
#include "JsonSchemaEmitter.h"
#include "Schema.h"
#include "YamlDiagnostics.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>
#include <vector>

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
    {"cpp", "cpp SCHEMA -o events.hpp [--namespace NS]",
     "typed C++ event structs"},
    {"docs", "docs SCHEMA -o events.md", "Markdown catalog of the events"},
    {"jsonschema",
     "jsonschema SCHEMA -o events.schema.json [--max-tier TIER]",
     "JSON Schema of the encoded lines"},
    {"compat", "compat OLD NEW [--allow-major-bumps]",
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
        "  -o FILE              write to FILE (atomically) instead of stdout\n"
        "  --namespace NS       cpp: put the events in C++ namespace NS\n"
        "  --max-tier TIER      jsonschema: lines of a sink that keeps fields\n"
        "                       up to TIER; fields above it must be redacted\n"
        "                       (default sensitive: the full trail)\n"
        "  --allow-major-bumps  compat: accept breaking changes to an event\n"
        "                       whose major version went up (and removed\n"
        "                       events when the schema's major went up)\n"
        "  --help               print this help\n"
        "  --version            print the version\n"
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

/// What one generator run was asked for.
struct GenOptions {
  std::string Input;
  std::string Output;
  std::string Namespace;                 ///< cpp: overrides the schema's
  FieldTier MaxTier = FieldTier::Sensitive; ///< jsonschema
};

/// Parses `SCHEMA [-o FILE] [command options]`; returns false after a usage
/// error was printed.
bool parseGenArgs(llvm::StringRef Command, llvm::ArrayRef<const char *> Args,
                  GenOptions &Opts) {
  auto Value = [&](size_t &I, llvm::StringRef Option,
                   llvm::StringRef What) -> std::optional<llvm::StringRef> {
    if (I + 1 == Args.size()) {
      usageError("option '" + Option + "' needs " + What);
      return std::nullopt;
    }
    return llvm::StringRef(Args[++I]);
  };
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    if (A == "-o") {
      std::optional<llvm::StringRef> V = Value(I, A, "a FILE");
      if (!V)
        return false;
      Opts.Output = V->str();
    } else if (A == "--namespace" && Command == "cpp") {
      std::optional<llvm::StringRef> V = Value(I, A, "a C++ namespace");
      if (!V)
        return false;
      std::string Problem = namespaceProblem(*V);
      if (!Problem.empty()) {
        usageError("--namespace: " + Problem);
        return false;
      }
      Opts.Namespace = V->str();
    } else if (A == "--max-tier" && Command == "jsonschema") {
      std::optional<llvm::StringRef> V = Value(I, A, "a tier");
      if (!V)
        return false;
      if (*V == "unrestricted")
        Opts.MaxTier = FieldTier::Unrestricted;
      else if (*V == "restricted")
        Opts.MaxTier = FieldTier::Restricted;
      else if (*V == "sensitive")
        Opts.MaxTier = FieldTier::Sensitive;
      else {
        usageError("--max-tier: unknown tier '" + shownText(*V) +
                   "'; use unrestricted, restricted or sensitive");
        return false;
      }
    } else if (A.starts_with("-") && A != "-") {
      usageError("unknown option '" + shownText(A) + "' for '" + Command +
                 "'");
      return false;
    } else if (Opts.Input.empty()) {
      Opts.Input = A.str();
    } else {
      usageError("'" + Command + "' takes one SCHEMA, got '" + shownText(A) +
                 "' too");
      return false;
    }
  }
  if (Opts.Input.empty()) {
    usageError("'" + Command + "' needs a SCHEMA file");
    return false;
  }
  return true;
}

int reportSchemaError(llvm::Error E) {
  llvm::errs() << "trailguard-gen: error: " << llvm::toString(std::move(E))
               << "\n";
  return ExitError;
}

/// `cpp|docs|jsonschema SCHEMA [-o FILE] [options]`: one generator over one
/// schema.
int runGenerator(llvm::StringRef Command, llvm::ArrayRef<const char *> Args) {
  GenOptions Opts;
  if (!parseGenArgs(Command, Args, Opts))
    return ExitError;
  llvm::Expected<Schema> S = readSchema(Opts.Input);
  if (!S)
    return reportSchemaError(S.takeError());
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  if (Command == "cpp") {
    if (!Opts.Namespace.empty())
      S->Namespace = Opts.Namespace;
    emitCpp(*S, OS);
  } else if (Command == "docs") {
    emitDocs(*S, OS);
  } else {
    emitJsonSchema(*S, Opts.MaxTier, OS);
  }
  return writeOutput(Opts.Output, OS.str());
}

/// `compat OLD NEW [--allow-major-bumps]`.
int runCompat(llvm::ArrayRef<const char *> Args) {
  std::vector<std::string> Paths;
  CompatOptions Opts;
  for (llvm::StringRef A : Args) {
    if (A == "--allow-major-bumps")
      Opts.AllowMajorBumps = true;
    else if (A.starts_with("-") && A != "-")
      return usageError("unknown option '" + shownText(A) +
                        "' for 'compat'");
    else
      Paths.push_back(A.str());
  }
  if (Paths.size() != 2)
    return usageError("'compat' takes two schemas, OLD and NEW");
  llvm::Expected<Schema> Old = readSchema(Paths[0]);
  if (!Old)
    return reportSchemaError(Old.takeError());
  llvm::Expected<Schema> New = readSchema(Paths[1]);
  if (!New)
    return reportSchemaError(New.takeError());
  std::vector<Incompatibility> Found = checkCompat(*Old, *New, Opts);
  unsigned Covered = 0;
  for (const Incompatibility &I : Found) {
    llvm::outs() << formatIncompatibility(I) << "\n";
    Covered += I.CoveredByBump;
  }
  if (Covered)
    llvm::errs() << "trailguard-gen: note: " << Covered << " of "
                 << Found.size()
                 << " breaking changes come with a major version bump; pass "
                    "--allow-major-bumps to accept those\n";
  return Found.empty() ? ExitOk : ExitIncompatible;
}

/// Output fails late (a full disk, a closed pipe) and LLVM's streams would
/// then abort at exit with status 1, which compat means for "breaking":
/// check both and exit 2 instead.
int finishOutput(int Code) {
  llvm::outs().flush();
  if (llvm::outs().has_error()) {
    std::error_code EC = llvm::outs().error();
    llvm::outs().clear_error();
    llvm::errs() << "trailguard-gen: error: cannot write to standard output: "
                 << EC.message() << "\n";
    Code = ExitError;
  }
  if (llvm::errs().has_error()) {
    // Nowhere left to say it; the exit code does.
    llvm::errs().clear_error();
    Code = ExitError;
  }
  return Code;
}

int runCommand(int Argc, const char **Argv) {
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
  if (First == "cpp" || First == "docs" || First == "jsonschema")
    return runGenerator(First, Args.drop_front());
  if (First == "compat")
    return runCompat(Args.drop_front());
  if (First.starts_with("-"))
    return usageError("unknown option '" + shownText(First) + "'");
  return usageError("unknown command '" + shownText(First) + "'");
}

} // namespace

int runGenTool(int Argc, const char **Argv) {
  return finishOutput(runCommand(Argc, Argv));
}

} // namespace gen
} // namespace trailguard
