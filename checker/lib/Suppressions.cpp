//===--- Suppressions.cpp - NOLINT comments that silence findings ---------===//
//
// Reads the comments of a file with Clang's raw lexer, parses the NOLINT
// directives in them, pairs NOLINTBEGIN with NOLINTEND, and answers which
// findings are suppressed and which suppressions were never used.
//
//===----------------------------------------------------------------------===//

#include "Suppressions.h"
#include "CheckNames.h"

#include "clang/Basic/LangOptions.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

#include <optional>
#include <string>

using namespace clang;

namespace trailguard {
namespace {

enum class DirectiveKind { NoLint, NextLine, Begin, End };

/// One NOLINT* word found in a comment.
struct Directive {
  DirectiveKind Kind;
  /// File offset of the "N" of "NOLINT".
  unsigned Offset = 0;
  unsigned Line = 0;
  /// The check list between the parentheses, entries trimmed and joined by
  /// ","; std::nullopt when there is none (every check).
  std::optional<std::string> Checks;
  /// The positive globs of the list ("*" without a list).
  llvm::SmallVector<std::string, 2> Globs;
  /// As written: "NOLINTNEXTLINE(trailguard-tier-leak)".
  std::string Spelling;
  /// The whole comment, without its delimiters: the directive and the
  /// reason written after it, the justification reports keep.
  std::string Comment;
  /// For a matched NOLINTBEGIN: the offset of its NOLINTEND.
  std::optional<unsigned> EndOffset;
  bool Unmatched = false;
  bool Used = false;

  bool covers(llvm::StringRef CheckId) const;
  /// An entry of the list starts with "trailguard".
  bool namesTrailguardCheck() const {
    return llvm::any_of(
        Globs, [](llvm::StringRef G) { return G.starts_with("trailguard"); });
  }
};

bool Directive::covers(llvm::StringRef CheckId) const {
  return llvm::any_of(
      Globs, [&](llvm::StringRef G) { return globMatches(G, CheckId); });
}

/// The kind of directive named by what follows "NOLINT" in its word. (The
/// words are never spelled out whole in this file, so that it has no
/// directives itself.)
std::optional<DirectiveKind> kindOf(llvm::StringRef Suffix) {
  if (Suffix.empty())
    return DirectiveKind::NoLint;
  if (Suffix == "NEXTLINE")
    return DirectiveKind::NextLine;
  if (Suffix == "BEGIN")
    return DirectiveKind::Begin;
  if (Suffix == "END")
    return DirectiveKind::End;
  return std::nullopt;
}

/// Appends the directives in the comment \p Text, which starts at file
/// offset \p Start, to \p Out (Line is filled in by the caller).
void parseComment(llvm::StringRef Text, unsigned Start,
                  std::vector<Directive> &Out) {
  static constexpr llvm::StringLiteral Prefix = "NOLINT";
  size_t Pos = 0;
  while ((Pos = Text.find(Prefix, Pos)) != llvm::StringRef::npos) {
    size_t WordStart = Pos;
    Pos += Prefix.size();
    while (Pos < Text.size() && llvm::isAlpha(Text[Pos]))
      ++Pos;
    std::optional<DirectiveKind> Kind =
        kindOf(Text.slice(WordStart + Prefix.size(), Pos));
    if (!Kind)
      continue;
    Directive D;
    D.Kind = *Kind;
    D.Offset = Start + WordStart;
    // A list needs its ')' on the same line; otherwise there is no list,
    // as in clang-tidy.
    if (Pos < Text.size() && Text[Pos] == '(') {
      size_t Close = Text.find_first_of(")\n\r", Pos + 1);
      if (Close != llvm::StringRef::npos && Text[Close] == ')') {
        llvm::SmallVector<llvm::StringRef, 4> Entries;
        Text.slice(Pos + 1, Close).split(Entries, ',');
        for (llvm::StringRef &E : Entries) {
          E = E.trim();
          if (!E.empty() && !E.starts_with("-"))
            D.Globs.push_back(E.str());
        }
        D.Checks = llvm::join(Entries, ",");
        Pos = Close + 1;
      }
    }
    if (!D.Checks)
      D.Globs.push_back("*");
    D.Spelling = Text.slice(WordStart, Pos).str();
    llvm::StringRef Body = Text;
    if (Body.consume_front("/*"))
      Body.consume_back("*/");
    else
      Body = Body.ltrim('/');
    D.Comment = Body.trim().str();
    Out.push_back(std::move(D));
  }
}

/// Closes the innermost open block at each END directive if their check
/// lists are the same; every BEGIN or END left over is unmatched.
void pairBlocks(std::vector<Directive> &Directives) {
  llvm::SmallVector<Directive *, 4> Open;
  for (Directive &D : Directives) {
    if (D.Kind == DirectiveKind::Begin) {
      Open.push_back(&D);
    } else if (D.Kind == DirectiveKind::End) {
      if (!Open.empty() && Open.back()->Checks == D.Checks)
        Open.pop_back_val()->EndOffset = D.Offset;
      else
        D.Unmatched = true;
    }
  }
  for (Directive *D : Open)
    D->Unmatched = true;
}

/// The language the comments are lexed in: a superset good for C and C++
/// alike (line comments, raw strings, digit separators).
LangOptions commentLexingOptions() {
  LangOptions LO;
  LO.LineComment = 1;
  LO.CPlusPlus = 1;
  LO.CPlusPlus11 = 1;
  LO.CPlusPlus14 = 1;
  LO.CPlusPlus17 = 1;
  return LO;
}

} // namespace

struct Suppressions::FileDirectives {
  std::vector<Directive> Directives; ///< in file order
  /// Indices into Directives, so that each finding looks up only the
  /// directives that can apply to it, not every one in the file.
  llvm::DenseMap<unsigned, llvm::SmallVector<unsigned, 1>> OnLine;
  llvm::DenseMap<unsigned, llvm::SmallVector<unsigned, 1>> NextLineOf;
  /// The matched BEGINs, in file order, and for each the position in
  /// Blocks of the matched block around it (-1 for none): matched blocks
  /// nest, so the blocks around an offset are the ancestors of the last
  /// block that begins before it.
  std::vector<unsigned> Blocks;
  std::vector<int> BlockParent;

