//===--- schema_reader_fuzzer.cpp - libFuzzer target for parseSchema ------===//
//
// Feeds arbitrary bytes to the schema reader, which must return a value or
// an error for every input and never crash, hang or overflow the stack.
//
// The nesting limit is checked directly (yaml_depth.h).
//
//===----------------------------------------------------------------------===//

#include "Schema.h"
#include "yaml_depth.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  llvm::Expected<trailguard::gen::Schema> S =
      trailguard::gen::parseSchema(Text, "fuzz.yaml");
  if (!S) {
    std::string Message = llvm::toString(S.takeError());
    trailguard::fuzz::checkNestingLimit("schema-reader-fuzzer", Text, Message);
    return 0;
  }
  // Exercise the name helpers on what was read.
  for (const trailguard::gen::Event &E : S->Events) {
    (void)trailguard::gen::eventTypeName(E.Name);
    for (const trailguard::gen::Field &F : E.Fields) {
      (void)trailguard::gen::typeName(F.Type);
      (void)trailguard::gen::tierName(F.Tier);
    }
    for (trailguard::gen::ContextField C : E.Context)
      (void)trailguard::gen::contextName(C);
  }
  return 0;
}
