//===--- driver_output_fuzzer.cpp - libFuzzer target for the GCC driver ---===//
//
// Feeds arbitrary bytes to what --query-driver reads from a compiler driver
// (its -E -v output) and to the compile-command flags a GCC database holds:
// every input gives an answer or an error, never a crash or a hang, and no
// directory it accepts is relative or holds a control character.
//
//===----------------------------------------------------------------------===//

#include "GccCompat.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  std::string Error;
  if (std::optional<trailguard::DriverInfo> Info =
          trailguard::parseDriverOutput(Text, Error)) {
    for (const std::string &Dir : Info->SystemIncludes) {
      bool Control = llvm::any_of(Dir, [](char C) {
        return static_cast<unsigned char>(C) < 0x20 || C == 0x7f;
      });
      if (Dir.empty() || Dir[0] != '/' || Control) {
        llvm::errs() << "driver-output-fuzzer: accepted the directory '" << Dir
                     << "'\n";
        std::abort();
      }
    }
  }
  // The same bytes as a command line, one argument per line, and as globs.
  llvm::SmallVector<llvm::StringRef, 16> Lines;
  Text.split(Lines, '\n');
  std::vector<std::string> CommandLine = {"g++"};
  for (llvm::StringRef L : Lines)
    CommandLine.push_back(L.str());
  trailguard::dropUnknownFlags(CommandLine);
  std::vector<std::string> Globs(CommandLine.begin() + 1, CommandLine.end());
  trailguard::matchesDriverGlob(Globs, "/usr/bin/x86_64-linux-gnu-g++-12");
  return 0;
}
