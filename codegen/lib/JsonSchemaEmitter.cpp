//===--- JsonSchemaEmitter.cpp - JSON Schema of the encoded lines ---------===//
//
// Describes one line of a trail exactly as docs/schema.md ("The encoded
// line") defines it, so that a pipeline rejects any line the runtime could
// not have written: unknown keys, wrong types, values over their limits, and
// unredacted fields above the sink's tier.
//
//===----------------------------------------------------------------------===//

#include "JsonSchemaEmitter.h"
#include "Ascii.h"
#include "OutputText.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace trailguard {
namespace gen {
namespace {

using Json = nlohmann::ordered_json;

/// The refs every event shares, under "$defs".
constexpr const char *TimestampRef = "#/$defs/timestamp";
constexpr const char *RedactedRef = "#/$defs/redacted";
constexpr const char *IpAddressRef = "#/$defs/ip_address";

Json int64Schema() {
  return Json{{"type", "integer"},
              {"minimum", std::numeric_limits<int64_t>::min()},
              {"maximum", std::numeric_limits<int64_t>::max()}};
}

/// invalid_field() and the collector match the whole value; a JSON Schema
/// pattern matches anywhere unless anchored. The schema reader allows '^'
/// and '$' only where they are at the value's ends, so the wrapper does not
/// change what they mean.
std::string anchored(std::string_view Pattern) {
  return "^(?:" + std::string(Pattern) + ")$";
}

/// Limits on one string (a field, or an item of a list).
Json stringSchema(const Field &F) {
  Json J = {{"type", "string"}};
  // max_length counts UTF-8 bytes; JSON Schema counts code points, which
  // are never more than the bytes (the encoder maps each bad byte to one
  // U+FFFD), so the bound stays sound.
  if (F.MaxLength)
    J["maxLength"] = *F.MaxLength;
  if (!F.Pattern.empty())
    J["pattern"] = anchored(F.Pattern);
  return J;
}

Json valueSchema(const Field &F) {
  switch (F.Type) {
  case FieldType::String:
    return stringSchema(F);
  case FieldType::Bool:
    return Json{{"type", "boolean"}};
  case FieldType::Int64:
    return int64Schema();
  case FieldType::UInt64:
    return Json{{"type", "integer"},
                {"minimum", 0},
                {"maximum", std::numeric_limits<uint64_t>::max()}};
  case FieldType::Double:
    // Non-finite values make the event invalid; JSON has no NaN anyway.
    return Json{{"type", "number"}};
  case FieldType::Timestamp:
    return Json{{"$ref", TimestampRef}};
  case FieldType::Duration: {
    Json J = int64Schema();
    J["$comment"] = "nanoseconds";
    return J;
  }
  case FieldType::IpAddress: {
    Json J = {{"$ref", IpAddressRef}};
    if (!F.Pattern.empty())
      J["pattern"] = anchored(F.Pattern);
    return J;
  }
  case FieldType::Enum:
    return Json{{"type", "string"}, {"enum", F.EnumMembers}};
  case FieldType::StringList:
    return Json{{"type", "array"}, {"items", stringSchema(F)}};
  }
  return Json::object();
}

Json fieldSchema(const Field &F, FieldTier MaxTier) {
  Json J = Json::object();
  if (!F.Description.empty())
    J["description"] = std::string(trimmed(F.Description));
  J["x-trailguard-tier"] = std::string(tierName(F.Tier));
  if (!F.DeprecatedSince.empty())
    J["deprecated"] = true;
  if (F.Tier > MaxTier) {
    // This sink never sees the value: only a marker, maybe with a token.
    J["$ref"] = RedactedRef;
    return J;
  }
  Json Value = valueSchema(F);
  for (auto &Item : Value.items())
    J[Item.key()] = std::move(Item.value());
  return J;
}

Json contextSchema(const Event &E) {
  // Empty context values are left out, never written as "".
  Json Text = {{"type", "string"}, {"minLength", 1}};
  Json Props = Json::object();
  Props["actor"] = Text;
  Props["actor_type"] = {{"enum", Json::array({"user", "service"})}};
  Props["session"] = Text;
  Props["source_address"] = {{"$ref", IpAddressRef}};
  Props["request_id"] = Text;
  Json Required = Json::array();
  for (ContextField C : E.Context)
    Required.push_back(std::string(contextName(C)));
  return Json{{"type", "object"},
              {"properties", std::move(Props)},
              {"required", std::move(Required)},
              {"dependentRequired",
               {{"actor", Json::array({"actor_type"})},
                {"actor_type", Json::array({"actor"})}}},
              {"additionalProperties", false}};
}

Json eventSchema(const Event &E, FieldTier MaxTier) {
  Json J = Json::object();
  if (!E.Description.empty())
    J["description"] = std::string(trimmed(E.Description));
  if (!E.DeprecatedSince.empty())
    J["deprecated"] = true;

  Json Props = Json::object();
  // A reader built for 1.3 accepts lines from 1.0 to 1.x: minor versions
  // only add, which compat enforces.
  Props["version"] = {
      {"type", "string"},
      {"pattern", "^" + std::to_string(E.EventVersion.Major) + "\\.[0-9]+$"}};
  if (E.Outcome)
    Props["outcome"] = {{"const", *E.Outcome}};
  else
    Props["outcome"] = false;
  Props["context"] = contextSchema(E);

  Json Fields = Json::object();
  Json Required = Json::array();
  for (const Field &F : E.Fields) {
    Fields[F.Name] = fieldSchema(F, MaxTier);
    if (F.Required)
      Required.push_back(F.Name);
  }
  Props["fields"] = {{"type", "object"},
                     {"properties", std::move(Fields)},
                     {"required", std::move(Required)},
                     {"additionalProperties", false}};
  J["properties"] = std::move(Props);
  Json Top = Json::array({"version", "schema", "context"});
  if (E.Outcome)
    Top.push_back("outcome");
  J["required"] = std::move(Top);
  return J;
}

/// The trail's own records (docs/runtime.md, "The trail"): they carry no
/// version, schema, outcome or context, and are always sealed.
Json trailRecord(Json Fields, Json Required) {
  Json Props = Json::object();
  for (const char *Key : {"version", "schema", "outcome", "context"})
    Props[Key] = false;
  Props["fields"] = {{"type", "object"},
                     {"properties", std::move(Fields)},
                     {"required", std::move(Required)},
                     {"additionalProperties", false}};
  return Json{{"properties", std::move(Props)},
              {"required", Json::array({"seq"})}};
}

/// Checkpoint and rotate records, by event name.
std::vector<std::pair<std::string, Json>> trailRecords() {
  Json Count = {{"type", "integer"}, {"minimum", 0}};
  Json Digest = {{"$ref", "#/$defs/digest"}};
  Json Checkpoint = trailRecord(
      {{"epoch", Count},
       {"head", Digest},
       {"records", Count},
       {"key", Digest},
       {"signature", {{"type", "string"}, {"pattern", "^[0-9a-f]{128}$"}}}},
      Json::array({"epoch", "head", "records", "key", "signature"}));
  Checkpoint["description"] =
      "A signed checkpoint: the chain head so far, signed with the trail's "
      "Ed25519 key; the MAC key ratchets after it";
  Checkpoint["required"] = Json::array({"seq", "chain", "mac"});
  Json Rotate = trailRecord({{"previous_file", {{"type", "string"}}},
                             {"previous_chain", Digest}},
                            Json::array({"previous_file"}));
  Rotate["description"] = "The first record of a rotated file: it names the "
                          "previous file and carries its chain head";
  return {{"trailguard.checkpoint", std::move(Checkpoint)},
          {"trailguard.rotate", std::move(Rotate)}};
}

Json sharedDefs() {
  Json Defs = Json::object();
  Defs["timestamp"] = {
      {"description", "RFC 3339 UTC with microseconds"},
      {"type", "string"},
      {"pattern",
       "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}Z$"}};
  Defs["ip_address"] = {{"type", "string"},
                        {"anyOf", Json::array({Json{{"format", "ipv4"}},
                                               Json{{"format", "ipv6"}}})}};
  Defs["digest"] = {{"type", "string"}, {"pattern", "^[0-9a-f]{64}$"}};
  Defs["redacted"] = {
      {"description",
       "A field above the sink's tier: the marker says a value existed; the "
       "optional token is an HMAC-SHA-256 of it under the sink's key"},
      {"type", "object"},
      {"properties",
       {{"redacted", {{"enum", Json::array({"restricted", "sensitive"})}}},
        {"hmac", {{"$ref", "#/$defs/digest"}}}}},
      {"required", Json::array({"redacted"})},
      {"additionalProperties", false}};
  return Defs;
}

} // namespace

void emitJsonSchema(const Schema &S, FieldTier MaxTier,
                    std::ostream &OS) {
  Json Root = Json::object();
  Root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  Root["$id"] = "urn:trailguard:" + uriComponent(S.Service) + ":" +
                versionString(S.SchemaVersion) + ":" + std::string(tierName(MaxTier));
  Root["title"] = "Audit events of " + S.Service + ", schema " +
                  versionString(S.SchemaVersion);
  Root["description"] =
      "One line of a trailguard trail (JSON Lines), as written to a sink "
      "that keeps fields up to tier '" +
      std::string(tierName(MaxTier)) +
      "'. Generated by trailguard-gen from schema " + schemaHash(S) +
      "; do not edit.";
  Root["type"] = "object";

  const std::vector<std::pair<std::string, Json>> Records = trailRecords();
  Json Names = Json::array();
  for (const Event &E : S.Events)
    Names.push_back(E.Name);
  for (const auto &[Name, Def] : Records)
    Names.push_back(Name);
  Root["properties"] = {
      {"seq",
       {{"type", "integer"},
        {"minimum", 0},
        {"maximum", std::numeric_limits<uint64_t>::max()}}},
      {"time", {{"$ref", TimestampRef}}},
      {"service", {{"const", S.Service}}},
      {"event", {{"enum", std::move(Names)}}},
      {"version", {{"type", "string"}, {"pattern", "^[0-9]+\\.[0-9]+$"}}},
      {"schema", {{"type", "string"}, {"pattern", "^[0-9a-f]{16}$"}}},
      {"outcome", {{"enum", Json::array({"success", "failure"})}}},
      {"context", {{"type", "object"}}},
      {"fields", {{"type", "object"}}},
      {"chain", {{"$ref", "#/$defs/digest"}}},
      {"mac", {{"$ref", "#/$defs/digest"}}}};
  Root["required"] = Json::array({"time", "service", "event", "fields"});
  Root["additionalProperties"] = false;
  Root["dependentRequired"] = {{"chain", Json::array({"seq", "mac"})},
                               {"mac", Json::array({"seq", "chain"})}};

  // One branch per event, keyed on its name: validators then report the
  // errors of the event the line claims to be, not of every event.
  Json Branches = Json::array();
  for (const Event &E : S.Events)
    Branches.push_back(
        {{"if",
          {{"properties", {{"event", {{"const", E.Name}}}}},
           {"required", Json::array({"event"})}}},
         {"then", {{"$ref", "#/$defs/event:" + E.Name}}}});
  for (const auto &[Name, Def] : Records)
    Branches.push_back(
        {{"if",
          {{"properties", {{"event", {{"const", Name}}}}},
           {"required", Json::array({"event"})}}},
         {"then", {{"$ref", "#/$defs/event:" + Name}}}});
  Root["allOf"] = std::move(Branches);

  Json Defs = sharedDefs();
  for (const Event &E : S.Events)
    Defs["event:" + E.Name] = eventSchema(E, MaxTier);
  for (const auto &[Name, Def] : Records)
    Defs["event:" + Name] = Def;
  Root["$defs"] = std::move(Defs);

  // Descriptions are the schema author's bytes; never throw on bad UTF-8.
  OS << Root.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

} // namespace gen
} // namespace trailguard
