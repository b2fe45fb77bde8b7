//===--- YamlDiagnostics.cpp - messages about YAML input ------------------===//
//
// Shared by checker/lib/Config.cpp and codegen/lib/SchemaReader.cpp, so the
// two readers word their errors the same way.
//
//===----------------------------------------------------------------------===//

#include "YamlDiagnostics.h"

#include "llvm/ADT/StringExtras.h"

#include <algorithm>

namespace trailguard {

std::string shownText(llvm::StringRef Text) {
  std::string Out;
  for (char Ch : Text.take_front(60)) {
    if (Ch == '\n')
      Out += "\\n";
    else if (Ch == '\t')
      Out += "\\t";
    else if (static_cast<unsigned char>(Ch) < 0x20)
      Out += "?";
    else
      Out += Ch;
  }
  if (Text.size() > 60)
    Out += "...";
  return Out;
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
