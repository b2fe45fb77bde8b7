//===--- SchemaHash.cpp - a stable hash of what a schema means ------------===//
//
// The hash the generated header and the JSON Schema both name, so that a
// trail can say which schema it was written with: owned by the schema, not
// by one of the emitters.
//
//===----------------------------------------------------------------------===//

#include "Schema.h"

#include <fmt/format.h>

#include <string>

namespace trailguard {
namespace gen {

std::string schemaHash(const Schema &S) {
  // FNV-1a over a canonical rendering of what the events mean.
  uint64_t H = 1469598103934665603ULL;
  auto Add = [&](std::string_view Text) {
    for (unsigned char C : Text) {
      H ^= C;
      H *= 1099511628211ULL;
    }
    H ^= 0xff;
    H *= 1099511628211ULL;
  };
  Add(S.Namespace);
  Add(S.Service);
  Add(versionString(S.SchemaVersion));
  for (const Event &E : S.Events) {
    Add(E.Name);
    Add(versionString(E.EventVersion));
    for (ContextField C : E.Context)
      Add(contextName(C));
    for (const Field &F : E.Fields) {
      Add(F.Name);
      Add(typeName(F.Type));
      Add(tierName(F.Tier));
      Add(F.Required ? "required" : "optional");
      for (const std::string &M : F.EnumMembers)
        Add(M);
      Add(F.MaxLength ? std::to_string(*F.MaxLength) : "");
      Add(F.Pattern);
    }
  }
  return fmt::format("{:016x}", H);
}

} // namespace gen
} // namespace trailguard
