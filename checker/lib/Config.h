//===--- Config.h - .trailguard.yaml --------------------------------------===//
//
// The configuration file: sources, sinks and declassifiers for code that
// cannot be annotated, the tier each sink class accepts, which checks run.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_CONFIG_H
#define TRAILGUARD_CHECKER_CONFIG_H

#include "Tier.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace trailguard {

/// A declaration, by qualified name, that has a tier: a field
/// ("legacy::User::password"), a variable, a function (its return value),
/// or a type (every value of it).
struct SourceEntry {
  std::string Name;
  Tier T = Tier::sensitive;
};

/// A function, by qualified name, whose arguments go to an application log.
struct LogSinkEntry {
  std::string Name;
  std::vector<unsigned> Args; ///< 0-based; empty means every argument
};

/// A function, by qualified name, that is an audit-trail entry point.
struct AuditSinkEntry {
  std::string Name;
  std::optional<unsigned> MessageArg; ///< default: first string parameter
};

/// A name the file lists, where it lists it: the run warns about names that
/// match no declaration in any translation unit (a typo would otherwise
/// leave its code unchecked).
struct ConfiguredName {
  std::string Name;
  std::string List; ///< "sources", "log-sinks", "log-sink-classes", ...
  unsigned Line = 0, Column = 0;
};

struct Config {
  std::string Path; ///< the file it was read from; empty for defaults
  std::vector<SourceEntry> Sources;
  std::vector<LogSinkEntry> LogSinks;
  std::vector<AuditSinkEntry> AuditSinks;
  std::vector<std::string> Declassifiers;
  /// Classes whose objects are application logs: what is inserted into one
  /// (or into an object of a derived class), or passed to one of its
  /// non-const member functions, is logged (docs/config.md).
  std::vector<std::string> LogSinkClasses;
  /// Every name above, in file order.
  std::vector<ConfiguredName> Names;
  /// The highest tier ordinary application logs accept.
  Tier LogCeiling = Tier::unrestricted;
  /// clang-tidy style glob list of the checks to run.
  std::string Checks = "trailguard-*";
  /// Findings in headers whose path matches this regex are reported too
  /// (the main file is always reported).
  std::string HeaderFilter;
  /// As --infer-sensitive-names.
  bool InferSensitiveNames = false;
};

/// Reads and validates a configuration file (format: docs/config.md); an
/// empty file gives the defaults. Errors name the file, line and column and
/// say how to fix the problem ("path:3:1: unknown key 'sink'; did you mean
/// 'log-sinks'?").
llvm::Expected<Config> loadConfig(llvm::StringRef Path);

/// As loadConfig(), for the text of a file read already; \p Path is only
/// named in messages.
llvm::Expected<Config> parseConfig(llvm::StringRef Text, llvm::StringRef Path);

/// The nearest .trailguard.yaml in the directory of \p SourceFile or one of
/// its parents, as clang-tidy finds .clang-tidy; std::nullopt if none.
std::optional<std::string> findConfigFor(llvm::StringRef SourceFile);

/// Where the command-line tool, the clang-tidy module and the plugin get the
/// configuration of a source file: the explicit file if one was given
/// (--config, the plugin's config=), else the nearest .trailguard.yaml
/// (findConfigFor), else the defaults. Each file is read once per loader.
class ConfigLoader {
public:
  explicit ConfigLoader(std::string ExplicitFile = "")
      : ExplicitFile(std::move(ExplicitFile)) {}

  /// The configuration for \p SourceFile ("": no file, so the explicit
  /// file or the defaults), or loadConfig's error (file, line, column and
  /// the fix). Thread-safe; the configuration lives as long as the loader.
  llvm::Expected<const Config *> configFor(llvm::StringRef SourceFile);

private:
  std::string ExplicitFile;
  std::mutex Mutex;
  std::map<std::string, Config> Loaded; ///< by path; "" for the defaults
};

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_CONFIG_H
