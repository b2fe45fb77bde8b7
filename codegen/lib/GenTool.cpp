//===--- GenTool.cpp - the trailguard-gen command line --------------------===//
//
// Dispatches `trailguard-gen <command> ...` to the generators.
//
//===----------------------------------------------------------------------===//

#include "GenTool.h"
#include "SchemaCompat.h"
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
#include <system_error>
#include <unistd.h>
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
        "  -o FILE              write to FILE instead of stdout: a regular "
        "file\n"
        "                       is replaced atomically, a pipe or a device\n"
        "                       written to\n"
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
        "error, invalid schema or output that cannot be written.\n";
}

int usageError(const llvm::Twine &Message) {
  llvm::errs() << "trailguard-gen: error: " << Message
               << "\nrun 'trailguard-gen --help' for usage\n";
  return ExitError;
}

int cannotWrite(llvm::StringRef Path, const llvm::Twine &Reason) {
  llvm::errs() << "trailguard-gen: error: cannot write '" << escapedText(Path)
               << "': " << Reason << "\n";
  return ExitError;
}

/// Writes \p Text to \p FD and closes it; the first error, if any.
std::error_code writeAndClose(int FD, llvm::StringRef Text) {
  llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
  OS << Text;
  OS.close();
  std::error_code EC = OS.error();
  OS.clear_error();
  return EC;
}

/// Writes \p Text to the regular file \p Path through a temporary file in
/// the same directory, so that a build never sees a half-written header.
int replaceFile(llvm::StringRef Shown, llvm::StringRef Path,
                llvm::StringRef Text) {
  llvm::SmallString<256> Temp;
  int FD = -1;
  llvm::SmallString<256> Model(Path);
  Model += ".tmp-%%%%%%";
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, FD, Temp))
    return cannotWrite(Shown, EC.message());
  if (std::error_code EC = writeAndClose(FD, Text)) {
    llvm::sys::fs::remove(Temp);
    return cannotWrite(Shown, EC.message());
  }
  if (std::error_code EC = llvm::sys::fs::rename(Temp, Path)) {
    llvm::sys::fs::remove(Temp);
    return cannotWrite(Shown, EC.message());
  }
  return ExitOk;
}

/// Writes \p Text into what \p Path already is (a terminal, a pipe,
/// /dev/null, a file descriptor's /proc link), appending, never creating.
int writeThrough(llvm::StringRef Path, llvm::StringRef Text) {
  int FD = -1;
  if (std::error_code EC = llvm::sys::fs::openFileForWrite(
          Path, FD, llvm::sys::fs::CD_OpenExisting, llvm::sys::fs::OF_Append))
    return cannotWrite(Path, EC.message());
  if (std::error_code EC = writeAndClose(FD, Text))
    return cannotWrite(Path, EC.message());
  return ExitOk;
}

/// Whether \p Path is, or leads through symbolic links to, a /proc or
/// /dev/fd name of an open file (/dev/stdout is one): such a file belongs
/// to whoever opened it and is written, not replaced.
bool namesOpenFile(llvm::StringRef Path) {
  std::string Current = Path.str();
  for (int Hop = 0; Hop < 40; ++Hop) {
    llvm::StringRef C(Current);
    if (C.starts_with("/proc/") || C.starts_with("/dev/fd/"))
      return true;
    char Target[4096];
    ssize_t N = ::readlink(Current.c_str(), Target, sizeof(Target) - 1);
    if (N < 0)
      return false;
    llvm::SmallString<256> Next;
    llvm::StringRef T(Target, static_cast<size_t>(N));
    if (llvm::sys::path::is_absolute(T)) {
      Next = T;
    } else {
      Next = llvm::sys::path::parent_path(Current);
      llvm::sys::path::append(Next, T);
    }
    Current = Next.str().str();
  }
  return false;
}

llvm::StringRef fileKind(llvm::sys::fs::file_type T) {
  using llvm::sys::fs::file_type;
  switch (T) {
  case file_type::directory_file:
    return "a directory";
  case file_type::block_file:
    return "a block device";
  case file_type::socket_file:
    return "a socket";
  default:
    return "not a regular file";
  }
}

/// Writes \p Text where `-o` \p Path says: stdout for "" or "-"; a
/// regular file (or one a symbolic link leads to) is replaced atomically;
/// a character device, a pipe or an open file's /dev/stdout-like name is
/// written through and stays what it is; a directory, a block device, a
/// socket or a dangling link is refused.
int writeOutput(llvm::StringRef Path, llvm::StringRef Text) {
  namespace fs = llvm::sys::fs;
  if (Path.empty() || Path == "-") {
    llvm::outs() << Text;
    return ExitOk;
  }
  fs::file_status Link;
  if (std::error_code EC = fs::status(Path, Link, /*follow=*/false)) {
    if (EC != std::errc::no_such_file_or_directory)
      return cannotWrite(Path, EC.message());
    return replaceFile(Path, Path, Text);
  }
  if (fs::is_regular_file(Link))
    return replaceFile(Path, Path, Text);
  fs::file_status Target;
  if (std::error_code EC = fs::status(Path, Target, /*follow=*/true))
    return cannotWrite(Path, "it is a symbolic link to a file that cannot be "
                             "reached (" +
                                 EC.message() +
                                 "); create the file or fix the link");
  if (fs::is_regular_file(Target)) {
    if (namesOpenFile(Path))
      return writeThrough(Path, Text);
    // A symbolic link stays one: the file it names is replaced.
    llvm::SmallString<256> Real;
    if (std::error_code EC = fs::real_path(Path, Real))
      return cannotWrite(Path, EC.message());
    return replaceFile(Path, Real, Text);
  }
  if (Target.type() == fs::file_type::character_file ||
      Target.type() == fs::file_type::fifo_file)
    return writeThrough(Path, Text);
  return cannotWrite(Path, "it is " + fileKind(Target.type()) +
                               "; name a regular file, a character device or "
                               "a pipe");
}

/// Whether `-o` \p Output names the same file as the schema \p Input,
/// by file identity: links and other spellings included.
bool isSameFile(llvm::StringRef Input, llvm::StringRef Output) {
  llvm::sys::fs::file_status In, Out;
  if (Output.empty() || Output == "-" || llvm::sys::fs::status(Input, In) ||
      llvm::sys::fs::status(Output, Out))
    return false;
  return In.getUniqueID() == Out.getUniqueID();
}

/// What one generator run was asked for.
struct GenOptions {
  std::string Input;
  std::string Output;
  std::string Namespace;                 ///< cpp: overrides the schema's
  FieldTier MaxTier = FieldTier::sensitive; ///< jsonschema
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
      if (std::optional<Tier> T = parseTier(*V))
        Opts.MaxTier = *T;
      else {
        usageError("--max-tier: unknown tier '" + shownText(*V) +
                   "'; use unrestricted, restricted or sensitive");
        return false;
      }
    } else if (A.starts_with("-") && A != "-") {
      usageError("unknown option '" + shownText(A) + "' for '" + Command + "'");
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
  if (isSameFile(Opts.Input, Opts.Output))
    return cannotWrite(Opts.Output, "it is the schema '" +
                                        escapedText(Opts.Input) +
                                        "' itself; write the output elsewhere");
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
      return usageError("unknown option '" + shownText(A) + "' for 'compat'");
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
