//===--- BuildId.cpp - which build of the checker is running ------------===//
//
// Reads the build ID note of the loaded object that holds this code (the
// tool, or the plugin or tidy module inside a compiler), from memory: no
// file is opened in the common case.
//
//===----------------------------------------------------------------------===//

#include "BuildId.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstring>

#if defined(__linux__)
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#endif

namespace trailguard {

namespace {

#if defined(__linux__)
struct Search {
  uintptr_t Address = 0;
  std::string Id;
};

/// Hex of the NT_GNU_BUILD_ID note in [Begin, Begin + Size), or "".
std::string buildIdNote(const char *Begin, size_t Size) {
  const char *P = Begin, *End = Begin + Size;
  while (static_cast<size_t>(End - P) >= sizeof(ElfW(Nhdr))) {
    ElfW(Nhdr) Header;
    std::memcpy(&Header, P, sizeof Header);
    P += sizeof Header;
    // Name and descriptor are each padded to 4 bytes.
    const size_t Name = (Header.n_namesz + 3u) & ~size_t(3);
    const size_t Desc = (Header.n_descsz + 3u) & ~size_t(3);
    if (Name > static_cast<size_t>(End - P) ||
        Desc > static_cast<size_t>(End - P) - Name)
      return "";
    if (Header.n_type == NT_GNU_BUILD_ID && Header.n_namesz == 4 &&
        std::memcmp(P, "GNU", 4) == 0 && Header.n_descsz > 0) {
      std::string Hex;
      llvm::raw_string_ostream OS(Hex);
      for (size_t I = 0; I < Header.n_descsz; ++I)
        OS << llvm::format_hex_no_prefix(
            static_cast<unsigned char>(P[Name + I]), 2);
      return OS.str();
    }
    P += Name + Desc;
  }
  return "";
}

int visitObject(struct dl_phdr_info *Info, size_t, void *Data) {
  auto &S = *static_cast<Search *>(Data);
  bool Holds = false;
  for (int I = 0; I < Info->dlpi_phnum && !Holds; ++I) {
    const ElfW(Phdr) &Segment = Info->dlpi_phdr[I];
    const uintptr_t Start = Info->dlpi_addr + Segment.p_vaddr;
    Holds = Segment.p_type == PT_LOAD && S.Address >= Start &&
            S.Address - Start < Segment.p_memsz;
  }
  if (!Holds)
    return 0;
  for (int I = 0; I < Info->dlpi_phnum && S.Id.empty(); ++I) {
    const ElfW(Phdr) &Segment = Info->dlpi_phdr[I];
    if (Segment.p_type == PT_NOTE)
      S.Id = buildIdNote(
          reinterpret_cast<const char *>(Info->dlpi_addr + Segment.p_vaddr),
          Segment.p_memsz);
  }
  return 1;
}
#endif

std::string computeBuildId() {
#if defined(__linux__)
  Search S;
  S.Address = reinterpret_cast<uintptr_t>(&computeBuildId);
  dl_iterate_phdr(visitObject, &S);
  if (!S.Id.empty())
    return S.Id;
  // No note: the file's size and time change with every rebuild too.
  Dl_info Info;
  if (dladdr(reinterpret_cast<void *>(&computeBuildId), &Info) &&
      Info.dli_fname && *Info.dli_fname) {
    llvm::sys::fs::file_status Status;
    if (!llvm::sys::fs::status(Info.dli_fname, Status))
      return "file:" + std::to_string(Status.getSize()) + ":" +
             std::to_string(Status.getLastModificationTime()
                                .time_since_epoch()
                                .count());
  }
#endif
  return "";
}

} // namespace

const std::string &analysisBuildId() {
  static const std::string Id = computeBuildId();
  return Id;
}

} // namespace trailguard
