//===--- CheckNames.cpp - the globs that pick checks ----------------------===//
//
// One glob matcher for the `checks` list of the configuration and the
// check lists of NOLINT comments, both written by users.
//
//===----------------------------------------------------------------------===//

#include "CheckNames.h"

#include "llvm/ADT/SmallVector.h"

namespace trailguard {

bool globMatches(llvm::StringRef Glob, llvm::StringRef Text) {
  // Greedy matching that backtracks to the last '*' on a mismatch.
  size_t G = 0, T = 0;
  size_t StarG = llvm::StringRef::npos, StarT = 0;
  while (T < Text.size()) {
    if (G < Glob.size() && Glob[G] == '*') {
      StarG = G++;
      StarT = T;
    } else if (G < Glob.size() && Glob[G] == Text[T]) {
      ++G;
      ++T;
    } else if (StarG != llvm::StringRef::npos) {
      G = StarG + 1;
      T = ++StarT;
    } else {
      return false;
    }
  }
  while (G < Glob.size() && Glob[G] == '*')
    ++G;
  return G == Glob.size();
}

bool isCheckEnabled(const Config &Cfg, llvm::StringRef Id) {
  // The last glob that matches decides, as in clang-tidy.
  bool Enabled = false;
  llvm::SmallVector<llvm::StringRef, 4> Globs;
  llvm::StringRef(Cfg.Checks).split(Globs, ',', -1, false);
  for (llvm::StringRef G : Globs) {
    G = G.trim();
    bool Negative = G.consume_front("-");
    if (globMatches(G.trim(), Id))
      Enabled = !Negative;
  }
  return Enabled;
}

} // namespace trailguard
