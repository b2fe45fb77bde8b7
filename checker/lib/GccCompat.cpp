//===--- GccCompat.cpp - compile commands written for GCC, for Clang ------===//
//
// Adjusts the compile commands of a project built with GCC so that Clang
// accepts them and finds the same system headers.
//
//===----------------------------------------------------------------------===//

#include "GccCompat.h"
#include "Compat.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticIDs.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Driver/Compilation.h"
#include "clang/Driver/Driver.h"
#include "clang/Driver/Job.h"
#include "clang/Driver/Types.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Option/Arg.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <chrono>
#include <thread>

#ifndef _WIN32
#include <signal.h>
extern char **environ;
#endif

using namespace clang;
using namespace clang::tooling;

namespace trailguard {

namespace {

/// Bounds on what a driver may print: its real -v output is a few KiB.
constexpr size_t MaxOutputBytes = 1 << 20;
constexpr size_t MaxIncludeDirs = 512;
constexpr size_t MaxPathLength = 4096;
constexpr size_t MaxTargetLength = 128;

bool hasControlCharacters(llvm::StringRef S) {
  return llvm::any_of(S, [](char C) {
    return static_cast<unsigned char>(C) < 0x20 || C == 0x7f;
  });
}

/// A triple Clang can parse for: "x86_64-linux-gnu", not a sentence.
bool plausibleTarget(llvm::StringRef T) {
  if (T.empty() || T.size() > MaxTargetLength)
    return false;
  if (!llvm::all_of(T, [](char C) {
        return llvm::isAlnum(C) || C == '-' || C == '_' || C == '.';
      }))
    return false;
  return llvm::Triple(T).getArch() != llvm::Triple::UnknownArch;
}

} // namespace

std::optional<DriverInfo> parseDriverOutput(llvm::StringRef Output,
                                            std::string &Error) {
  if (Output.size() > MaxOutputBytes) {
    Error = "it printed more than 1 MiB";
    return std::nullopt;
  }
  DriverInfo Info;
  bool SeenTarget = false;
  enum { Before, InList, After } State = Before;
  while (!Output.empty()) {
    llvm::StringRef Line;
    std::tie(Line, Output) = Output.split('\n');
    llvm::StringRef Text = Line.trim();
    switch (State) {
    case Before:
    case After:
      if (State == Before && Text == "#include <...> search starts here:") {
        State = InList;
      } else if (!SeenTarget && Text.consume_front("Target: ")) {
        // Only the first: later lines may come from a tool it ran.
        SeenTarget = true;
        if (plausibleTarget(Text.trim()))
          Info.Target = Text.trim().str();
      }
      break;
    case InList: {
      if (Text == "End of search list.") {
        State = After;
        break;
      }
      if (Text.empty())
        continue;
      bool Framework = Text.consume_back(" (framework directory)");
      if (Text.size() > MaxPathLength || hasControlCharacters(Text) ||
          !llvm::sys::path::is_absolute(Text)) {
        Error = "its include search list has a line that is not an "
                "absolute directory";
        return std::nullopt;
      }
      std::vector<std::string> &Dirs =
          Framework ? Info.Frameworks : Info.SystemIncludes;
      if (Info.SystemIncludes.size() + Info.Frameworks.size() >=
          MaxIncludeDirs) {
        Error = "its include search list is longer than " +
                std::to_string(MaxIncludeDirs) + " directories";
        return std::nullopt;
      }
      if (!llvm::is_contained(Dirs, Text))
        Dirs.push_back(Text.str());
      break;
    }
    }
  }
  if (State == Before) {
    Error = "it printed no '#include <...> search starts here:' list";
    return std::nullopt;
  }
  if (State == InList) {
    Error = "its include search list has no 'End of search list.' line";
    return std::nullopt;
  }
  return Info;
}

bool isKnownWarningOption(llvm::StringRef Name) {
  Name.consume_front("no-");
  // What Clang's ProcessWarningOptions handles without a warning group.
  if (Name.empty() || Name == "error" || Name == "fatal-errors" ||
      Name == "everything" || Name == "system-headers")
    return true;
  if ((Name.consume_front("error=") || Name.consume_front("fatal-errors=")) &&
      Name.empty())
    return true;
  return DiagnosticIDs::getGroupForWarningOption(Name).has_value();
}

std::vector<std::string>
dropUnknownFlags(std::vector<std::string> &CommandLine) {
  if (CommandLine.size() < 2)
    return {};
  // clang-cl and the other driver modes have option tables of their own.
  llvm::StringRef Program = llvm::sys::path::stem(CommandLine.front());
  if (Program.equals_insensitive("cl") ||
      Program.equals_insensitive("clang-cl"))
    return {};
  for (llvm::StringRef Arg : CommandLine) {
    if (Arg == "--")
      break;
    if (Arg.consume_front("--driver-mode=") && Arg != "gcc" && Arg != "g++" &&
        Arg != "cpp")
      return {};
  }
  std::vector<const char *> Argv;
  for (size_t I = 1; I < CommandLine.size(); ++I)
    Argv.push_back(CommandLine[I].c_str());
  unsigned MissingIndex = 0, MissingCount = 0;
  const llvm::opt::OptTable &Table = compat::driverOptTable();
  llvm::opt::InputArgList Args =
      Table.ParseArgs(Argv, MissingIndex, MissingCount,
                      llvm::opt::Visibility(compat::driver_options::ClangOption));
  // An option's values follow it: it spans the arguments up to the next
  // option's.
  std::vector<unsigned> Starts;
  for (const llvm::opt::Arg *A : Args)
    Starts.push_back(A->getIndex());
  llvm::sort(Starts);
  std::vector<bool> Drop(Argv.size(), false);
  std::vector<std::string> Dropped;
  for (const llvm::opt::Arg *A : Args) {
    const llvm::opt::Option &O = A->getOption();
    bool Unknown =
        O.getKind() == llvm::opt::Option::UnknownClass ||
        O.hasFlag(compat::driver_options::Unsupported) ||
        (O.getID() == compat::driver_options::OPT_W_Joined && A->getNumValues() == 1 &&
         !isKnownWarningOption(A->getValue()));
    if (!Unknown)
      continue;
    unsigned Begin = A->getIndex();
    auto Next = std::upper_bound(Starts.begin(), Starts.end(), Begin);
    unsigned End = Next == Starts.end() ? Argv.size() : *Next;
    if (MissingCount && End > MissingIndex)
      End = std::max(Begin + 1, MissingIndex);
    std::string Flag;
    for (unsigned I = Begin; I < End && I < Argv.size(); ++I) {
      Flag += (I == Begin ? "" : " ") + std::string(Argv[I]);
      Drop[I] = true;
    }
    Dropped.push_back(std::move(Flag));
  }
  if (Dropped.empty())
    return Dropped;
  std::vector<std::string> Kept = {CommandLine.front()};
  for (size_t I = 0; I < Argv.size(); ++I)
    if (!Drop[I])
      Kept.push_back(CommandLine[I + 1]);
  CommandLine = std::move(Kept);
  return Dropped;
}

namespace {

/// The text arguments of each error of a diagnostics engine: the options
/// and values it rejects.
class RejectedOptions : public DiagnosticConsumer {
public:
  std::vector<std::vector<std::string>> Errors;

  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error)
      return;
    std::vector<std::string> &Args = Errors.emplace_back();
    for (unsigned I = 0; I < Info.getNumArgs(); ++I) {
      if (Info.getArgKind(I) == DiagnosticsEngine::ak_std_string)
        Args.push_back(Info.getArgStdStr(I));
      else if (Info.getArgKind(I) == DiagnosticsEngine::ak_c_string)
        Args.push_back(Info.getArgCStr(I));
    }
  }
};

