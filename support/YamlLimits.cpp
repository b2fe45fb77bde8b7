//===--- YamlLimits.cpp - YAML that LLVM's parser cannot survive -----------===//
//
// LLVM's YAML parser builds nodes lazily, but skipping an unread node, a
// run of ',' and a run of '...' each recurse in the parser itself; this
// file bounds all three before any reader walks the nodes.
//
//===----------------------------------------------------------------------===//

#include "YamlLimits.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/SMLoc.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"

#include <vector>

namespace trailguard {
namespace {

namespace yaml = llvm::yaml;
using llvm::StringRef;

YamlLimitError limitError(llvm::SourceMgr &SM, const char *At,
                          const llvm::Twine &Message) {
  YamlLimitError E;
  llvm::SMLoc Loc = llvm::SMLoc::getFromPointer(At);
  if (SM.FindBufferContainingLoc(Loc)) {
    auto [Line, Column] = SM.getLineAndColumn(Loc);
    E.Line = Line;
    E.Column = Column;
  }
  E.Message = Message.str();
  return E;
}

bool isBreak(char C) { return C == '\n' || C == '\r'; }

/// Past the blanks, line breaks and comments at \p I: what the scanner
/// skips between two tokens. A '#' here always starts a comment.
size_t skipSpace(StringRef Text, size_t I) {
  while (I < Text.size()) {
    char C = Text[I];
    if (C == ' ' || C == '\t' || isBreak(C)) {
      ++I;
    } else if (C == '#') {
      while (I < Text.size() && !isBreak(Text[I]))
        ++I;
    } else {
      break;
    }
  }
  return I;
}

/// The first comma of more than MaxYamlRun in a row. Counted in the raw
/// text, so commas inside quotes or comments count too: no real file has a
/// thousand in a row.
std::optional<size_t> longCommaRun(StringRef Text) {
  for (size_t I = 0; I < Text.size(); ++I) {
    if (Text[I] != ',')
      continue;
    size_t Start = I, Count = 1;
    size_t J = skipSpace(Text, I + 1);
    while (J < Text.size() && Text[J] == ',') {
      if (++Count > MaxYamlRun)
        return Start;
      J = skipSpace(Text, J + 1);
    }
    I = J - 1;
  }
  return std::nullopt;
}

/// The first of more than MaxYamlRun '...' lines with only blank and
/// comment lines between them.
std::optional<size_t> longDocumentEndRun(StringRef Text) {
  size_t Count = 0, Start = 0;
  for (size_t I = 0; I < Text.size();) {
    size_t End = I;
    while (End < Text.size() && !isBreak(Text[End]))
      ++End;
    StringRef Line = Text.slice(I, End);
    StringRef Content = Line.ltrim(" \t");
    if (Line.starts_with("...") &&
        (Line.size() == 3 || Line[3] == ' ' || Line[3] == '\t')) {
      if (Count++ == 0)
        Start = I;
      if (Count > MaxYamlRun)
        return Start;
    } else if (!Content.empty() && !Content.starts_with("#")) {
      Count = 0;
    }
    I = End;
    while (I < Text.size() && isBreak(Text[I]))
      ++I;
  }
  return std::nullopt;
}

} // namespace

std::optional<YamlLimitError> checkYamlLimits(llvm::MemoryBufferRef Buffer,
                                              llvm::SourceMgr &SM,
                                              StringRef Kind) {
  // Adds the buffer to SM, so that the positions below have a line.
  yaml::Stream S(Buffer, SM, /*ShowColors=*/false);
  StringRef Text = Buffer.getBuffer();
  if (std::optional<size_t> At = longCommaRun(Text))
    return limitError(SM, Text.data() + *At,
                      "more than " + llvm::Twine(MaxYamlRun) +
                          " commas in a row with nothing between them; "
                          "write one ',' between two entries");
  if (std::optional<size_t> At = longDocumentEndRun(Text))
    return limitError(SM, Text.data() + *At,
                      "more than " + llvm::Twine(MaxYamlRun) +
                          " document end markers ('...') in a row; remove "
                          "them");

  struct Frame {
    yaml::SequenceNode::iterator SeqIt, SeqEnd;
    yaml::MappingNode::iterator MapIt, MapEnd;
    bool IsMap = false;
    unsigned Phase = 0; ///< sequence: 1 = at an item; map: 1 key, 2 value
  };
  std::vector<Frame> Stack;
  Stack.reserve(MaxYamlNesting + 1);
  std::optional<YamlLimitError> TooDeep;
  auto Visit = [&](yaml::Node *N) {
    if (!N || (!llvm::isa<yaml::SequenceNode>(N) &&
               !llvm::isa<yaml::MappingNode>(N)))
      return true;
    if (Stack.size() == MaxYamlNesting) {
      TooDeep = limitError(SM, N->getSourceRange().Start.getPointer(),
                           "nesting deeper than " +
                               llvm::Twine(MaxYamlNesting) + " levels; " +
                               Kind + " needs far less, flatten the "
                                      "structure");
      return false;
    }
    Frame F;
    if (auto *Seq = llvm::dyn_cast<yaml::SequenceNode>(N)) {
      F.SeqIt = Seq->begin();
      F.SeqEnd = Seq->end();
    } else {
      auto *Map = llvm::cast<yaml::MappingNode>(N);
      F.IsMap = true;
      F.MapIt = Map->begin();
      F.MapEnd = Map->end();
    }
    Stack.push_back(F);
    return true;
  };
  for (yaml::document_iterator DI = S.begin(), DE = S.end(); DI != DE; ++DI) {
    if (!Visit(DI->getRoot()))
      return TooDeep;
    while (!Stack.empty() && !S.failed()) {
      Frame &F = Stack.back();
      yaml::Node *Next = nullptr;
      if (!F.IsMap) {
        if (F.Phase == 1)
          ++F.SeqIt; // the item was read to its end: nothing left to skip
        if (F.SeqIt == F.SeqEnd) {
          Stack.pop_back();
          continue;
        }
        F.Phase = 1;
        Next = &*F.SeqIt;
      } else {
        if (F.Phase == 2) {
          ++F.MapIt;
          F.Phase = 0;
        }
        if (F.MapIt == F.MapEnd) {
          Stack.pop_back();
          continue;
        }
        // The key is read before the value is asked for: getValue() would
        // otherwise skip an unread key, recursively.
        Next = F.Phase == 0 ? F.MapIt->getKey() : F.MapIt->getValue();
        ++F.Phase;
      }
      if (!Visit(Next))
        return TooDeep;
    }
    if (S.failed())
      break;
  }
  return std::nullopt;
}

} // namespace trailguard
