//===--- YamlDiagnostics.cpp - messages about YAML input ------------------===//
//
// Shared by checker/lib/Config.cpp and codegen/lib/SchemaReader.cpp, so the
// two readers word their errors the same way.
//
//===----------------------------------------------------------------------===//

#include "YamlDiagnostics.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

namespace trailguard {

std::optional<uint32_t> nextCodePoint(llvm::StringRef Text, size_t &I) {
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

std::string escaped(llvm::StringRef Text, size_t MaxShown) {
  std::string Out;
  size_t I = 0;
  while (I < Text.size() && I < MaxShown) {
    size_t Start = I;
    std::optional<uint32_t> CP = nextCodePoint(Text, I);
    if (!CP ||
        (*CP < 0x80 && isHiddenControl(*CP) && *CP != '\n' && *CP != '\t'))
      Out +=
          llvm::formatv("\\x{0:x-2}", static_cast<unsigned char>(Text[Start]))
              .str();
    else if (*CP == '\n')
      Out += "\\n";
    else if (*CP == '\t')
      Out += "\\t";
    else if (isHiddenControl(*CP))
      Out += llvm::formatv("\\u{0:x-4}", *CP).str();
    else
      Out += Text.slice(Start, I);
  }
  if (I < Text.size())
    Out += "...";
  return Out;
}

} // namespace

std::string shownText(llvm::StringRef Text) { return escaped(Text, 60); }

std::string escapedText(llvm::StringRef Text) {
  return escaped(Text, Text.size());
}

std::optional<llvm::StringRef>
closestWord(llvm::StringRef Word, llvm::ArrayRef<llvm::StringRef> Candidates,
            const NearMatch &How) {
  std::string Norm = Word.lower();
  for (char &Ch : Norm)
    if (Ch == '-' || Ch == '_' || Ch == ' ')
      Ch = How.Separator;
  llvm::StringRef N(Norm);
  std::optional<llvm::StringRef> Best;
  unsigned BestDistance = ~0u;
  for (llvm::StringRef C : Candidates) {
    unsigned Distance = N.edit_distance(C, true, How.MaxDistance);
    size_t Prefix = 0;
    while (Prefix < N.size() && Prefix < C.size() && N[Prefix] == C[Prefix])
      ++Prefix;
    bool Close = Distance <= std::max<size_t>(2, N.size() / 3) ||
                 Prefix >= How.MinPrefix ||
                 (N.size() >= 3 && (C.contains(N) || N.contains(C)));
    if (Close && Distance < BestDistance) {
      Best = C;
      BestDistance = Distance;
    }
  }
  return Best;
}

std::string parserMessage(llvm::StringRef Message) {
  Message = Message.trim().rtrim(".!");
  std::string Out;
  for (size_t I = 0; I < Message.size(); ++I) {
    if (Message.substr(I).starts_with(". ")) {
      Out += "; ";
      ++I;
      if (I + 2 < Message.size() && llvm::isUpper(Message[I + 1]) &&
          !llvm::isUpper(Message[I + 2]))
        Out += llvm::toLower(Message[++I]);
      continue;
    }
    Out += Message[I];
  }
  if (Out.size() > 1 && llvm::isUpper(Out[0]) && !llvm::isUpper(Out[1]))
    Out[0] = llvm::toLower(Out[0]);
  return Out;
}

} // namespace trailguard