/// Whether the error with text arguments \p Error rejects the argument
/// \p Arg: it names it ("-mrecord-mcount", "-mfunction-return=thunk", the
/// frontend's "-fdiagnostics-format json"), or names its option and either
/// one of its values ("-fsanitize=" and "bounds-strict") or none ("-mabi="
/// for a target: every value).
bool rejects(const std::vector<std::string> &Error, llvm::StringRef Arg) {
  for (llvm::StringRef Named : Error) {
    if (Named.size() < 2 || !Named.starts_with("-"))
      continue;
    if (Arg == Named)
      return true;
    auto [Option, Value] = Named.split(' ');
    if (!Value.empty() && Arg == (Option + "=" + Value).str())
      return true;
  }
  for (llvm::StringRef Named : Error) {
    if (Named.size() < 3 || !Named.starts_with("-") || !Named.ends_with("=") ||
        !Arg.starts_with(Named))
      continue;
    llvm::SmallVector<llvm::StringRef, 4> Values;
    Arg.drop_front(Named.size()).split(Values, ',');
    bool NamesAValue = false, NamesOurs = false;
    for (llvm::StringRef Other : Error) {
      if (Other == Named)
        continue;
      bool Ours = llvm::is_contained(Values, Other);
      NamesOurs |= Ours;
      // The other argument of "unsupported option '-mabi=' for target
      // 'x86_64-pc-linux-gnu'" is no value.
      NamesAValue |=
          Ours || llvm::Triple(Other).getArch() == llvm::Triple::UnknownArch;
    }
    if (NamesOurs || !NamesAValue)
      return true;
  }
  return false;
}

} // namespace

