//===--- GccCompat.h - compile commands written for GCC, for Clang --------===//
//
// Makes the compile commands of a project built with GCC usable by Clang:
// drops the flags Clang does not know and gives each command the system
// include directories and target of the GCC driver it names, as clangd's
// --query-driver does.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_GCCCOMPAT_H
#define TRAILGUARD_CHECKER_GCCCOMPAT_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace trailguard {

/// What a compiler driver said of itself when run with -E -v.
struct DriverInfo {
  /// The directories of #include <...>, in search order.
  std::vector<std::string> SystemIncludes;
  /// Those marked "(framework directory)" (Apple).
  std::vector<std::string> Frameworks;
  /// "Target: ..." if Clang knows its architecture, else "".
  std::string Target;
};

/// The include search list and target in the -v output \p Output of a
/// driver; the output is untrusted. Directories must be absolute; whether
/// they exist is checked by the caller. An error says what was missing.
std::optional<DriverInfo> parseDriverOutput(llvm::StringRef Output,
                                            std::string &Error);

/// Whether Clang knows the warning option -W\p Name (Name without the -W:
/// "no-unused", "error=format", "format=2").
bool isKnownWarningOption(llvm::StringRef Name);

/// Removes from \p CommandLine (argv[0] is the compiler) the flags Clang's
/// driver does not know, and -W options naming warnings it does not know;
/// returns them, one string per flag as written.
std::vector<std::string> dropUnknownFlags(std::vector<std::string> &CommandLine);

/// Removes from \p CommandLine, between \p Begin and \p End, the flags
/// Clang's driver knows but rejects with their value or for the target
/// ("-mabi=ms", "-mrecord-mcount", "-fsanitize=bounds-strict"); returns
/// them.
std::vector<std::string> dropRejectedFlags(std::vector<std::string> &CommandLine,
                                           size_t Begin, size_t End);

/// Whether the driver \p Path (absolute) matches one of \p Globs: '*' any
/// characters but '/', '**' any; a glob without '/' is matched against the
/// file name only.
bool matchesDriverGlob(llvm::ArrayRef<std::string> Globs, llvm::StringRef Path);

struct GccCompatOptions {
  /// Drivers to ask for their include directories and target; none if
  /// empty.
  std::vector<std::string> QueryDriverGlobs;
  /// Clang's resource directory, whose include/ replaces the builtin
  /// headers of the driver; "" if unknown.
  std::string ResourceDir;
  /// Keep the compiler's warnings (else -w).
  bool ShowCompilerWarnings = false;
  unsigned QueryTimeoutSeconds = 10;
};

/// The commands of \p Base adjusted for Clang as described at the top;
/// safe to use from several threads.
class GccCompatDatabase : public clang::tooling::CompilationDatabase {
public:
  GccCompatDatabase(const clang::tooling::CompilationDatabase &Base,
                    GccCompatOptions Opts);
  ~GccCompatDatabase() override;

  std::vector<clang::tooling::CompileCommand>
  getCompileCommands(llvm::StringRef FilePath) const override;
  std::vector<std::string> getAllFiles() const override;
  std::vector<clang::tooling::CompileCommand>
  getAllCompileCommands() const override;

  /// One line per flag dropped (if \p Notes) and per driver that could not
  /// be asked, with the number of commands concerned.
  void printNotes(llvm::raw_ostream &OS, bool Notes = true) const;

  /// The adjustment of \p Command alone (what getCompileCommands does).
  clang::tooling::CompileCommand
  adjust(clang::tooling::CompileCommand Command) const;

  struct Query;

private:
  /// The answer of the driver of \p Command, nullptr if it is not to be
  /// asked.
  Query *queryDriver(const clang::tooling::CompileCommand &Command) const;

  /// dropRejectedFlags(CommandLine, 1, End) for the command that compiles
  /// \p File, asked once for the commands that differ only in the file.
  std::vector<std::string>
  dropRejectedFlagsOnce(std::vector<std::string> &CommandLine, size_t End,
                        llvm::StringRef File) const;

  const clang::tooling::CompilationDatabase &Base;
  GccCompatOptions Opts;
  mutable std::mutex Mutex;
  /// The commands (directory and file) each flag was dropped from: the
  /// same command asked for twice (for its cached summary, then for the
  /// analysis) counts once.
  mutable std::map<std::string, std::set<std::string>> DroppedFlags;
  /// What dropRejectedFlags made of a command line and what it dropped, by
  /// the line with its file's stem left out.
  mutable std::map<std::string, std::pair<std::vector<std::string>,
                                          std::vector<std::string>>>
      Verdicts;
  /// By driver and the flags that change its answer.
  mutable std::map<std::string, std::unique_ptr<Query>> Queries;
};

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_GCCCOMPAT_H
