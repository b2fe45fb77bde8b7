//===--- yaml_fuzzer.cpp - libFuzzer target for support/Yaml.h ------------===//
//
// Feeds arbitrary bytes to the one YAML reader, which must give a tree or
// one error with a position inside the text for every input, never crash,
// hang or recurse; the tree it gives must keep Yaml.h's promises (keys are
// scalars, values never missing, nesting within the limit, positions in
// bytes that agree with the text).
//
//===----------------------------------------------------------------------===//

#include "Yaml.h"
#include "YamlDiagnostics.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace trailguard::yaml;

namespace {

[[noreturn]] void broken(const char *What, std::string_view Detail = {}) {
  std::fprintf(stderr, "yaml-fuzzer: %s: %.*s\n", What,
               static_cast<int>(Detail.size()), Detail.data());
  std::abort();
}

/// A mark is inside the text and its column agrees with its offset: the
/// byte Column-1 before it starts a line.
void checkMark(std::string_view Text, const Mark &M, size_t Begin) {
  if (M.Line == 0 || M.Column == 0 || M.Offset > Text.size() ||
      M.Column - 1 > M.Offset)
    broken("a mark outside the text");
  size_t LineStart = M.Offset - (M.Column - 1);
  if (LineStart != Begin && Text[LineStart - 1] != '\n' &&
      Text[LineStart - 1] != '\r')
    broken("a column that does not count from a line start");
  if (M.Line == 1 && LineStart != Begin)
    broken("line 1 does not start the text");
}

/// The line of \p Offset, counted afresh: '\n', "\r\n" and a lone '\r'
/// end a line.
unsigned lineOf(std::string_view Text, size_t Offset) {
  unsigned Line = 1;
  for (size_t I = 0; I < Offset && I < Text.size(); ++I)
    if (Text[I] == '\n' ||
        (Text[I] == '\r' && (I + 1 >= Text.size() || Text[I + 1] != '\n')))
      ++Line;
  return Line;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string_view Text(reinterpret_cast<const char *>(Data), Size);
  size_t Begin = Text.substr(0, 3) == "\xef\xbb\xbf" ? 3 : 0;
  Limits L;
  L.MaxNesting = 16;
  L.MaxNodes = 2000;
  Error Err;
  std::optional<Stream> S = parse(Text, L, Err);
  if (!S) {
    if (Err.Message.empty() || Err.Message.find('\n') != std::string::npos ||
        Err.Message.back() == '.')
      broken("an error that is not one sentence of ours", Err.Message);
    if (Err.At.Line != 0 || Err.Message.find("memory") == std::string::npos) {
      checkMark(Text, Err.At, Begin);
      if (Err.At.Line != lineOf(Text, Err.At.Offset))
        broken("an error's line does not count the text's lines", Err.Message);
    }
    std::string Shown = formatError("fuzz.yaml", Err.At, Err.Message);
    if (Shown.rfind("fuzz.yaml:", 0) != 0)
      broken("formatError lost the path", Shown);
    return 0;
  }
  static const std::vector<std::string_view> Keys = {
      "version", "checks", "header-filter", "socket_path", "fields"};
  // Every node with its depth, without recursion.
  std::vector<std::pair<const Node *, unsigned>> Work;
  for (const Node *Root : S->documents()) {
    if (!Root)
      broken("a document without a root");
    Work.push_back({Root, 0});
    if (Root->Start.Line != lineOf(Text, Root->Start.Offset) ||
        Root->End.Line != lineOf(Text, Root->End.Offset))
      broken("a root's line does not count the text's lines");
  }
  size_t Seen = 0;
  while (!Work.empty()) {
    auto [N, Depth] = Work.back();
    Work.pop_back();
    if (++Seen > L.MaxNodes)
      broken("more nodes than the limit");
    checkMark(Text, N->Start, Begin);
    checkMark(Text, N->End, Begin);
    if (N->Start.Offset > N->End.Offset)
      broken("a node that ends before it starts");
    switch (N->Kind) {
    case NodeKind::Null:
      if (!N->Value.empty() && N->Value != "~" && N->Value != "null" &&
          N->Value != "Null" && N->Value != "NULL")
        broken("a Null with a value", N->Value);
      break;
    case NodeKind::Scalar: {
      std::optional<long long> I = asInteger(*N);
      std::optional<unsigned long long> U = asUnsigned(*N);
      if (U && *U <= 9223372036854775807ull && (!I || *I != static_cast<long long>(*U)))
        broken("asUnsigned and asInteger disagree", N->Value);
      if (asBool(*N) && (I || U))
        broken("a boolean that is a number", N->Value);
      (void)trailguard::closestWord(N->Value, Keys, {'_', 5, 0});
      break;
    }
    case NodeKind::Sequence:
    case NodeKind::Mapping:
      if (Depth + 1 > L.MaxNesting)
        broken("nesting past the limit");
      for (const Node *Item : N->Items) {
        if (!Item)
          broken("a missing item");
        Work.push_back({Item, Depth + 1});
      }
      for (const KeyValue &KV : N->Entries) {
        if (!KV.Key || !KV.Value)
          broken("a missing key or value");
        if (!KV.Key->isScalar())
          broken("a key that is not a scalar");
        Work.push_back({KV.Key, Depth + 1});
        Work.push_back({KV.Value, Depth + 1});
      }
      if (N->isSequence() ? !N->Entries.empty() : !N->Items.empty())
        broken("a collection with the other kind's children");
      break;
    }
  }
  return 0;
}