std::vector<std::string>
dropRejectedFlags(std::vector<std::string> &CommandLine, size_t Begin,
                  size_t End) {
  std::vector<std::string> Dropped;
  End = std::min(End, CommandLine.size());
  // Each round drops what the driver's errors name; an error may hide
  // another.
  for (int Round = 0; Round < 4 && CommandLine.size() > 1; ++Round) {
    RejectedOptions Rejected;
#if LLVM_VERSION_MAJOR >= 21
    DiagnosticOptions DiagOpts;
    DiagnosticsEngine Diags(DiagnosticIDs::create(), DiagOpts, &Rejected,
                            false);
#else
    llvm::IntrusiveRefCntPtr<DiagnosticOptions> DiagOpts =
        new DiagnosticOptions();
    DiagnosticsEngine Diags(new DiagnosticIDs(), DiagOpts, &Rejected, false);
#endif
    driver::Driver D(CommandLine.front(), llvm::sys::getDefaultTargetTriple(),
                     Diags, "trailguard", llvm::vfs::getRealFileSystem());
    D.setCheckInputsExist(false);
    std::vector<const char *> Argv;
    for (const std::string &Arg : CommandLine)
      Argv.push_back(Arg.c_str());
    Argv.push_back("-fsyntax-only");
    std::unique_ptr<driver::Compilation> C(D.BuildCompilation(Argv));
    // Some values only the frontend checks (-mfunction-return=thunk).
    if (C && Rejected.Errors.empty())
      for (const driver::Command &Job : C->getJobs()) {
        const llvm::opt::ArgStringList &Cc1 = Job.getArguments();
        if (Cc1.empty() || llvm::StringRef(Cc1.front()) != "-cc1")
          continue;
        CompilerInvocation Invocation;
        CompilerInvocation::CreateFromArgs(
            Invocation, llvm::ArrayRef<const char *>(Cc1).drop_front(), Diags);
        break;
      }
    bool Changed = false;
    for (size_t I = End; I-- > std::max<size_t>(Begin, 1);) {
      bool Named = llvm::any_of(Rejected.Errors, [&](const auto &Error) {
        return rejects(Error, CommandLine[I]);
      });
      if (!Named)
        continue;
      Dropped.push_back(CommandLine[I]);
      CommandLine.erase(CommandLine.begin() + I);
      --End;
      Changed = true;
    }
    if (!Changed)
      break;
  }
  std::reverse(Dropped.begin(), Dropped.end());
  return Dropped;
}

