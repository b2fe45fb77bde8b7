//===--- DocsEmitter.h - Markdown catalog of the audit events -------------===//
//
// Writes what `trailguard-gen docs` produces: one section per event with its
// fields, tiers, versions, mappings and deprecations.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CODEGEN_DOCSEMITTER_H
#define TRAILGUARD_CODEGEN_DOCSEMITTER_H

#include "Schema.h"

#include <ostream>

namespace trailguard {
namespace gen {

/// Writes the Markdown catalog of \p S (deterministic).
void emitDocs(const Schema &S, std::ostream &OS);

} // namespace gen
} // namespace trailguard

#endif // TRAILGUARD_CODEGEN_DOCSEMITTER_H
