//===--- pattern_fuzzer.cpp - libFuzzer target for schema patterns --------===//
//
// Compiles arbitrary bytes as a schema pattern (support/Pattern.h), which
// must be accepted or refused without a crash, within the documented limits;
// an accepted pattern's automaton must be well formed and agree with the
// engine's slow reference matcher on short values.
//
// Input: the pattern, then a 0 byte, then values separated by 0 bytes.
//
//===----------------------------------------------------------------------===//

#include "Pattern.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

void fail(const char *What, std::string_view Pattern, std::string_view Value) {
  std::fprintf(stderr, "pattern-fuzzer: %s\npattern: %.*s\nvalue: %.*s\n", What,
               static_cast<int>(Pattern.size()), Pattern.data(),
               static_cast<int>(Value.size()), Value.data());
  std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  namespace pattern = trailguard::pattern;
  std::string_view Input(reinterpret_cast<const char *>(Data), Size);
  size_t End = Input.find('\0');
  std::string_view Pattern = Input.substr(0, End);
  std::string_view Rest = End == std::string_view::npos ? std::string_view()
                                                        : Input.substr(End + 1);

  pattern::Dfa D;
  pattern::Problem Why;
  if (!pattern::compile(Pattern, D, Why)) {
    if (Why.Message.empty() || Why.Offset > Pattern.size())
      fail("a refusal without a reason or place", Pattern, "");
    return 0;
  }
  const size_t States = D.states();
  if (States < 1 || States > pattern::MaxDfaStates || D.Classes < 1 ||
      D.Classes > 256 || D.Start >= States || D.Accepting[0] != 0 ||
      D.Next.size() != States * D.Classes)
    fail("an automaton out of its limits", Pattern, "");
  for (unsigned C = 0; C < D.Classes; ++C)
    if (D.Next[C] != 0)
      fail("a dead state that is not dead", Pattern, "");
  for (uint16_t Next : D.Next)
    if (Next >= States)
      fail("a transition to no state", Pattern, "");
  for (uint8_t Class : D.ByteClass)
    if (Class >= D.Classes)
      fail("a byte with no class", Pattern, "");

  // Values: the rest, split at 0 bytes; a few, short, so that the slow
  // reference stays fast.
  for (int Count = 0; Count < 16 && !Rest.empty(); ++Count) {
    size_t Cut = Rest.find('\0');
    std::string_view Value = Rest.substr(0, Cut);
    Rest = Cut == std::string_view::npos ? std::string_view()
                                         : Rest.substr(Cut + 1);
    if (Value.size() > 24)
      Value = Value.substr(0, 24);
    std::optional<bool> Expected = pattern::referenceMatch(Pattern, Value);
    if (Expected && *Expected != D.matches(Value))
      fail(*Expected ? "the automaton refuses a match"
                     : "the automaton accepts a mismatch",
           Pattern, Value);
  }
  return 0;
}
