//===--- Ascii.h - locale-independent character and text helpers ----------===//
//
// What the codegen library needs of <cctype> and LLVM's StringExtras,
// on ASCII only: <cctype> follows the C locale and takes negative chars
// as undefined behaviour, and schema text is hostile bytes.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CODEGEN_ASCII_H
#define TRAILGUARD_CODEGEN_ASCII_H

#include <string>
#include <string_view>
#include <vector>

namespace trailguard {
namespace gen {

inline bool isDigit(char C) { return C >= '0' && C <= '9'; }
inline bool isLower(char C) { return C >= 'a' && C <= 'z'; }
inline bool isUpper(char C) { return C >= 'A' && C <= 'Z'; }
inline bool isAlpha(char C) { return isLower(C) || isUpper(C); }
inline bool isAlnum(char C) { return isAlpha(C) || isDigit(C); }
inline char toUpper(char C) { return isLower(C) ? C - 'a' + 'A' : C; }
inline char toLower(char C) { return isUpper(C) ? C - 'A' + 'a' : C; }

/// Whether every character of \p Text passes \p Pred (true when empty).
template <typename Pred> bool allOf(std::string_view Text, Pred P) {
  for (char C : Text)
    if (!P(C))
      return false;
  return true;
}

inline bool startsWith(std::string_view Text, std::string_view Prefix) {
  return Text.substr(0, Prefix.size()) == Prefix;
}
inline bool endsWith(std::string_view Text, std::string_view Suffix) {
  return Text.size() >= Suffix.size() &&
         Text.substr(Text.size() - Suffix.size()) == Suffix;
}

/// \p Text without the blanks LLVM's StringRef::trim() removes at either
/// end (" \t\n\v\f\r").
inline std::string_view trimmed(std::string_view Text) {
  constexpr std::string_view Blanks = " \t\n\v\f\r";
  size_t First = Text.find_first_not_of(Blanks);
  if (First == std::string_view::npos)
    return Text.substr(Text.size());
  return Text.substr(First, Text.find_last_not_of(Blanks) - First + 1);
}

/// The pieces of \p Text between the \p Separator's, empty ones included.
inline std::vector<std::string_view> splitAll(std::string_view Text,
                                              std::string_view Separator) {
  std::vector<std::string_view> Out;
  while (true) {
    size_t At = Text.find(Separator);
    if (At == std::string_view::npos) {
      Out.push_back(Text);
      return Out;
    }
    Out.push_back(Text.substr(0, At));
    Text.remove_prefix(At + Separator.size());
  }
}

/// "a, b, c".
template <typename Range>
std::string joined(const Range &Items, std::string_view Separator) {
  std::string Out;
  bool First = true;
  for (std::string_view Item : Items) {
    if (!First)
      Out += Separator;
    Out += Item;
    First = false;
  }
  return Out;
}

} // namespace gen
} // namespace trailguard

#endif // TRAILGUARD_CODEGEN_ASCII_H
