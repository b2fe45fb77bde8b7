//===--- CppEmitter.h - typed C++ audit events from a schema --------------===//
//
// Writes the header `trailguard-gen cpp` produces: one struct per event with
// tier-annotated fields, required fields enforced by the constructor, and a
// visit member that hands the fields to the runtime's encoder.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CODEGEN_CPPEMITTER_H
#define TRAILGUARD_CODEGEN_CPPEMITTER_H

#include "Schema.h"

#include <ostream>

namespace trailguard {
namespace gen {

/// Writes the C++ header for \p S. The output depends only on the schema
/// (byte-identical across runs and machines).
void emitCpp(const Schema &S, std::ostream &OS);

} // namespace gen
} // namespace trailguard

#endif // TRAILGUARD_CODEGEN_CPPEMITTER_H