  void index() {
    std::vector<int> Open;
    for (unsigned I = 0; I < Directives.size(); ++I) {
      const Directive &D = Directives[I];
      if (D.Kind == DirectiveKind::NoLint)
        OnLine[D.Line].push_back(I);
      else if (D.Kind == DirectiveKind::NextLine)
        NextLineOf[D.Line + 1].push_back(I);
      if (D.Kind != DirectiveKind::Begin || !D.EndOffset)
        continue;
      while (!Open.empty() &&
             *Directives[Blocks[Open.back()]].EndOffset < D.Offset)
        Open.pop_back();
      BlockParent.push_back(Open.empty() ? -1 : Open.back());
      Open.push_back(Blocks.size());
      Blocks.push_back(I);
    }
  }
};

Suppressions::Suppressions(const SourceManager &SM) : SM(SM) {}

Suppressions::~Suppressions() = default;

Suppressions::FileDirectives &Suppressions::directivesIn(FileID FID) {
  std::unique_ptr<FileDirectives> &Entry = Files[FID];
  if (Entry)
    return *Entry;
  Entry = std::make_unique<FileDirectives>();
  ReadOrder.push_back(FID);
  std::optional<llvm::MemoryBufferRef> Buffer = SM.getBufferOrNone(FID);
  if (!Buffer)
    return *Entry;
  static const LangOptions LO = commentLexingOptions();
  Lexer Lex(FID, *Buffer, SM, LO);
  Lex.SetCommentRetentionState(true);
  llvm::StringRef Data = Buffer->getBuffer();
  std::vector<Directive> &Out = Entry->Directives;
  Token Tok;
  do {
    Lex.LexFromRawLexer(Tok);
    if (!Tok.is(tok::comment))
      continue;
    unsigned Start = SM.getFileOffset(Tok.getLocation());
    llvm::StringRef Text = Data.substr(Start, Tok.getLength());
    if (!Text.contains("NOLINT"))
      continue;
    size_t First = Out.size();
    parseComment(Text, Start, Out);
    for (size_t I = First; I < Out.size(); ++I)
      Out[I].Line = SM.getLineNumber(FID, Out[I].Offset);
  } while (Tok.isNot(tok::eof));
  pairBlocks(Out);
  Entry->index();
  return *Entry;
}

bool Suppressions::isSuppressed(llvm::StringRef CheckId, SourceLocation Loc) {
  if (Loc.isInvalid())
    return false;
  if (Loc.isFileID())
    return isSuppressedAtFileLoc(CheckId, Loc);
  // Where the macro's text is written, then each expansion outwards.
  if (isSuppressedAtFileLoc(CheckId, SM.getSpellingLoc(Loc)))
    return true;
  while (Loc.isMacroID()) {
    Loc = SM.getImmediateExpansionRange(Loc).getBegin();
    if (Loc.isFileID())
      return isSuppressedAtFileLoc(CheckId, Loc);
    if (isSuppressedAtFileLoc(CheckId, SM.getSpellingLoc(Loc)))
      return true;
  }
  return false;
}

bool Suppressions::isSuppressedAtFileLoc(llvm::StringRef CheckId,
                                         SourceLocation Loc) {
  auto [FID, Offset] = SM.getDecomposedLoc(Loc);
  if (FID.isInvalid())
    return false;
  FileDirectives &F = directivesIn(FID);
  std::vector<Directive> &Directives = F.Directives;
  if (Directives.empty())
    return false;
  unsigned Line = SM.getLineNumber(FID, Offset);
  auto Use = [&](Directive &D) {
    D.Used = true;
    LastComment = D.Comment;
    return true;
  };
  // The most specific directive that applies is the one used: one on the
  // line, then one on the line before, then the innermost block.
  for (const auto *Index : {&F.OnLine, &F.NextLineOf})
    if (auto It = Index->find(Line); It != Index->end())
      for (unsigned I : It->second)
        if (Directives[I].covers(CheckId))
          return Use(Directives[I]);
  auto After = llvm::partition_point(F.Blocks, [&](unsigned I) {
    return Directives[I].Offset < Offset;
  });
  for (int B = static_cast<int>(After - F.Blocks.begin()) - 1; B >= 0;
       B = F.BlockParent[B]) {
    Directive &D = Directives[F.Blocks[B]];
    if (Offset < *D.EndOffset && D.covers(CheckId))
      return Use(D);
  }
  return false;
}

std::vector<Finding> Suppressions::unmatchedDirectives() {
  directivesIn(SM.getMainFileID());
  std::vector<Finding> Out;
  for (FileID FID : ReadOrder)
    for (const Directive &D : Files[FID]->Directives) {
      if (!D.Unmatched)
        continue;
      Finding F;
      F.CheckId = NoLintCheckId;
      F.Loc = SM.getComposedLoc(FID, D.Offset);
      bool IsBegin = D.Kind == DirectiveKind::Begin;
      std::string Partner = std::string("NOLINT") + (IsBegin ? "END" : "BEGIN");
      if (D.Checks)
        Partner += "(" + *D.Checks + ")";
      F.Message = "unmatched '" + D.Spelling + "' comment without " +
                  (IsBegin ? "a subsequent '" : "a previous '") + Partner + "'";
      Out.push_back(std::move(F));
    }
  return Out;
}

std::vector<Finding> Suppressions::unusedSuppressions() {
  directivesIn(SM.getMainFileID());
  std::vector<Finding> Out;
  for (FileID FID : ReadOrder)
    for (const Directive &D : Files[FID]->Directives) {
      if (D.Used || D.Unmatched || D.Kind == DirectiveKind::End ||
          !D.namesTrailguardCheck())
        continue;
      Finding F;
      F.CheckId = UnusedSuppressionCheckId;
      F.Loc = SM.getComposedLoc(FID, D.Offset);
      F.Message = "suppression '" + D.Spelling + "' suppresses nothing";
      Out.push_back(std::move(F));
    }
  return Out;
}

} // namespace trailguard
