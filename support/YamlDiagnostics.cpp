//===--- YamlDiagnostics.cpp - messages about YAML input ------------------===//
//
// Shared by the readers of YAML (the checker's and the collector's
// configuration, the schema reader) and Yaml.cpp, so that they word their
// errors the same way; no LLVM.
//
//===----------------------------------------------------------------------===//

#include "YamlDiagnostics.h"

#include <algorithm>
#include <cstdio>

namespace trailguard {

std::optional<uint32_t> nextCodePoint(std::string_view Text, size_t &I) {
  auto Byte = [&](size_t At) { return static_cast<unsigned char>(Text[At]); };
  unsigned char Lead = Byte(I);
  if (Lead < 0x80) {
    ++I;
    return Lead;
  }
  size_t Length = Lead >= 0xf8   ? 0
                  : Lead >= 0xf0 ? 4
                  : Lead >= 0xe0 ? 3
                  : Lead >= 0xc0 ? 2
                                 : 0;
  uint32_t CP = Lead & (0x7f >> Length);
  bool Valid = Length != 0 && I + Length <= Text.size();
  for (size_t K = 1; Valid && K < Length; ++K) {
    Valid = (Byte(I + K) & 0xc0) == 0x80;
    CP = CP << 6 | (Byte(I + K) & 0x3f);
  }
  // Overlong forms, surrogates and values past Unicode are not UTF-8.
  static const uint32_t Least[] = {0, 0, 0x80, 0x800, 0x10000};
  if (!Valid || CP < Least[Length] || CP > 0x10ffff ||
      (CP >= 0xd800 && CP <= 0xdfff)) {
    ++I;
    return std::nullopt;
  }
  I += Length;
  return CP;
}

bool isHiddenControl(uint32_t CP) {
  return CP < 0x20 || (CP >= 0x7f && CP <= 0x9f) || CP == 0x61c ||
         CP == 0x200e || CP == 0x200f || (CP >= 0x2028 && CP <= 0x202e) ||
         (CP >= 0x2066 && CP <= 0x2069) || CP == 0xfeff;
}

namespace {

std::string hex(const char *Format, uint32_t Value) {
  char Buffer[16];
  std::snprintf(Buffer, sizeof Buffer, Format, static_cast<unsigned>(Value));
  return Buffer;
}

bool isUpper(char Ch) { return Ch >= 'A' && Ch <= 'Z'; }
char toLower(char Ch) { return isUpper(Ch) ? static_cast<char>(Ch - 'A' + 'a') : Ch; }

bool contains(std::string_view Haystack, std::string_view Needle) {
  return Haystack.find(Needle) != std::string_view::npos;
}

std::string escaped(std::string_view Text, size_t MaxShown) {
  std::string Out;
  size_t I = 0;
  while (I < Text.size() && I < MaxShown) {
    size_t Start = I;
    std::optional<uint32_t> CP = nextCodePoint(Text, I);
    if (!CP ||
        (*CP < 0x80 && isHiddenControl(*CP) && *CP != '\n' && *CP != '\t'))
      Out += hex("\\x%02x", static_cast<unsigned char>(Text[Start]));
    else if (*CP == '\n')
      Out += "\\n";
    else if (*CP == '\t')
      Out += "\\t";
    else if (isHiddenControl(*CP))
      Out += hex("\\u%04x", *CP);
    else
      Out += Text.substr(Start, I - Start);
  }
  if (I < Text.size())
    Out += "...";
  return Out;
}

} // namespace

std::string shownText(std::string_view Text) { return escaped(Text, 60); }

std::string escapedText(std::string_view Text) {
  return escaped(Text, Text.size());
}

unsigned editDistance(std::string_view A, std::string_view B, unsigned Max) {
  A = A.substr(0, MaxCompared);
  B = B.substr(0, MaxCompared);
  // Two rows of the usual table; a row whose least entry is past Max
  // cannot lead back under it.
  unsigned Row[MaxCompared + 1], Prev[MaxCompared + 1];
  for (size_t J = 0; J <= B.size(); ++J)
    Prev[J] = static_cast<unsigned>(J);
  for (size_t I = 1; I <= A.size(); ++I) {
    Row[0] = static_cast<unsigned>(I);
    unsigned Least = Row[0];
    for (size_t J = 1; J <= B.size(); ++J) {
      Row[J] = std::min({Prev[J] + 1, Row[J - 1] + 1,
                         Prev[J - 1] + (A[I - 1] == B[J - 1] ? 0u : 1u)});
      Least = std::min(Least, Row[J]);
    }
    if (Max != 0 && Least > Max)
      return Max + 1;
    std::copy(Row, Row + B.size() + 1, Prev);
  }
  unsigned Distance = Prev[B.size()];
  return Max != 0 && Distance > Max ? Max + 1 : Distance;
}

std::optional<std::string_view>
closestWord(std::string_view Word,
            const std::vector<std::string_view> &Candidates,
            const NearMatch &How) {
  std::string Norm(Word.substr(0, MaxCompared));
  for (char &Ch : Norm) {
    Ch = toLower(Ch);
    if (Ch == '-' || Ch == '_' || Ch == ' ')
      Ch = How.Separator;
  }
  std::string_view N(Norm);
  std::optional<std::string_view> Best;
  unsigned BestDistance = ~0u;
  for (std::string_view C : Candidates) {
    unsigned Distance = editDistance(N, C, How.MaxDistance);
    size_t Prefix = 0;
    while (Prefix < N.size() && Prefix < C.size() && N[Prefix] == C[Prefix])
      ++Prefix;
    bool Close = Distance <= std::max<size_t>(2, N.size() / 3) ||
                 Prefix >= How.MinPrefix ||
                 (N.size() >= 3 && (contains(C, N) || contains(N, C)));
    if (Close && Distance < BestDistance) {
      Best = C;
      BestDistance = Distance;
    }
  }
  return Best;
}

} // namespace trailguard
