//===--- Names.h - how trailguard names declarations ----------------------===//
//
// One spelling of qualified names, shared by the sink catalog, the
// configuration lookup and the diagnostics.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_NAMES_H
#define TRAILGUARD_CHECKER_NAMES_H

#include "clang/AST/Decl.h"

#include <string>

namespace trailguard {

/// The qualified name of \p D without inline namespaces ("fmt::print", not
/// "fmt::v9::print"; "std::basic_string", not "std::__cxx11::basic_string").
std::string qualifiedName(const clang::NamedDecl *D);

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_NAMES_H
