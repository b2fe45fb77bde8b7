//===--- summary_reader_fuzzer.cpp - libFuzzer target for factsFromJson ---===//
//
// Feeds arbitrary bytes to the summary reader (--merge and the summary cache
// read files other jobs wrote), then does with an accepted summary what a
// run does: prunes it next to a unit defining the same functions, resolves
// the program, and writes it back, which must read again. No input may
// crash, hang, or be accepted and then refused.
//
//===----------------------------------------------------------------------===//

#include "ProgramFacts.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  nlohmann::json J = nlohmann::json::parse(Data, Data + Size, nullptr,
                                           /*allow_exceptions=*/false);
  llvm::Expected<trailguard::TUFacts> F = trailguard::factsFromJson(J);
  if (!F) {
    llvm::consumeError(F.takeError());
    return 0;
  }
  llvm::Expected<trailguard::TUFacts> Again =
      trailguard::factsFromJson(trailguard::toJson(*F));
  if (!Again) {
    llvm::errs() << "summary-reader-fuzzer: a summary read, written and "
                    "refused: "
                 << llvm::toString(Again.takeError()) << "\n";
    std::abort();
  }
  // The same unit twice, as two units of one program: the second copy of
  // every function is pruned, in both orders of arrival.
  std::vector<trailguard::TUFacts> Units = {*F, std::move(*Again)};
  Units[1].File += ".2";
  trailguard::ProgramPruner Pruner;
  Pruner.add(Units[1], 1);
  Pruner.add(Units[0], 0);
  trailguard::mergeProgram(Units);
  return 0;
}