namespace {

/// '*' any characters but '/', '**' any, the rest literally; in time
/// proportional to the product of the lengths, whatever the stars.
bool globMatches(llvm::StringRef Glob, llvm::StringRef Text) {
  // Each element: a character, or a star (Slash: '**', which crosses '/').
  struct Token {
    char C = 0;
    bool Star = false, Slash = false;
  };
  std::vector<Token> Tokens;
  for (size_t I = 0; I < Glob.size(); ++I) {
    if (Glob[I] != '*') {
      Tokens.push_back({Glob[I], false, false});
      continue;
    }
    bool Double = I + 1 < Glob.size() && Glob[I + 1] == '*';
    Tokens.push_back({0, true, Double});
    I += Double;
  }
  // Next[J]: whether the tokens after the current one match Text[J:].
  size_t N = Text.size();
  std::vector<char> Next(N + 1, 0), Current(N + 1, 0);
  Next[N] = 1;
  for (size_t T = Tokens.size(); T-- > 0;) {
    const Token &Tok = Tokens[T];
    for (size_t J = N + 1; J-- > 0;) {
      if (Tok.Star)
        Current[J] = Next[J] || (J < N && (Tok.Slash || Text[J] != '/') &&
                                 Current[J + 1]);
      else
        Current[J] = J < N && Text[J] == Tok.C && Next[J + 1];
    }
    std::swap(Next, Current);
  }
  return Next[0];
}

} // namespace

bool matchesDriverGlob(llvm::ArrayRef<std::string> Globs,
                       llvm::StringRef Path) {
  llvm::StringRef Name = llvm::sys::path::filename(Path);
  for (llvm::StringRef Glob : Globs) {
    if (Glob.empty())
      continue;
    if (globMatches(Glob, Glob.contains('/') ? Path : Name))
      return true;
  }
  return false;
}

struct GccCompatDatabase::Query {
  /// As named in messages.
  std::string Driver;
  /// Why it could not be asked; "" when Info is its answer.
  std::string Error;
  DriverInfo Info;
  /// The driver's own builtin headers (GCC's stddef.h, intrinsics), which
  /// Clang's replace.
  std::string BuiltinDir;
  /// The commands that named it (for the message when it failed).
  std::set<std::string> Commands;
};

