//===--- GenTool.cpp - the trailguard-gen command line --------------------===//
//
// Dispatches `trailguard-gen <command> ...` to the generators.
//
//===----------------------------------------------------------------------===//

#include "GenTool.h"
#include "Ascii.h"
#include "SchemaCompat.h"
#include "CppEmitter.h"
#include "DocsEmitter.h"
#include "JsonSchemaEmitter.h"
#include "Schema.h"
#include "YamlDiagnostics.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <locale>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <sys/stat.h>
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
  std::string_view Name;
  std::string_view Synopsis;
  std::string_view Help;
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

std::error_code lastError() {
  return std::error_code(errno, std::generic_category());
}

/// Writes all of \p Text to \p FD, through short writes and interruptions;
/// the first error, if any.
std::error_code writeAll(int FD, std::string_view Text) {
  while (!Text.empty()) {
    ssize_t N = ::write(FD, Text.data(), Text.size());
    if (N < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
        continue;
      return lastError();
    }
    Text.remove_prefix(static_cast<size_t>(N));
  }
  return {};
}

/// Standard output is kept until the run ends, where finishOutput() writes
/// it and reports what fails; standard error is written at once, and only
/// whether that failed is kept (nowhere is left to say it).
struct Streams {
  std::string Out;
  bool ErrFailed = false;
} Std;

void out(std::string_view Text) { Std.Out += Text; }

void err(std::string_view Text) {
  if (writeAll(STDERR_FILENO, Text))
    Std.ErrFailed = true;
}

std::string usageText() {
  std::string OS = "trailguard-gen: audit event code, docs and checks from a "
                   "YAML schema\n\nUSAGE:\n";
  for (const Command &C : Commands)
    OS += fmt::format("  trailguard-gen {}\n", C.Synopsis);
  OS += "\nCOMMANDS:\n";
  for (const Command &C : Commands)
    OS += fmt::format("  {:<12}{}\n", C.Name, C.Help);
  OS += "\nOPTIONS:\n"
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
  return OS;
}

int usageError(std::string_view Message) {
  err(fmt::format("trailguard-gen: error: {}\nrun 'trailguard-gen --help' "
                  "for usage\n",
                  Message));
  return ExitError;
}

int cannotWrite(std::string_view Path, std::string_view Reason) {
  err(fmt::format("trailguard-gen: error: cannot write '{}': {}\n",
                  escapedText(Path), Reason));
  return ExitError;
}

/// Writes \p Text to \p FD and closes it; the first error, if any.
std::error_code writeAndClose(int FD, std::string_view Text) {
  std::error_code EC = writeAll(FD, Text);
  if (::close(FD) != 0 && !EC && errno != EINTR)
    EC = lastError();
  return EC;
}

