//===--- SchemaCompat.h - breaking changes between two schemas ------------===//
//
// The gate a CI job runs on pull requests that touch the schema: what a
// change does to code that emits the events and to pipelines that read them.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CODEGEN_SCHEMACOMPAT_H
#define TRAILGUARD_CODEGEN_SCHEMACOMPAT_H

#include "Schema.h"

#include <string>
#include <vector>

namespace trailguard {
namespace gen {

struct CompatOptions {
  /// Breaking changes to an event whose major version went up (and removed
  /// events, when the schema's major version went up) are accepted.
  bool AllowMajorBumps = false;
};

/// One breaking change, located in the schema where a reviewer looks for
/// it: the NEW file, or the OLD one for something that was removed.
struct Incompatibility {
  std::string Path;
  SourcePos Pos;
  std::string Kind;    ///< stable id: "field-removed", "type-changed", ...
  std::string Message; ///< "event 'a.b': field 'c' was removed"
  /// The event's (or, for a removed event, the schema's) major version went
  /// up: --allow-major-bumps would accept this change.
  bool CoveredByBump = false;
};

/// Every breaking change from \p Old to \p New, in schema order.
std::vector<Incompatibility> checkCompat(const Schema &Old, const Schema &New,
                                         const CompatOptions &Opts);

/// "new.yaml:12:9: breaking: event 'a.b': ... [type-changed]".
std::string formatIncompatibility(const Incompatibility &I);

} // namespace gen
} // namespace trailguard

#endif // TRAILGUARD_CODEGEN_SCHEMACOMPAT_H
