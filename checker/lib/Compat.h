//===--- Compat.h - LLVM/Clang version differences ------------------------===//
//
// Every difference between the supported LLVM majors (the range is stated in
// cmake/TrailguardLLVM.cmake) is absorbed here, so the rest of the checker is
// written against one API.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_COMPAT_H
#define TRAILGUARD_CHECKER_COMPAT_H

#include "clang/Basic/Version.h"
#include "llvm/Config/llvm-config.h"

#if LLVM_VERSION_MAJOR < 18 || LLVM_VERSION_MAJOR > 22
#error "trailguard supports LLVM 18 through 22 (see cmake/TrailguardLLVM.cmake)"
#endif

namespace trailguard {
namespace compat {

/// "19.1.7": the Clang version the checker was built against.
inline const char *clangVersionString() { return CLANG_VERSION_STRING; }

} // namespace compat
} // namespace trailguard

#endif // TRAILGUARD_CHECKER_COMPAT_H