/// Creates "\p Path.tmp-XXXXXX" (X a random hex digit) exclusively, with the
/// permissions a new output file gets (0666 less the umask).
std::error_code createTempFile(const std::string &Path, int &FD,
                               std::string &Temp) {
  static std::mt19937_64 Random{std::random_device{}()};
  for (int Try = 0; Try < 128; ++Try) {
    Temp = Path + ".tmp-";
    for (int I = 0; I < 6; ++I)
      Temp += "0123456789abcdef"[Random() & 15];
    FD = ::open(Temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (FD >= 0)
      return {};
    if (errno != EEXIST && errno != EINTR)
      return lastError();
  }
  return std::make_error_code(std::errc::file_exists);
}

/// Writes \p Text to the regular file \p Path through a temporary file in
/// the same directory, so that a build never sees a half-written header.
int replaceFile(std::string_view Shown, const std::string &Path,
                std::string_view Text) {
  std::string Temp;
  int FD = -1;
  if (std::error_code EC = createTempFile(Path, FD, Temp))
    return cannotWrite(Shown, EC.message());
  if (std::error_code EC = writeAndClose(FD, Text)) {
    ::unlink(Temp.c_str());
    return cannotWrite(Shown, EC.message());
  }
  if (::rename(Temp.c_str(), Path.c_str()) != 0) {
    std::error_code EC = lastError();
    ::unlink(Temp.c_str());
    return cannotWrite(Shown, EC.message());
  }
  return ExitOk;
}

/// Writes \p Text into what \p Path already is (a terminal, a pipe,
/// /dev/null, a file descriptor's /proc link), appending, never creating.
int writeThrough(const std::string &Path, std::string_view Text) {
  int FD = ::open(Path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (FD < 0)
    return cannotWrite(Path, lastError().message());
  if (std::error_code EC = writeAndClose(FD, Text))
    return cannotWrite(Path, EC.message());
  return ExitOk;
}

/// Whether \p Path is, or leads through symbolic links to, a /proc or
/// /dev/fd name of an open file (/dev/stdout is one): such a file belongs
/// to whoever opened it and is written, not replaced.
bool namesOpenFile(const std::string &Path) {
  std::string Current = Path;
  for (int Hop = 0; Hop < 40; ++Hop) {
    if (startsWith(Current, "/proc/") || startsWith(Current, "/dev/fd/"))
      return true;
    char Target[4096];
    ssize_t N = ::readlink(Current.c_str(), Target, sizeof(Target) - 1);
    if (N < 0)
      return false;
    std::string T(Target, static_cast<size_t>(N));
    if (startsWith(T, "/")) {
      Current = T;
    } else {
      // The parent as LLVM's sys::path::parent_path() had it: the text
      // before the last '/' (and the '/' of the root kept).
      size_t Slash = Current.find_last_of('/');
      std::string Parent;
      if (Slash != std::string::npos) {
        size_t End = Current.find_last_not_of('/', Slash);
        Parent = Current.substr(0, End == std::string::npos ? 1 : End + 1);
      }
      Current = Parent.empty() ? T
                : Parent.back() == '/' ? Parent + T
                                       : Parent + "/" + T;
    }
  }
  return false;
}

std::string_view fileKind(mode_t Mode) {
  if (S_ISDIR(Mode))
    return "a directory";
  if (S_ISBLK(Mode))
    return "a block device";
  if (S_ISSOCK(Mode))
    return "a socket";
  return "not a regular file";
}

/// Writes \p Text where `-o` \p Path says: stdout for "" or "-"; a
/// regular file (or one a symbolic link leads to) is replaced atomically;
/// a character device, a pipe or an open file's /dev/stdout-like name is
/// written through and stays what it is; a directory, a block device, a
/// socket or a dangling link is refused.
int writeOutput(const std::string &Path, std::string_view Text) {
  if (Path.empty() || Path == "-") {
    out(Text);
    return ExitOk;
  }
  struct stat Link;
  if (::lstat(Path.c_str(), &Link) != 0) {
    if (errno != ENOENT)
      return cannotWrite(Path, lastError().message());
    return replaceFile(Path, Path, Text);
  }
  if (S_ISREG(Link.st_mode))
    return replaceFile(Path, Path, Text);
  struct stat Target;
  if (::stat(Path.c_str(), &Target) != 0)
    return cannotWrite(Path, "it is a symbolic link to a file that cannot be "
                             "reached (" +
                                 lastError().message() +
                                 "); create the file or fix the link");
  if (S_ISREG(Target.st_mode)) {
    if (namesOpenFile(Path))
      return writeThrough(Path, Text);
    // A symbolic link stays one: the file it names is replaced.
    char *Real = ::realpath(Path.c_str(), nullptr);
    if (!Real)
      return cannotWrite(Path, lastError().message());
    std::string RealPath(Real);
    ::free(Real);
    return replaceFile(Path, RealPath, Text);
  }
  if (S_ISCHR(Target.st_mode) || S_ISFIFO(Target.st_mode))
    return writeThrough(Path, Text);
  return cannotWrite(Path, "it is " + std::string(fileKind(Target.st_mode)) +
                               "; name a regular file, a character device or "
                               "a pipe");
}

/// Whether `-o` \p Output names the same file as the schema \p Input,
/// by file identity: links and other spellings included.
bool isSameFile(const std::string &Input, const std::string &Output) {
  struct stat In, Out;
  if (Output.empty() || Output == "-" || ::stat(Input.c_str(), &In) != 0 ||
      ::stat(Output.c_str(), &Out) != 0)
    return false;
  return In.st_dev == Out.st_dev && In.st_ino == Out.st_ino;
}

/// What one generator run was asked for.
struct GenOptions {
  std::string Input;
  std::string Output;
  std::string Namespace;                 ///< cpp: overrides the schema's
  FieldTier MaxTier = FieldTier::sensitive; ///< jsonschema
};

using Arguments = std::vector<std::string_view>;

/// Parses `SCHEMA [-o FILE] [command options]`; returns false after a usage
/// error was printed.
bool parseGenArgs(std::string_view Command, const Arguments &Args,
                  GenOptions &Opts) {
  auto Value = [&](size_t &I, std::string_view Option,
                   std::string_view What) -> std::optional<std::string_view> {
    if (I + 1 == Args.size()) {
      usageError(fmt::format("option '{}' needs {}", Option, What));
      return std::nullopt;
    }
    return Args[++I];
  };
  for (size_t I = 0; I < Args.size(); ++I) {
    std::string_view A = Args[I];
    if (A == "-o") {
      std::optional<std::string_view> V = Value(I, A, "a FILE");
      if (!V)
        return false;
      Opts.Output = std::string(*V);
    } else if (A == "--namespace" && Command == "cpp") {
      std::optional<std::string_view> V = Value(I, A, "a C++ namespace");
      if (!V)
        return false;
      std::string Problem = namespaceProblem(*V);
      if (!Problem.empty()) {
        usageError("--namespace: " + Problem);
        return false;
      }
      Opts.Namespace = std::string(*V);
    } else if (A == "--max-tier" && Command == "jsonschema") {
      std::optional<std::string_view> V = Value(I, A, "a tier");
      if (!V)
        return false;
      if (std::optional<Tier> T = parseTier(*V))
        Opts.MaxTier = *T;
      else {
        usageError("--max-tier: unknown tier '" + shownText(*V) +
                   "'; use unrestricted, restricted or sensitive");
        return false;
      }
    } else if (startsWith(A, "-") && A != "-") {
      usageError(fmt::format("unknown option '{}' for '{}'", shownText(A),
                             Command));
      return false;
    } else if (Opts.Input.empty()) {
      Opts.Input = std::string(A);
    } else {
      usageError(fmt::format("'{}' takes one SCHEMA, got '{}' too", Command,
                             shownText(A)));
      return false;
    }
  }
  if (Opts.Input.empty()) {
    usageError(fmt::format("'{}' needs a SCHEMA file", Command));
    return false;
  }
  return true;
}

int reportSchemaError(std::string_view Message) {
  err(fmt::format("trailguard-gen: error: {}\n", Message));
  return ExitError;
}

/// `cpp|docs|jsonschema SCHEMA [-o FILE] [options]`: one generator over one
/// schema.
int runGenerator(std::string_view Command, const Arguments &Args) {
  GenOptions Opts;
  if (!parseGenArgs(Command, Args, Opts))
    return ExitError;
  if (isSameFile(Opts.Input, Opts.Output))
    return cannotWrite(Opts.Output, "it is the schema '" +
                                        escapedText(Opts.Input) +
                                        "' itself; write the output elsewhere");
  std::string Error;
  std::optional<Schema> S = readSchema(Opts.Input, Error);
  if (!S)
    return reportSchemaError(Error);
  std::ostringstream OS;
  // Numbers in the output never take a separator from the user's locale.
  OS.imbue(std::locale::classic());
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
int runCompat(const Arguments &Args) {
  std::vector<std::string> Paths;
  CompatOptions Opts;
  for (std::string_view A : Args) {
    if (A == "--allow-major-bumps")
      Opts.AllowMajorBumps = true;
    else if (startsWith(A, "-") && A != "-")
      return usageError("unknown option '" + shownText(A) + "' for 'compat'");
    else
      Paths.push_back(std::string(A));
  }
  if (Paths.size() != 2)
    return usageError("'compat' takes two schemas, OLD and NEW");
  std::string Error;
  std::optional<Schema> Old = readSchema(Paths[0], Error);
  if (!Old)
    return reportSchemaError(Error);
  std::optional<Schema> New = readSchema(Paths[1], Error);
  if (!New)
    return reportSchemaError(Error);
  std::vector<Incompatibility> Found = checkCompat(*Old, *New, Opts);
  unsigned Covered = 0;
  for (const Incompatibility &I : Found) {
    out(formatIncompatibility(I) + "\n");
    Covered += I.CoveredByBump;
  }
  if (Covered)
    err(fmt::format("trailguard-gen: note: {} of {} breaking changes come "
                    "with a major version bump; pass --allow-major-bumps to "
                    "accept those\n",
                    Covered, Found.size()));
  return Found.empty() ? ExitOk : ExitIncompatible;
}

/// Output fails late (a full disk, a closed pipe), and compat's exit 1
/// means "breaking": a failed write to either stream is exit 2 instead.
int finishOutput(int Code) {
  std::error_code EC = writeAll(STDOUT_FILENO, Std.Out);
  Std.Out.clear();
  if (EC) {
    err("trailguard-gen: error: cannot write to standard output: " +
        EC.message() + "\n");
    Code = ExitError;
  }
  if (Std.ErrFailed) {
    // Nowhere left to say it; the exit code does.
    Std.ErrFailed = false;
    Code = ExitError;
  }
  return Code;
}

int runCommand(int Argc, const char **Argv) {
  Arguments Args;
  if (Argc > 1)
    Args.assign(Argv + 1, Argv + Argc);
  if (Args.empty())
    return usageError("no command given");
  std::string_view First = Args.front();
  Arguments Rest(Args.begin() + 1, Args.end());
  if (First == "--help" || First == "-h" || First == "help") {
    out(usageText());
    return ExitOk;
  }
  if (First == "--version") {
    out("trailguard-gen " TRAILGUARD_VERSION "\n");
    return ExitOk;
  }
  if (First == "cpp" || First == "docs" || First == "jsonschema")
    return runGenerator(First, Rest);
  if (First == "compat")
    return runCompat(Rest);
  if (startsWith(First, "-"))
    return usageError("unknown option '" + shownText(First) + "'");
  return usageError("unknown command '" + shownText(First) + "'");
}

} // namespace

int runGenTool(int Argc, const char **Argv) {
  return finishOutput(runCommand(Argc, Argv));
}

} // namespace gen
} // namespace trailguard
