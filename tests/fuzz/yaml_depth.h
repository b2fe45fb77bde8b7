//===--- yaml_depth.h - the fuzzers' check of the YAML nesting limit -------===//
//
// A stack overflow from nesting needs inputs far larger than a fuzzer's
// -max_len, so the YAML readers' fuzzers check the limit directly: unless
// the reader reported "nesting deeper than", the YAML it let through must be
// shallow. A deeper document means support/YamlLimits can be fooled, and a
// large enough input of the same shape overflows the stack.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_TESTS_FUZZ_YAML_DEPTH_H
#define TRAILGUARD_TESTS_FUZZ_YAML_DEPTH_H

#include "YamlLimits.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstdlib>

namespace trailguard::fuzz {

/// At most MaxYamlNesting nested collections, however they are written; a
/// scalar inside adds one level.
constexpr unsigned MaxAcceptedDepth = MaxYamlNesting + 1;

/// The depth of \p N, not looking further than \p Limit levels.
inline unsigned depth(llvm::yaml::Node *N, unsigned Limit) {
  if (!N || Limit == 0)
    return 0;
  unsigned Deepest = 0;
  if (auto *S = llvm::dyn_cast<llvm::yaml::SequenceNode>(N)) {
    for (llvm::yaml::Node &Item : *S)
      Deepest = std::max(Deepest, depth(&Item, Limit - 1));
  } else if (auto *M = llvm::dyn_cast<llvm::yaml::MappingNode>(N)) {
    for (llvm::yaml::KeyValueNode &KV : *M) {
      Deepest = std::max(Deepest, depth(KV.getKey(), Limit - 1));
      Deepest = std::max(Deepest, depth(KV.getValue(), Limit - 1));
    }
  } else {
    return 1;
  }
  return Deepest + 1;
}

inline void ignoreDiagnostic(const llvm::SMDiagnostic &, void *) {}

/// The deepest document of \p Text, up to \p Limit + 1. Recursive, like the
/// parser: for inputs of fuzzing size only.
inline unsigned yamlDepth(llvm::StringRef Text, unsigned Limit) {
  llvm::SourceMgr SM;
  SM.setDiagHandler(ignoreDiagnostic, nullptr);
  llvm::yaml::Stream S(Text, SM, /*ShowColors=*/false);
  unsigned Deepest = 0;
  for (llvm::yaml::Document &D : S)
    Deepest = std::max(Deepest, depth(D.getRoot(), Limit + 1));
  return Deepest;
}

/// Aborts when \p Text, which the reader refused with \p Message for some
/// other reason than its nesting, is deeper than the limit.
inline void checkNestingLimit(llvm::StringRef Fuzzer, llvm::StringRef Text,
                              llvm::StringRef Message) {
  if (Text.size() > 64 * 1024 || Message.contains("nesting deeper than"))
    return;
  unsigned Depth = yamlDepth(Text, MaxAcceptedDepth);
  if (Depth <= MaxAcceptedDepth)
    return;
  llvm::errs() << Fuzzer << ": the nesting limit let through YAML more than "
               << MaxAcceptedDepth
               << " levels deep (the same shape, larger, overflows the "
                  "stack); the reader said: "
               << Message << "\n";
  std::abort();
}

} // namespace trailguard::fuzz

#endif // TRAILGUARD_TESTS_FUZZ_YAML_DEPTH_H
