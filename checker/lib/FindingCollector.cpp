//===--- FindingCollector.cpp - where every check's findings go -----------===//
//
// The reportable test, de-duplication, note trimming and the per-line cap
// that every check's findings go through.
//
//===----------------------------------------------------------------------===//

#include "FindingCollector.h"

#include "llvm/ADT/STLExtras.h"

#include <map>

using namespace clang;

namespace trailguard {

FindingCollector::FindingCollector(SourceManager &Sources,
                                   llvm::StringRef HeaderFilterRegex)
    : SM(Sources) {
  if (!HeaderFilterRegex.empty())
    HeaderFilter.emplace(HeaderFilterRegex);
  IsReportable = [this](SourceLocation FileLoc) {
    if (SM.isInMainFile(FileLoc))
      return true;
    if (!HeaderFilter || SM.isInSystemHeader(FileLoc))
      return false;
    return HeaderFilter->match(SM.getFilename(FileLoc));
  };
}

Finding *FindingCollector::report(SourceLocation Loc, std::string Message) {
  SourceLocation FileLoc = SM.getFileLoc(Loc);
  if (FileLoc.isInvalid() || !IsReportable(FileLoc))
    return nullptr;
  if (!Seen.insert({CheckId, FileLoc.getRawEncoding(), Message}).second)
    return nullptr;
  Finding &F = Findings.emplace_back();
  F.CheckId = CheckId;
  F.Loc = FileLoc;
  F.Message = std::move(Message);
  return &F;
}

void FindingCollector::trimNotes(Finding &F) const {
  std::set<std::pair<unsigned, std::string>> NoteSeen;
  std::vector<FindingNote> Notes;
  for (FindingNote &N : F.Notes) {
    N.Loc = SM.getFileLoc(N.Loc);
    if (NoteSeen.insert({N.Loc.getRawEncoding(), N.Message}).second)
      Notes.push_back(std::move(N));
  }
  if (Notes.size() > MaxNotesPerFinding)
    Notes.erase(Notes.begin() + MaxNotesPerFinding / 2,
                Notes.end() - MaxNotesPerFinding / 2);
  F.Notes = std::move(Notes);
}

/// Keeps the first MaxRepeatsPerLine findings of each check and message on
/// a line; the last one kept says how many more there are. Generated or
/// minified code can put thousands of the same finding on one line, and
/// every finding costs the length of its line in the reports (its text is
/// part of the fingerprint), so an unbounded count would make them
/// quadratic in the line's length.
void FindingCollector::capRepeatsPerLine() {
  struct Repeats {
    size_t LastKept = 0;
    unsigned Count = 0;
  };
  std::map<std::tuple<unsigned, unsigned, std::string, std::string>, Repeats>
      PerLine;
  std::vector<Finding> Kept;
  for (size_t I = 0; I < Findings.size(); ++I) {
    Finding &F = Findings[I];
    std::pair<FileID, unsigned> Pos =
        SM.getDecomposedLoc(SM.getFileLoc(F.Loc));
    unsigned Line = Pos.first.isValid()
                        ? SM.getLineNumber(Pos.first, Pos.second)
                        : 0;
    Repeats &R = PerLine[{Pos.first.getHashValue(), Line, F.CheckId,
                          F.Message}];
    if (R.Count++ < MaxRepeatsPerLine) {
      R.LastKept = Kept.size();
      Kept.push_back(std::move(F));
    }
  }
  for (const auto &[Key, R] : PerLine) {
    if (R.Count <= MaxRepeatsPerLine)
      continue;
    Finding &Last = Kept[R.LastKept];
    Last.Notes.push_back(
        {Last.Loc, std::to_string(R.Count - MaxRepeatsPerLine) +
                       " more findings like this on this line are not "
                       "reported (at most " +
                       std::to_string(MaxRepeatsPerLine) + " per line)"});
  }
  Findings = std::move(Kept);
}

void FindingCollector::finish(std::vector<Finding> &Out) {
  for (Finding &F : Findings)
    trimNotes(F);
  llvm::stable_sort(Findings, [&](const Finding &L, const Finding &R) {
    if (L.Loc != R.Loc)
      return SM.isBeforeInTranslationUnit(L.Loc, R.Loc);
    return L.Message < R.Message;
  });
  capRepeatsPerLine();
  for (Finding &F : Findings)
    Out.push_back(std::move(F));
  Findings.clear();
  Seen.clear();
}

} // namespace trailguard
