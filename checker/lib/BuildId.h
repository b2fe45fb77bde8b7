//===--- BuildId.h - which build of the checker is running --------------===//
//
// The identity of the code that runs the analysis, finer than the version
// string: two builds of one version (a patched package, a developer's
// rebuild) analyze differently, and a summary one of them left must not be
// taken for the other's.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_BUILDID_H
#define TRAILGUARD_CHECKER_BUILDID_H

#include <string>

namespace trailguard {

/// The GNU build ID (hex) of the executable or shared object this code was
/// linked into; without one (a linker told --build-id=none), "file:" and
/// that file's size and modification time; "" when neither can be read.
/// Computed once.
const std::string &analysisBuildId();

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_BUILDID_H
