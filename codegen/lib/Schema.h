//===--- Schema.h - the audit event schema --------------------------------===//
//
// The in-memory form of an events schema (schema.yaml): what the reader
// produces and every generator (C++, docs, JSON Schema, compat) consumes.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CODEGEN_SCHEMA_H
#define TRAILGUARD_CODEGEN_SCHEMA_H

#include <trailguard/tier.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trailguard {
namespace gen {

/// The schema format versions this generator reads.
inline constexpr unsigned SchemaFormatVersion = 1;

/// A place in the schema file, for error messages and compat reports.
struct SourcePos {
  unsigned Line = 0;
  unsigned Column = 0;
};

/// A field's tier: the one tier enum of trailguard (<trailguard/tier.hpp>).
using Tier = ::trailguard::tier;
using FieldTier = Tier;

/// The tier's name as schemas spell it ("sensitive").
inline std::string_view tierName(Tier T) { return tier_name(T); }

/// The tier named \p Name, if it is one.
inline std::optional<Tier> parseTier(std::string_view Name) {
  return parse_tier(Name);
}

/// Every tier's name, lowest first: for "did you mean" and messages.
const std::vector<std::string_view> &tierNames();

enum class FieldType {
  String,
  Bool,
  Int64,
  UInt64,
  Double,
  Timestamp, ///< RFC 3339 UTC when encoded
  Duration,  ///< nanoseconds
  IpAddress,
  Enum,
  StringList, ///< the last: SchemaReader.cpp's TypeNames follows this order
};

/// "major.minor"; a major bump marks breaking changes.
struct Version {
  unsigned Major = 0;
  unsigned Minor = 0;
};

struct Field {
  std::string Name; ///< a C++ identifier, snake_case
  FieldType Type = FieldType::String;
  std::vector<std::string> EnumMembers; ///< Type == Enum
  FieldTier Tier = FieldTier::unrestricted; ///< required in the file
  bool Required = false;
  std::string Description;
  std::optional<uint64_t> MaxLength; ///< strings and list items
  std::string Pattern;               ///< regex (support/Pattern.h), strings
  std::string DeprecatedSince;       ///< an event version, "1.3"
  std::string ReplacedBy;            ///< another field's name
  SourcePos Pos;
};

/// Taxonomy mappings so a SIEM can file the event.
struct Taxonomy {
  std::optional<unsigned> OcsfClassUid;
  std::optional<unsigned> OcsfActivityId;
  std::vector<std::string> EcsCategory;
  std::vector<std::string> EcsType;
};

/// The core context fields every event is traced back to.
/// In this order in SchemaReader.cpp's ContextNames.
enum class ContextField { Actor, Session, SourceAddress, RequestId };

struct Event {
  std::string Name; ///< stable, dotted: "authn.login_success"
  Version EventVersion;
  std::string Description;
  std::optional<std::string> Outcome; ///< "success" or "failure"
  Taxonomy Mappings;
  /// Required context fields; all four unless the schema says otherwise.
  std::vector<ContextField> Context = {
      ContextField::Actor, ContextField::Session, ContextField::SourceAddress,
      ContextField::RequestId};
  std::vector<Field> Fields;
  std::string DeprecatedSince;
  std::string ReplacedBy;
  SourcePos Pos;
};

struct Schema {
  std::string Path;
  unsigned FormatVersion = SchemaFormatVersion;
  std::string Namespace; ///< C++ namespace, "shop::audit"
  std::string Service;   ///< the application/service name
  Version SchemaVersion;
  std::vector<Event> Events;
};

/// Reads and validates a schema file. On failure returns std::nullopt and
/// sets \p Error to "PATH:LINE:COL: message", which says how to fix the
/// problem.
std::optional<Schema> readSchema(std::string_view Path, std::string &Error);

/// The same from text already in memory (tests, fuzzing).
std::optional<Schema> parseSchema(std::string_view Text, std::string_view Path,
                                  std::string &Error);

/// Why \p Namespace is not a usable C++ namespace ("a::b"), or "" when
/// it is.
std::string namespaceProblem(std::string_view Namespace);

/// "1.2".
std::string versionString(Version V);

std::string_view typeName(FieldType T);
std::string_view contextName(ContextField C);

/// A stable hash of the schema's meaning (FNV-1a 64, hex), embedded in the
/// generated code and the JSON Schema so that a trail can name the schema
/// it was written with.
std::string schemaHash(const Schema &S);

/// "authn.login_success" -> "AuthnLoginSuccess".
std::string eventTypeName(std::string_view EventName);

} // namespace gen
} // namespace trailguard

#endif // TRAILGUARD_CODEGEN_SCHEMA_H
