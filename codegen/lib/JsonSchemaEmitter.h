//===--- JsonSchemaEmitter.h - JSON Schema of the encoded lines -----------===//
//
// Writes the JSON Schema (draft 2020-12) that every line the runtime encodes
// for this schema satisfies, so that ingestion pipelines can validate a
// trail without trailguard.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CODEGEN_JSONSCHEMAEMITTER_H
#define TRAILGUARD_CODEGEN_JSONSCHEMAEMITTER_H

#include "Schema.h"

#include <ostream>

namespace trailguard {
namespace gen {

/// Writes the JSON Schema of the lines a sink that keeps fields up to
/// \p MaxTier receives: fields above it must be redaction markers, fields
/// at or below it must be values. Deterministic, like every generator.
void emitJsonSchema(const Schema &S, FieldTier MaxTier, std::ostream &OS);

} // namespace gen
} // namespace trailguard

#endif // TRAILGUARD_CODEGEN_JSONSCHEMAEMITTER_H