namespace {

/// The environment of a driver run: ours, in the C locale, so that its
/// -v output is not translated.
std::vector<std::string> driverEnvironment() {
  std::vector<std::string> Env;
#ifndef _WIN32
  for (char **E = environ; E && *E; ++E) {
    llvm::StringRef Var = *E;
    if (Var.starts_with("LC_ALL=") || Var.starts_with("LANG=") ||
        Var.starts_with("LANGUAGE=") || Var.starts_with("LC_MESSAGES="))
      continue;
    Env.push_back(Var.str());
  }
#endif
  Env.push_back("LC_ALL=C");
  return Env;
}

/// Runs \p Argv (no shell), its standard input empty, and returns what it
/// wrote to standard error (or output), at most MaxOutputBytes; nullopt
/// with \p Error if it could not be run, failed, or ran past \p Timeout.
std::optional<std::string> runDriver(llvm::ArrayRef<std::string> Argv,
                                     bool WantStderr, unsigned Timeout,
                                     std::string &Error) {
  llvm::SmallString<128> OutputPath;
  if (std::error_code EC = llvm::sys::fs::createTemporaryFile(
          "trailguard-query-driver", "txt", OutputPath)) {
    Error = "cannot create a temporary file: " + EC.message();
    return std::nullopt;
  }
  struct Remove {
    llvm::SmallString<128> &Path;
    ~Remove() { llvm::sys::fs::remove(Path); }
  } RemoveOutput{OutputPath};

  std::vector<llvm::StringRef> Args(Argv.begin(), Argv.end());
  std::vector<std::string> EnvStrings = driverEnvironment();
  std::vector<llvm::StringRef> Env(EnvStrings.begin(), EnvStrings.end());
  std::optional<llvm::StringRef> Redirects[] = {
      llvm::StringRef(""), llvm::StringRef(""), llvm::StringRef("")};
  Redirects[WantStderr ? 2 : 1] = OutputPath.str();
  std::string ErrMsg;
  bool ExecutionFailed = false;
  // ExecuteAndWait's timeout is an alarm(), which another thread of ours
  // may take: poll instead.
  llvm::sys::ProcessInfo PI = llvm::sys::ExecuteNoWait(
      Argv.front(), Args, Env, Redirects, 0, &ErrMsg, &ExecutionFailed);
  if (ExecutionFailed || PI.Pid <= 0) {
    Error = "cannot run it" + (ErrMsg.empty() ? "" : ": " + ErrMsg);
    return std::nullopt;
  }
  auto Deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(Timeout);
  llvm::sys::ProcessInfo Done;
  while (true) {
    Done = llvm::sys::Wait(PI, /*SecondsToWait=*/0u, &ErrMsg);
    if (Done.Pid != 0)
      break;
    if (std::chrono::steady_clock::now() >= Deadline) {
#ifndef _WIN32
      ::kill(PI.Pid, SIGKILL);
#endif
      llvm::sys::Wait(PI, std::nullopt);
      Error = "it did not finish within " + std::to_string(Timeout) +
              " s";
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (Done.ReturnCode != 0) {
    Error = Done.ReturnCode < 0
                ? "it crashed" + (ErrMsg.empty() ? "" : ": " + ErrMsg)
                : "it exited with status " + std::to_string(Done.ReturnCode);
    return std::nullopt;
  }
  uint64_t Size = 0;
  if (std::error_code EC = llvm::sys::fs::file_size(OutputPath, Size)) {
    Error = "cannot read its output: " + EC.message();
    return std::nullopt;
  }
  if (Size > MaxOutputBytes) {
    Error = "it printed more than 1 MiB";
    return std::nullopt;
  }
  auto Buffer = llvm::MemoryBuffer::getFile(OutputPath, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!Buffer) {
    Error = "cannot read its output: " + Buffer.getError().message();
    return std::nullopt;
  }
  return (*Buffer)->getBuffer().take_front(MaxOutputBytes).str();
}

/// The value of the flag at \p I, "-fooVALUE", "-foo=VALUE" or "-foo
/// VALUE", advancing \p I past a separate value.
std::optional<std::string> flagValue(const std::vector<std::string> &Args,
                                     size_t &I, llvm::StringRef Flag) {
  llvm::StringRef Arg = Args[I];
  if (!Arg.consume_front(Flag))
    return std::nullopt;
  if (Arg.consume_front("=") || !Arg.empty())
    return Arg.str();
  if (I + 1 < Args.size())
    return Args[++I];
  return std::nullopt;
}

bool hasArg(const std::vector<std::string> &Args, llvm::StringRef Flag) {
  return llvm::is_contained(Args, Flag);
}

} // namespace

GccCompatDatabase::GccCompatDatabase(const CompilationDatabase &Base,
                                     GccCompatOptions Opts)
    : Base(Base), Opts(std::move(Opts)) {}

GccCompatDatabase::~GccCompatDatabase() = default;

std::vector<CompileCommand>
GccCompatDatabase::getCompileCommands(llvm::StringRef FilePath) const {
  std::vector<CompileCommand> Commands = Base.getCompileCommands(FilePath);
  for (CompileCommand &C : Commands)
    C = adjust(std::move(C));
  return Commands;
}

std::vector<std::string> GccCompatDatabase::getAllFiles() const {
  return Base.getAllFiles();
}

std::vector<CompileCommand> GccCompatDatabase::getAllCompileCommands() const {
  std::vector<CompileCommand> Commands = Base.getAllCompileCommands();
  for (CompileCommand &C : Commands)
    C = adjust(std::move(C));
  return Commands;
}

GccCompatDatabase::Query *
GccCompatDatabase::queryDriver(const CompileCommand &Command) const {
  const std::vector<std::string> &Args = Command.CommandLine;
  if (Args.empty() || Args.front().empty())
    return nullptr;
  // As the build ran it: a path relative to the command's directory, or a
  // name found in PATH.
  std::string Driver = Args.front();
  if (llvm::any_of(Driver,
                   [](char C) { return llvm::sys::path::is_separator(C); })) {
    llvm::SmallString<256> Abs(Driver);
    compat::makeAbsolute(Command.Directory, Abs);
    llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    Driver = std::string(Abs);
  } else if (llvm::ErrorOr<std::string> Found =
                 llvm::sys::findProgramByName(Driver)) {
    Driver = *Found;
  }
  if (!matchesDriverGlob(Opts.QueryDriverGlobs, Driver))
    return nullptr;

  // The flags that change the directories or the target it answers with;
  // the build ran the driver with them, so it accepts them.
  std::string Lang;
  std::vector<std::string> Flags;
  for (size_t I = 1; I < Args.size(); ++I) {
    llvm::StringRef Arg = Args[I];
    if (Arg == "--")
      break;
    if (std::optional<std::string> X = flagValue(Args, I, "-x")) {
      Lang = *X;
      continue;
    }
    if (Arg == "-nostdinc" || Arg == "-nostdinc++" ||
        Arg == "--no-standard-includes" || Arg == "-m16" || Arg == "-m32" ||
        Arg == "-m64" || Arg == "-mx32" || Arg.starts_with("-std=") ||
        Arg.starts_with("--std=") || Arg.starts_with("-stdlib=") ||
        Arg.starts_with("--target=") || Arg.starts_with("--gcc-toolchain=") ||
        Arg.starts_with("--sysroot=") || Arg.starts_with("-specs=") ||
        Arg.starts_with("--specs=")) {
      Flags.push_back(Arg.str());
      continue;
    }
    // Those whose value may be the next argument.
    for (llvm::StringRef Flag : {"--sysroot", "-isysroot", "-target", "-B"}) {
      bool Exact = Arg == Flag;
      if (!Exact && (Flag == "--sysroot" || Flag == "-target" ||
                     !Arg.starts_with(Flag)))
        continue;
      Flags.push_back(Arg.str());
      if (Exact && I + 1 < Args.size())
        Flags.push_back(Args[++I]);
      break;
    }
  }
  if (Lang.empty()) {
    driver::types::ID Type = driver::types::lookupTypeForExtension(
        llvm::sys::path::extension(Command.Filename).drop_front());
    Lang = Type == driver::types::TY_INVALID ? "c++"
                                             : driver::types::getTypeName(Type);
  }
  std::string Key = Driver + '\0' + Lang;
  for (const std::string &F : Flags)
    Key += '\0' + F;

  // Under the lock: each driver runs once, whichever thread asks first.
  std::lock_guard<std::mutex> Lock(Mutex);
  std::unique_ptr<Query> &Q = Queries[Key];
  if (Q)
    return Q.get();
  Q = std::make_unique<Query>();
  Q->Driver = Driver;
  std::vector<std::string> Argv = {Driver, "-E", "-v", "-x", Lang};
  Argv.insert(Argv.end(), Flags.begin(), Flags.end());
  Argv.push_back("-");
  std::optional<std::string> Output =
      runDriver(Argv, /*WantStderr=*/true, Opts.QueryTimeoutSeconds, Q->Error);
  if (!Output)
    return Q.get();
  std::optional<DriverInfo> Info = parseDriverOutput(*Output, Q->Error);
  if (!Info)
    return Q.get();
  // Only directories that are there: GCC lists only those, and anything
  // else is a driver we should not believe.
  for (std::vector<std::string> *Dirs : {&Info->SystemIncludes,
                                         &Info->Frameworks})
    llvm::erase_if(*Dirs, [](const std::string &D) {
      return !llvm::sys::fs::is_directory(D);
    });
  Q->Info = std::move(*Info);
  // Its builtin headers go with its builtins, not Clang's: GCC prints their
  // directory for this (so does Clang, its resource directory's).
  std::string Ignored;
  if (std::optional<std::string> Builtin =
          runDriver({Driver, "-print-file-name=include"},
                    /*WantStderr=*/false, Opts.QueryTimeoutSeconds, Ignored)) {
    llvm::StringRef Dir = llvm::StringRef(*Builtin).trim();
    if (llvm::sys::path::is_absolute(Dir) && !hasControlCharacters(Dir))
      Q->BuiltinDir = Dir.str();
  }
  return Q.get();
}

std::vector<std::string>
GccCompatDatabase::dropRejectedFlagsOnce(std::vector<std::string> &CommandLine,
                                         size_t End,
                                         llvm::StringRef File) const {
  // The driver's verdict depends on the flags, not on which file of a
  // target they compile (it is not asked whether inputs exist), and asking
  // costs a driver run per unit (TFS: 8% of a warm run). So the units of
  // one target share it: the key is the command line with the file's stem
  // (in the file and its outputs, "src/a.cpp", "-o a.cpp.o") left out,
  // and its extension, which decides the language, kept.
  const char Placeholder = '\1';
  std::string Stem = llvm::sys::path::stem(File).str();
  auto Shared = [&](llvm::StringRef Arg) {
    std::string Out;
    for (size_t I = 0; I < Arg.size();) {
      if (Arg.substr(I).starts_with(Stem)) {
        Out += Placeholder;
        I += Stem.size();
      } else {
        Out += Arg[I++];
      }
    }
    return Out;
  };
  bool Keyed = !Stem.empty() && llvm::none_of(CommandLine, [&](const std::string &A) {
    return A.find(Placeholder) != std::string::npos;
  });
  std::string Key = std::to_string(End);
  if (Keyed) {
    for (const std::string &Arg : CommandLine)
      Key += '\0' + Shared(Arg);
    std::lock_guard<std::mutex> Lock(Mutex);
    auto It = Verdicts.find(Key);
    if (It != Verdicts.end()) {
      auto Restored = [&](const std::vector<std::string> &Args) {
        std::vector<std::string> Out;
        for (const std::string &Arg : Args) {
          Out.emplace_back();
          for (char C : Arg)
            if (C == Placeholder)
              Out.back() += Stem;
            else
              Out.back() += C;
        }
        return Out;
      };
      CommandLine = Restored(It->second.first);
      return Restored(It->second.second);
    }
  }
  std::vector<std::string> Dropped = dropRejectedFlags(CommandLine, 1, End);
  if (Keyed) {
    std::vector<std::string> Line, Flags;
    for (const std::string &Arg : CommandLine)
      Line.push_back(Shared(Arg));
    for (const std::string &Flag : Dropped)
      Flags.push_back(Shared(Flag));
    std::lock_guard<std::mutex> Lock(Mutex);
    Verdicts.try_emplace(Key, std::move(Line), std::move(Flags));
  }
  return Dropped;
}

CompileCommand GccCompatDatabase::adjust(CompileCommand Command) const {
  std::string Id = Command.Directory + '\0' + Command.Filename;
  // The driver is asked with the flags it was run with, Clang's or not
  // (-specs=).
  Query *Q = Opts.QueryDriverGlobs.empty() ? nullptr : queryDriver(Command);
  std::vector<std::string> Dropped = dropUnknownFlags(Command.CommandLine);
  std::vector<std::string> Extra;
  // Clang's warnings are not the build's: they only hide the findings and,
  // with -Werror, would stop the analysis.
  Extra.push_back(Opts.ShowCompilerWarnings ? "-Wno-error" : "-w");

  const std::vector<std::string> &Args = Command.CommandLine;
  if (Q && Q->Error.empty()) {
    bool HasTarget = llvm::any_of(Args, [](llvm::StringRef A) {
      return A == "-target" || A.starts_with("--target=");
    });
    if (!Q->Info.Target.empty() && !HasTarget)
      Extra.push_back("--target=" + Q->Info.Target);
    // GCC's directories in GCC's order, with Clang's builtin headers where
    // GCC has its own (as Clang's own search list has them), or first.
    if (!hasArg(Args, "-nostdinc") && !hasArg(Args, "--no-standard-includes")) {
      std::string ClangBuiltins;
      if (!Opts.ResourceDir.empty()) {
        llvm::SmallString<256> Dir(Opts.ResourceDir);
        llvm::sys::path::append(Dir, "include");
        ClangBuiltins = std::string(Dir);
        Extra.push_back("-nostdinc");
      }
      std::vector<std::string> Dirs;
      for (const std::string &Dir : Q->Info.SystemIncludes) {
        if (Dir == Q->BuiltinDir || Dir == ClangBuiltins) {
          if (!ClangBuiltins.empty() && !llvm::is_contained(Dirs, ClangBuiltins))
            Dirs.push_back(ClangBuiltins);
          continue;
        }
        Dirs.push_back(Dir);
      }
      if (!ClangBuiltins.empty() && !llvm::is_contained(Dirs, ClangBuiltins))
        Dirs.insert(Dirs.begin(), ClangBuiltins);
      for (const std::string &Dir : Dirs) {
        Extra.push_back("-isystem");
        Extra.push_back(Dir);
      }
      for (const std::string &Dir : Q->Info.Frameworks) {
        Extra.push_back("-iframework");
        Extra.push_back(Dir);
      }
    }
  }
  // Flags after "--" would be taken for files.
  auto At = llvm::find(Command.CommandLine, "--");
  size_t ExtraAt = At - Command.CommandLine.begin();
  Command.CommandLine.insert(At, Extra.begin(), Extra.end());
  // Flags Clang knows but not with this value or for this target; ours are
  // left alone.
  std::vector<std::string> Rejected =
      dropRejectedFlagsOnce(Command.CommandLine, ExtraAt, Command.Filename);
  Dropped.insert(Dropped.end(), Rejected.begin(), Rejected.end());

  if (!Dropped.empty() || (Q && !Q->Error.empty())) {
    std::lock_guard<std::mutex> Lock(Mutex);
    for (const std::string &Flag : Dropped)
      DroppedFlags[Flag].insert(Id);
    if (Q && !Q->Error.empty())
      Q->Commands.insert(Id);
  }
  return Command;
}

void GccCompatDatabase::printNotes(llvm::raw_ostream &OS, bool Notes) const {
  std::lock_guard<std::mutex> Lock(Mutex);
  auto Commands = [](size_t N) {
    return std::to_string(N) + (N == 1 ? " command" : " commands");
  };
  for (const auto &[Flag, Ids] : Notes ? DroppedFlags
                                      : decltype(DroppedFlags)())
    OS << "trailguard-check: note: ignoring GCC flag '" << Flag
       << "' that Clang does not accept (" << Commands(Ids.size()) << ")\n";
  for (const auto &[Key, Q] : Queries)
    if (!Q->Error.empty() && !Q->Commands.empty())
      OS << "trailguard-check: warning: cannot ask '" << Q->Driver
         << "' for its system include directories and target: " << Q->Error
         << "; Clang's own are used (" << Commands(Q->Commands.size())
         << "; --query-driver=none to not ask)\n";
}

} // namespace trailguard
