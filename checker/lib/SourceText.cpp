//===--- SourceText.cpp - locations that outlive their translation unit -===//
//
// File, line, column and line text of a source location, as reports and
// summaries keep them.
//
//===----------------------------------------------------------------------===//

#include "SourceText.h"

#include "clang/Basic/FileManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace trailguard {

uint64_t fnv1a64(llvm::StringRef Data, uint64_t Hash) {
  for (unsigned char C : Data) {
    Hash ^= C;
    Hash *= 0x100000001b3ULL;
  }
  return Hash;
}

std::string contentHash(llvm::StringRef Data) {
  return llvm::utohexstr(fnv1a64(Data), /*LowerCase=*/true);
}

std::vector<std::pair<std::string, std::string>>
filesRead(const SourceManager &SM, llvm::StringRef Extra) {
  std::vector<std::pair<std::string, std::string>> Inputs;
  for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
    std::optional<llvm::MemoryBufferRef> Buffer =
        It->second->getBufferIfLoaded();
    if (!Buffer)
      continue;
    // Not normalized: `..` after a symbolic link (/lib -> usr/lib) is not
    // the parent the text names, and the file is read back by this name.
    llvm::SmallString<256> Path(It->first.getName());
    SM.getFileManager().makeAbsolutePath(Path);
    llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/false);
    Inputs.push_back({std::string(Path), contentHash(Buffer->getBuffer())});
  }
  if (!Extra.empty())
    if (auto Buffer = llvm::MemoryBuffer::getFile(Extra))
      Inputs.push_back({Extra.str(), contentHash((*Buffer)->getBuffer())});
  llvm::sort(Inputs);
  Inputs.erase(std::unique(Inputs.begin(), Inputs.end()), Inputs.end());
  return Inputs;
}

std::string lineContaining(llvm::StringRef Buffer, size_t Offset) {
  if (Offset > Buffer.size())
    return "";
  size_t Begin = Buffer.take_front(Offset).find_last_of("\r\n");
  Begin = Begin == llvm::StringRef::npos ? 0 : Begin + 1;
  size_t End = Buffer.find_first_of("\r\n", Offset);
  return std::string(Buffer.slice(Begin, End));
}

unsigned codePointColumn(llvm::StringRef LineText, unsigned ByteColumn) {
  if (ByteColumn == 0)
    return 0;
  unsigned Column = 1;
  for (size_t I = 0; I + 1 < ByteColumn && I < LineText.size(); ++I)
    if ((static_cast<unsigned char>(LineText[I]) & 0xC0) != 0x80)
      ++Column;
  return Column;
}

/// \p Loc with an absolute file name; the text of its line, as analyzed,
/// goes to \p LineText if given.
ResolvedNote resolveLocation(const SourceManager &SM, SourceLocation Loc,
                             std::string Message, std::string *LineText) {
  ResolvedNote N;
  N.Message = std::move(Message);
  if (Loc.isInvalid())
    return N;
  PresumedLoc P = SM.getPresumedLoc(Loc);
  if (P.isInvalid())
    return N;
  llvm::SmallString<256> File(P.getFilename());
  SM.getFileManager().makeAbsolutePath(File);
  llvm::sys::path::remove_dots(File, /*remove_dot_dot=*/true);
  N.File = std::string(File);
  N.Line = P.getLine();
  N.Column = P.getColumn();
  std::pair<FileID, unsigned> Decomposed = SM.getDecomposedExpansionLoc(Loc);
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(Decomposed.first, &Invalid);
  if (!Invalid) {
    std::string Line = lineContaining(Buffer, Decomposed.second);
    N.CharColumn = codePointColumn(Line, N.Column);
    if (LineText)
      *LineText = std::move(Line);
  }
  return N;
}

} // namespace trailguard
