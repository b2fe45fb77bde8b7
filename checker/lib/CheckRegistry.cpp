//===--- CheckRegistry.cpp - the checks' and rules' metadata --------------===//
//
// Expands CheckRegistry.def into the metadata table, without the run
// functions (they need Clang; Checks.cpp binds them).
//
//===----------------------------------------------------------------------===//

#include "CheckRegistry.h"

#include "llvm/ADT/STLExtras.h"

namespace trailguard {

std::string CheckInfo::helpUri() const {
  if (!DocPage)
    return "";
  return std::string("https://github.com/trailguard/trailguard/blob/main/") +
         DocPage;
}

llvm::ArrayRef<CheckInfo> checkRegistry() {
  static const CheckInfo Registry[] = {
#define TRAILGUARD_CHECK(Id, RunFunction, ...) {Id, true, __VA_ARGS__},
#define TRAILGUARD_RULE(Id, ...) {Id, false, __VA_ARGS__},
#include "CheckRegistry.def"
  };
  return Registry;
}

llvm::ArrayRef<llvm::StringRef> selectableCheckIds() {
  static const std::vector<llvm::StringRef> Ids = [] {
    std::vector<llvm::StringRef> Out;
    for (const CheckInfo &C : checkRegistry())
      if (C.Selectable)
        Out.push_back(C.Id);
    return Out;
  }();
  return Ids;
}

const CheckInfo *findCheck(llvm::StringRef Id) {
  for (const CheckInfo &C : checkRegistry())
    if (Id == C.Id)
      return &C;
  return nullptr;
}

} // namespace trailguard
