//===--- config_reader_fuzzer.cpp - libFuzzer target for parseConfig ------===//
//
// Feeds arbitrary bytes to the checker's configuration reader, which must
// return a configuration or a one-line error for every input and never
// crash, hang or overflow the stack. The YAML reader under it
// (support/Yaml.h) does not recurse and bounds the nesting itself, so this
// target is about what Config makes of the tree.
//
//===----------------------------------------------------------------------===//

#include "CheckNames.h"
#include "CheckRegistry.h"
#include "Config.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  llvm::Expected<trailguard::Config> C =
      trailguard::parseConfig(Text, "fuzz.yaml");
  if (!C) {
    std::string Message = llvm::toString(C.takeError());
    if (!llvm::StringRef(Message).starts_with("fuzz.yaml") ||
        Message.find('\n') != std::string::npos) {
      llvm::errs() << "config-reader-fuzzer: an error that does not name the "
                      "file on one line: "
                   << Message << "\n";
      std::abort();
    }
    return 0;
  }
  // What the checker does with an accepted configuration next.
  for (llvm::StringRef Id : trailguard::selectableCheckIds())
    (void)trailguard::isCheckEnabled(*C, Id);
  if (!C->HeaderFilter.empty() && !llvm::Regex(C->HeaderFilter).isValid()) {
    llvm::errs() << "config-reader-fuzzer: accepted an invalid header-filter: "
                 << C->HeaderFilter << "\n";
    std::abort();
  }
  return 0;
}
