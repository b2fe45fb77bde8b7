//===--- FindingCollector.cpp - where every check's findings go -----------===//
//
// The reportable test (the main file and the project's own headers),
// de-duplication, note trimming and the per-line cap that every check's
// findings go through.
//
//===----------------------------------------------------------------------===//

#include "FindingCollector.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <map>

using namespace clang;

namespace trailguard {

namespace {

/// Whether absolute, normalized \p File is inside directory \p Root.
bool isUnder(llvm::StringRef File, llvm::StringRef Root) {
  if (Root.empty() || !File.starts_with(Root))
    return false;
  llvm::StringRef Rest = File.drop_front(Root.size());
  if (llvm::sys::path::is_separator(Root.back()))
    return !Rest.empty();
  return Rest.size() > 1 && llvm::sys::path::is_separator(Rest.front());
}

} // namespace

FindingCollector::FindingCollector(SourceManager &Sources,
                                   llvm::StringRef HeaderFilterRegex,
                                   llvm::StringRef Root)
    : SM(Sources), SourceRoot(Root) {
  if (!HeaderFilterRegex.empty())
    HeaderFilter.emplace(HeaderFilterRegex);
  IsReportable = [this](SourceLocation FileLoc) {
    if (SM.isInMainFile(FileLoc))
      return true;
    if (SourceRoot.empty() && !HeaderFilter)
      return false;
    FileID File = SM.getFileID(FileLoc);
    auto [It, New] = HeaderVerdicts.try_emplace(File, false);
    if (New)
      It->second = !SM.isInSystemHeader(FileLoc) && isReportableHeader(File);
    return It->second;
  };
}

bool FindingCollector::isReportableHeader(FileID File) const {
  OptionalFileEntryRef Entry = SM.getFileEntryRefForID(File);
  if (!Entry)
    return false; // the predefines, a command-line macro: nobody's header
  llvm::StringRef Name = Entry->getName();
  if (HeaderFilter && !HeaderFilter->match(Name))
    return false;
  if (SourceRoot.empty())
    return true;
  // As the reports name files: absolute, without '.' or '..'; symbolic
  // links resolved as a fallback, as relativeToRoot does.
  llvm::SmallString<256> Path(Name);
  SM.getFileManager().makeAbsolutePath(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  if (isUnder(Path, SourceRoot))
    return true;
  llvm::SmallString<256> RealFile, RealRoot;
  if (llvm::sys::fs::real_path(Path, RealFile) ||
      llvm::sys::fs::real_path(SourceRoot, RealRoot))
    return false;
  return isUnder(RealFile, RealRoot);
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
  keepEndsOfPath(Notes);
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
