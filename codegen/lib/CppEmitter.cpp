//===--- CppEmitter.cpp - typed C++ audit events from a schema ------------===//
//
// Generates plain C++17: no reflection, no maps, no allocation beyond the
// fields' own. Required fields are constructor parameters, so an event that
// lacks one does not compile; optional fields are std::optional.
//
//===----------------------------------------------------------------------===//

#include "CppEmitter.h"
#include "OutputText.h"
#include "Pattern.h"

#include "Ascii.h"

#include <algorithm>

namespace trailguard {
namespace gen {
namespace {

/// TG_SENSITIVE, TG_RESTRICTED, TG_UNRESTRICTED: the annotation macros are
/// the tier names upper-cased.
std::string tierMacro(FieldTier T) {
  std::string Macro = "TG_";
  for (char C : tierName(T))
    Macro += toUpper(C);
  return Macro;
}

/// The tier as a value of the runtime's enum, whose enumerators are the
/// tier names.
std::string tierValue(FieldTier T) {
  return "::trailguard::tier::" + std::string(tierName(T));
}

/// One line of invalid_field(): return \p F's name when `Pre value Post` is
/// false (for an optional field, only when it has a value).
void emitRefusal(const Field &F, std::string_view Pre, std::string_view Post,
                 std::ostream &OS, std::string_view Indent = "    ") {
  OS << Indent << "if (";
  if (!F.Required)
    OS << F.Name << ".has_value() && ";
  OS << "!" << Pre << (F.Required ? "" : "*") << F.Name << Post
     << ") return " << cppStringLiteral(F.Name) << ";\n";
}

std::string valueType(const Field &F) {
  switch (F.Type) {
  case FieldType::String:
  case FieldType::IpAddress:
    return "std::string";
  case FieldType::Bool:
    return "bool";
  case FieldType::Int64:
    return "std::int64_t";
  case FieldType::UInt64:
    return "std::uint64_t";
  case FieldType::Double:
    return "double";
  case FieldType::Timestamp:
    return "std::chrono::system_clock::time_point";
  case FieldType::Duration:
    return "std::chrono::nanoseconds";
  case FieldType::Enum:
    return eventTypeName(F.Name);
  case FieldType::StringList:
    return "std::vector<std::string>";
  }
  return "std::string";
}

bool passByValueAndMove(const Field &F) {
  return F.Type == FieldType::String || F.Type == FieldType::IpAddress ||
         F.Type == FieldType::StringList;
}

/// Numbers as a braced initializer, a few to a line.
template <typename T>
void emitNumbers(const std::vector<T> &Values, std::ostream &OS) {
  OS << "{";
  for (size_t I = 0; I < Values.size(); ++I) {
    if (I % 20 == 0)
      OS << "\n          ";
    OS << unsigned(Values[I]) << (I + 1 < Values.size() ? "," : "");
  }
  OS << "}";
}

/// The field's pattern as the automaton the schema reader validated it with,
/// in constant tables, and the linear-time check that runs it: no <regex>,
/// nothing compiled at run time, no way for a value to make it slow.
void emitPatternCheck(const Field &F, std::ostream &OS) {
  pattern::Dfa D;
  pattern::Problem Why;
  if (!pattern::compile(F.Pattern, D, Why)) {
    // Only a Schema that did not come from the reader gets here.
    OS << "#error \"trailguard-gen: the pattern of field " << F.Name
       << " cannot be compiled\"\n";
    return;
  }
  const char *State = D.states() <= 256 ? "unsigned char" : "std::uint16_t";
  // The names end in '_', which no field's may (the reader refuses it), so
  // they neither shadow nor hide a field.
  OS << "    {\n      static constexpr unsigned char byte_class_[256] = ";
  emitNumbers(std::vector<uint8_t>(D.ByteClass.begin(), D.ByteClass.end()),
              OS);
  OS << ";\n      static constexpr " << State << " next_[] = ";
  emitNumbers(D.Next, OS);
  OS << ";\n      static constexpr unsigned char accepting_[] = ";
  emitNumbers(D.Accepting, OS);
  OS << ";\n      static constexpr ::trailguard::detail::pattern_dfa<" << State
     << "> dfa_{byte_class_, next_, accepting_, " << D.Classes << ", "
     << D.Start << "};\n";
  emitRefusal(F, "::trailguard::detail::pattern_matches(", ", dfa_)", OS,
              "      ");
  OS << "    }\n";
}

void emitEvent(const Schema &S, const Event &E, std::string_view Hash,
               std::ostream &OS) {
  std::string Type = eventTypeName(E.Name);
  cppDocComment(OS, "", E.Description);
  OS << "/// Event `" << cppCommentText(E.Name) << "`, version "
     << versionString(E.EventVersion) << ".\n";
  OS << "struct ";
  if (!E.DeprecatedSince.empty())
    OS << "[[deprecated("
       << cppStringLiteral(
              "deprecated since " + E.DeprecatedSince +
              (E.ReplacedBy.empty() ? std::string() : "; use " + E.ReplacedBy))
       << ")]] ";
  OS << Type << " {\n";

  for (const Field &F : E.Fields) {
    if (F.Type != FieldType::Enum)
      continue;
    std::string Enum = eventTypeName(F.Name);
    OS << "  enum class " << Enum << " : unsigned char {";
    for (size_t I = 0; I < F.EnumMembers.size(); ++I)
      OS << (I ? ", " : " ") << F.EnumMembers[I];
    OS << " };\n";
    // static_cast<Enum>(N) is valid C++ for every N the underlying type
    // holds: a value that is not a member has no name (nullptr), never a
    // read past the table; invalid_field() refuses it.
    OS << "  /// The member's name; nullptr for a value that is not a member.\n"
       << "  static constexpr const char *to_string(" << Enum
       << " v) noexcept {\n"
       << "    constexpr const char *names[] = {";
    for (size_t I = 0; I < F.EnumMembers.size(); ++I)
      OS << (I ? ", " : "") << cppStringLiteral(F.EnumMembers[I]);
    OS << "};\n"
       << "    const unsigned i = static_cast<unsigned char>(v);\n"
       << "    return i < " << F.EnumMembers.size() << " ? names[i] : nullptr;\n"
       << "  }\n";
    // Found by ADL from the runtime's encoder, which sees only the value;
    // empty for a non-member, which the encoder refuses.
    OS << "  friend constexpr std::string_view trailguard_enum_name(" << Enum
       << " v) noexcept {\n"
       << "    const char *name = to_string(v);\n"
       << "    return name ? std::string_view(name) : std::string_view();\n"
       << "  }\n";
  }

  OS << "  static constexpr std::string_view service_name = "
     << cppStringLiteral(S.Service) << ";\n"
     << "  static constexpr std::string_view event_name = "
     << cppStringLiteral(E.Name) << ";\n"
     << "  static constexpr unsigned version_major = " << E.EventVersion.Major
     << ";\n"
     << "  static constexpr unsigned version_minor = " << E.EventVersion.Minor
     << ";\n"
     << "  static constexpr std::string_view schema_hash = "
     << cppStringLiteral(Hash) << ";\n";
  if (E.Outcome)
    OS << "  static constexpr std::string_view outcome = "
       << cppStringLiteral(*E.Outcome) << ";\n";
  OS << "  static constexpr ::trailguard::context_fields required_context = {";
  auto Needs = [&](ContextField C) {
    return std::find(E.Context.begin(), E.Context.end(), C) != E.Context.end();
  };
  OS << (Needs(ContextField::Actor) ? "true" : "false") << ", "
     << (Needs(ContextField::Session) ? "true" : "false") << ", "
     << (Needs(ContextField::SourceAddress) ? "true" : "false") << ", "
     << (Needs(ContextField::RequestId) ? "true" : "false") << "};\n\n";

  for (const Field &F : E.Fields) {
    if (F.MaxLength)
      OS << "  static constexpr std::size_t " << F.Name
         << "_max_length = " << *F.MaxLength << ";\n";
    cppDocComment(OS, "  ", F.Description);
    OS << "  ";
    if (!F.DeprecatedSince.empty())
      OS << "[[deprecated("
         << cppStringLiteral("deprecated since " + F.DeprecatedSince +
                             (F.ReplacedBy.empty() ? std::string()
                                                   : "; use " + F.ReplacedBy))
         << ")]] ";
    OS << tierMacro(F.Tier) << " ";
    if (F.Required)
      OS << valueType(F) << " " << F.Name << ";\n";
    else
      OS << "std::optional<" << valueType(F) << "> " << F.Name << ";\n";
  }

  // Every required field is a constructor parameter: an event built
  // without one does not compile.
  bool AnyRequired = false;
  for (const Field &F : E.Fields)
    AnyRequired |= F.Required;
  OS << "\nTRAILGUARD_DETAIL_SUPPRESS_DEPRECATED_BEGIN\n";
  OS << "  " << (AnyRequired ? "explicit " : "") << Type << "(";
  bool First = true;
  for (const Field &F : E.Fields) {
    if (!F.Required)
      continue;
    OS << (First ? "" : ", ") << tierMacro(F.Tier) << " " << valueType(F)
       << " " << F.Name << "_";
    First = false;
  }
  OS << ")";
  First = true;
  for (const Field &F : E.Fields) {
    if (!F.Required)
      continue;
    OS << (First ? "\n      : " : ",\n        ") << F.Name << "(";
    if (passByValueAndMove(F))
      OS << "std::move(" << F.Name << "_))";
    else
      OS << F.Name << "_)";
    First = false;
  }
  OS << " {}\n\n";

  // The fields in schema order, for the encoder: no reflection, no maps.
  OS << "  template <typename Visitor> void visit(Visitor &&visitor) const {\n";
  for (const Field &F : E.Fields)
    OS << "    visitor(" << cppStringLiteral(F.Name) << ", " << F.Name << ", "
       << tierValue(F.Tier) << ");\n";
  if (E.Fields.empty())
    OS << "    (void)visitor;\n";
  OS << "  }\n";

  // Limits the schema sets, checked when the event is built.
  OS << "\n  /// The name of the first field that breaks a schema limit, or\n"
        "  /// nullptr when the event is valid.\n"
        "  [[nodiscard]] const char *invalid_field() const noexcept {\n";
  for (const Field &F : E.Fields) {
    if (!F.MaxLength)
      continue;
    std::string Access = F.Required ? F.Name : "(*" + F.Name + ")";
    if (!F.Required)
      OS << "    if (" << F.Name << ".has_value())\n  ";
    if (F.Type == FieldType::StringList)
      OS << "    for (const std::string &item : " << Access
         << ") if (item.size() > " << F.Name << "_max_length) return "
         << cppStringLiteral(F.Name) << ";\n";
    else
      OS << "    if (" << Access << ".size() > " << F.Name
         << "_max_length) return " << cppStringLiteral(F.Name) << ";\n";
  }
  // An enum value made with static_cast from a number that names no member.
  for (const Field &F : E.Fields) {
    if (F.Type != FieldType::Enum)
      continue;
    emitRefusal(F, "to_string(", ")", OS);
  }
  // JSON has no NaN or infinity, and a reader cannot tell what they meant.
  for (const Field &F : E.Fields) {
    if (F.Type != FieldType::Double)
      continue;
    emitRefusal(F, "std::isfinite(", ")", OS);
  }
  for (const Field &F : E.Fields) {
    if (F.Type != FieldType::IpAddress)
      continue;
    emitRefusal(F, "::trailguard::detail::is_ip_address(", ")", OS);
  }
  for (const Field &F : E.Fields) {
    if (F.Pattern.empty() || (F.Type != FieldType::String &&
                              F.Type != FieldType::IpAddress))
      continue;
    emitPatternCheck(F, OS);
  }
  OS << "    return nullptr;\n  }\n";
  OS << "TRAILGUARD_DETAIL_SUPPRESS_DEPRECATED_END\n";
  OS << "};\n\n";
}

} // namespace

void emitCpp(const Schema &S, std::ostream &OS) {
  OS << "// Generated by trailguard-gen from " << cppCommentText(S.Service)
     << " schema " << versionString(S.SchemaVersion)
     << ". Do not edit: edit the schema.\n"
     << "#pragma once\n\n"
     << "#include <trailguard/annotations.hpp>\n"
     << "#include <trailguard/event.hpp>\n";
  bool AnyPattern = false;
  for (const Event &E : S.Events)
    for (const Field &F : E.Fields)
      AnyPattern |= !F.Pattern.empty();
  if (AnyPattern)
    OS << "#include <trailguard/detail/pattern.hpp>\n";
  OS << "\n"
     << "#include <chrono>\n";
  bool AnyDouble = false;
  for (const Event &E : S.Events)
    for (const Field &F : E.Fields)
      AnyDouble |= F.Type == FieldType::Double;
  if (AnyDouble)
    OS << "#include <cmath>\n";
  OS << "#include <cstddef>\n#include <cstdint>\n"
     << "#include <optional>\n";
  OS << "#include <string>\n#include <string_view>\n"
     << "#include <utility>\n#include <vector>\n\n"
     << "namespace " << S.Namespace << " {\n\n"
     << "inline constexpr std::string_view service_name = "
     << cppStringLiteral(S.Service) << ";\n"
     << "inline constexpr std::string_view schema_version = "
     << cppStringLiteral(versionString(S.SchemaVersion)) << ";\n\n";
  // Once: it walks the whole schema.
  const std::string Hash = schemaHash(S);
  for (const Event &E : S.Events)
    emitEvent(S, E, Hash, OS);
  OS << "}  // namespace " << S.Namespace << "\n";
}

} // namespace gen
} // namespace trailguard
