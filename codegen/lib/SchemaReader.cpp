//===--- SchemaReader.cpp - schema.yaml to Schema -------------------------===//
//
// Reads and validates an events schema on the toolchain's YAML reader
// (Yaml.h), reporting every mistake as PATH:LINE:COL with how to fix it.
//
//===----------------------------------------------------------------------===//

#include "Ascii.h"
#include "Pattern.h"
#include "Schema.h"
#include "Yaml.h"
#include "YamlDiagnostics.h"

#include <algorithm>
#include <functional>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

namespace trailguard {
namespace gen {
namespace {

using yaml::Node;

/// Limits so that hostile input cannot exhaust the stack or memory.
constexpr size_t MaxSchemaBytes = 4 << 20;
constexpr size_t MaxPatternLength = 1024;
/// The generated enum's underlying type is unsigned char.
constexpr size_t MaxEnumMembers = 256;

using Words = std::vector<std::string_view>;

const Words TopKeys = {"format", "namespace", "service", "version", "events"};
const Words EventKeys = {"name",    "version",    "description",
                         "outcome", "ocsf",       "ecs",
                         "context", "deprecated", "fields"};
const Words FieldKeys = {"name",     "type",        "tier",
                         "required", "description", "max_length",
                         "pattern",  "members",     "deprecated"};
const Words OcsfKeys = {"class_uid", "activity_id"};
const Words EcsKeys = {"category", "type"};
const Words DeprecatedKeys = {"since", "replaced_by"};
const std::string_view TypeNames[] = {
    "string", "bool",     "int64",      "uint64", "double",
    "timestamp", "duration", "ip_address", "enum", "string_list"};
const std::string_view ContextNames[] = {"actor", "session", "source_address",
                                         "request_id"};
// Indexed by the enums' values (typeName(), contextName()): one name each.
static_assert(std::size(TypeNames) ==
                  static_cast<size_t>(FieldType::StringList) + 1,
              "every FieldType has one name, in the enum's order");
static_assert(std::size(ContextNames) ==
                  static_cast<size_t>(ContextField::RequestId) + 1,
              "every ContextField has one name, in the enum's order");

/// C++20 keywords and alternative tokens: not usable as names.
const std::string_view CxxKeywords[] = {
    "alignas",       "alignof",     "and",
    "and_eq",        "asm",         "auto",
    "bitand",        "bitor",       "bool",
    "break",         "case",        "catch",
    "char",          "char8_t",     "char16_t",
    "char32_t",      "class",       "compl",
    "concept",       "const",       "consteval",
    "constexpr",     "constinit",   "const_cast",
    "continue",      "co_await",    "co_return",
    "co_yield",      "decltype",    "default",
    "delete",        "do",          "double",
    "dynamic_cast",  "else",        "enum",
    "explicit",      "export",      "extern",
    "false",         "float",       "for",
    "friend",        "goto",        "if",
    "inline",        "int",         "long",
    "mutable",       "namespace",   "new",
    "noexcept",      "not",         "not_eq",
    "nullptr",       "operator",    "or",
    "or_eq",         "private",     "protected",
    "public",        "register",    "reinterpret_cast",
    "requires",      "return",      "short",
    "signed",        "sizeof",      "static",
    "static_assert", "static_cast", "struct",
    "switch",        "template",    "this",
    "thread_local",  "throw",       "true",
    "try",           "typedef",     "typeid",
    "typename",      "union",       "unsigned",
    "using",         "virtual",     "void",
    "volatile",      "wchar_t",     "while",
    "xor",           "xor_eq"};

std::string shown(std::string_view Text) { return shownText(Text); }

template <typename Range> Words wordsOf(const Range &R) {
  return Words(std::begin(R), std::end(R));
}

/// How "did you mean" finds a schema's word: its names are snake_case.
constexpr NearMatch SchemaNearMatch{'_', 4, 16};

/// The candidate \p Word most likely meant, if one is close enough.
std::optional<std::string_view> closest(std::string_view Word,
                                        const Words &Candidates) {
  return closestWord(Word, Candidates, SchemaNearMatch);
}

template <typename Range>
bool contains(const Range &R, const std::string_view &Item) {
  return std::find(std::begin(R), std::end(R), Item) != std::end(R);
}

bool isKeyword(std::string_view Name) { return contains(CxxKeywords, Name); }

/// Why \p Name is not usable as a C++ identifier, or "" if it is.
std::string identifierProblem(std::string_view Name) {
  if (Name.empty())
    return "is empty";
  if (isKeyword(Name))
    return "is a C++ keyword";
  if (isDigit(Name.front()))
    return "starts with a digit";
  for (size_t I = 0; I < Name.size();) {
    size_t Start = I;
    std::optional<uint32_t> CP = nextCodePoint(Name, I);
    // The whole character, so that the message never cuts one in half.
    if (!CP || *CP >= 0x80 ||
        (!isAlnum(static_cast<char>(*CP)) && *CP != '_'))
      return "contains '" + shown(Name.substr(Start, I - Start)) +
             "', which is not allowed in a C++ identifier";
  }
  if (Name.size() >= 2 && Name[0] == '_' && isUpper(Name[1]))
    return "starts with '_' and an uppercase letter, which is reserved in "
           "C++";
  if (Name.find("__") != std::string_view::npos)
    return "contains '__', which is reserved in C++";
  return "";
}

/// \p Text as a whole number that fits \p Max, digits only.
std::optional<uint64_t> parseDecimal(std::string_view Text, uint64_t Max) {
  if (Text.empty() || !allOf(Text, isDigit))
    return std::nullopt;
  uint64_t Value = 0;
  for (char C : Text) {
    unsigned D = static_cast<unsigned>(C - '0');
    if (Value > (Max - D) / 10)
      return std::nullopt;
    Value = Value * 10 + D;
  }
  return Value;
}

std::optional<Version> parseVersion(std::string_view Text) {
  size_t Dot = Text.find('.');
  if (Dot == std::string_view::npos)
    return std::nullopt;
  std::optional<uint64_t> Major = parseDecimal(Text.substr(0, Dot), UINT32_MAX);
  std::optional<uint64_t> Minor =
      parseDecimal(Text.substr(Dot + 1), UINT32_MAX);
  if (!Major || !Minor)
    return std::nullopt;
  return Version{static_cast<unsigned>(*Major), static_cast<unsigned>(*Minor)};
}

std::string makeError(std::string_view Path, unsigned Line, unsigned Column,
                      std::string_view Message) {
  std::string Shown = escapedText(Path);
  if (Line == 0)
    return Shown + ": " + std::string(Message);
  return Shown + ":" + std::to_string(Line) + ":" + std::to_string(Column) +
         ": " + std::string(Message);
}

/// A number of more than nine digits in a `{m,n}` repeat count or a `\\N`
/// back-reference of \p Pattern, if there is one.
std::optional<std::string> longRegexNumber(std::string_view Pattern) {
  bool InBraces = false;
  for (size_t I = 0; I < Pattern.size(); ++I) {
    char C = Pattern[I];
    bool Counted = InBraces;
    if (C == '\\' && I + 1 < Pattern.size()) {
      ++I;
      if (!isDigit(Pattern[I]))
        continue;
      Counted = true;
    } else if (C == '{') {
      InBraces = true;
      continue;
    } else if (C == '}') {
      InBraces = false;
      continue;
    } else if (!isDigit(C)) {
      continue;
    }
    size_t End = I;
    while (End < Pattern.size() && isDigit(Pattern[End]))
      ++End;
    if (Counted && End - I > 9)
      return std::string(Pattern.substr(I, End - I));
    I = End - 1;
  }
  return std::nullopt;
}

/// Walks one parsed schema, stopping at the first problem: every read
/// function returns false once Message is set.
class Reader {
public:
  Reader(std::string_view Path, std::string_view Text)
      : Path(Path), Text(Text) {}

  bool read(const yaml::Stream &S, Schema &Out);

  std::string Message;

private:
  using KeyFn = std::function<bool(std::string_view, const Node *)>;

  bool error(const Node *N, const std::string &Why) {
    SourcePos P = pos(N);
    Message = makeError(Path, P.Line, P.Column, Why);
    return false;
  }
  /// Where \p N starts as schemas have always been told: a flow collection
  /// at its first entry (or its closing bracket when it is empty), not at
  /// its opening bracket.
  SourcePos pos(const Node *N) const;
  unsigned line(const Node *N) const { return pos(N).Line; }
  /// The text of a plain '~' or 'null', which schemas take as text.
  std::string_view nullText(const Node *N) const {
    if (!N->isNull() || N->End.Offset <= N->Start.Offset ||
        N->End.Offset > Text.size())
      return {};
    return Text.substr(N->Start.Offset, N->End.Offset - N->Start.Offset);
  }
  bool isPlainNumber(const Node *N) const {
    return N->isPlain() || !nullText(N).empty();
  }

  /// \p Where ends messages' context (" in event 'x'"); it may change as
  /// keys are read.
  bool forEachKey(const Node &M, const Words &Keys, const std::string &Where,
                  const KeyFn &F);
  std::optional<std::string> text(const Node *N,
                                  const std::string &Expectation);
  const Node *mapping(const Node *N, std::string_view Key,
                      std::string_view Example);
  const Node *sequence(const Node *N, std::string_view Key,
                       std::string_view Example);
  std::optional<Version> version(const Node *N, std::string_view Key);
  std::optional<uint64_t> number(const Node *N, std::string_view Key,
                                 uint64_t Max);
  std::optional<bool> boolean(const Node *N, std::string_view Key);
  std::optional<std::vector<std::string>> words(const Node *N,
                                                std::string_view Key);

  bool readNamespace(const Node *N, Schema &Out);
  bool checkGeneratedNames(const Node *N, const Field &F,
                           const std::string &Where,
                           std::unordered_map<std::string, std::string> &Generated);
  bool readEvents(const Node *N, Schema &Out);
  bool readField(const Node &M, const Event &E, Field &F,
                 const Node *&ReplacedBy);
  bool readEvent(const Node &M, Event &E, const Node *&ReplacedBy);
  bool readDeprecated(const Node *N, const std::string &Where,
                      std::string &Since, std::string &ReplacedBy,
                      const Node *&ReplacedByNode);

  std::string_view Path;
  std::string_view Text;
};

SourcePos Reader::pos(const Node *N) const {
  if (!N)
    return {};
  SourcePos P{N->Start.Line, N->Start.Column};
  bool Flow = N->Flow && (N->isMapping() || N->isSequence());
  if (!Flow || N->Start.Offset >= Text.size())
    return P;
  // Past the bracket, blanks, line breaks and comments, to the next token.
  size_t I = N->Start.Offset + 1;
  ++P.Column;
  while (I < Text.size()) {
    char C = Text[I];
    if (C == ' ' || C == '\t' || C == '\r') {
      ++I;
      ++P.Column;
    } else if (C == '\n') {
      ++I;
      ++P.Line;
      P.Column = 1;
    } else if (C == '#') {
      while (I < Text.size() && Text[I] != '\n')
        ++I;
    } else {
      break;
    }
  }
  return P;
}

bool Reader::forEachKey(const Node &M, const Words &Keys,
                        const std::string &W, const KeyFn &F) {
  yaml::KeyChecker Checker(Keys, SchemaNearMatch);
  for (const yaml::KeyValue &KV : M.Entries) {
    const Node *KeyNode = KV.Key;
    if (std::optional<std::string> Why = Checker.check(*KeyNode, W))
      return error(KeyNode, *Why);
    const std::string &Key = KeyNode->Value;
    const Node *V = KV.Value;
    if (!V || (V->isNull() && nullText(V).empty()))
      return error(KeyNode, "missing value for '" + Key + "'" + W +
                                "; write it after the colon");
    if (!F(Key, V))
      return false;
  }
  return true;
}

std::optional<std::string> Reader::text(const Node *N,
                                        const std::string &Expectation) {
  if (N && N->isScalar())
    return N->Value;
  if (N && !nullText(N).empty())
    return std::string(nullText(N));
  error(N, "expected " + Expectation);
  return std::nullopt;
}

const Node *Reader::mapping(const Node *N, std::string_view Key,
                            std::string_view Example) {
  if (!N->isMapping()) {
    error(N, "expected keys under '" + std::string(Key) + "'; write " +
                 std::string(Example));
    return nullptr;
  }
  return N;
}

const Node *Reader::sequence(const Node *N, std::string_view Key,
                             std::string_view Example) {
  if (!N->isSequence()) {
    error(N, "expected a list for '" + std::string(Key) + "'; write " +
                 std::string(Example));
    return nullptr;
  }
  return N;
}

std::optional<Version> Reader::version(const Node *N, std::string_view Key) {
  std::string K(Key);
  std::optional<std::string> T =
      text(N, "a quoted version for '" + K + "', such as \"1.0\"");
  if (!T)
    return std::nullopt;
  std::optional<Version> V = parseVersion(*T);
  if (!V) {
    error(N, "invalid version '" + shown(*T) + "' for '" + K +
                 "'; write major.minor in quotes, such as \"1.0\"");
    return std::nullopt;
  }
  if (isPlainNumber(N)) {
    error(N, "version " + *T + " for '" + K +
                 "' is written as a YAML number (other YAML readers "
                 "take 1.10 as 1.1); quote it: \"" +
                 *T + "\"");
    return std::nullopt;
  }
  return V;
}

std::optional<uint64_t> Reader::number(const Node *N, std::string_view Key,
                                       uint64_t Max) {
  std::string K(Key);
  std::optional<std::string> T = text(N, "a whole number for '" + K + "'");
  if (!T)
    return std::nullopt;
  std::optional<uint64_t> Value = parseDecimal(*T, Max);
  if (!Value)
    error(N, "expected a whole number from 0 to " + std::to_string(Max) +
                 " for '" + K + "', not '" + shown(*T) + "'");
  return Value;
}

std::optional<bool> Reader::boolean(const Node *N, std::string_view Key) {
  std::string K(Key);
  std::optional<std::string> T = text(N, "true or false for '" + K + "'");
  if (!T)
    return std::nullopt;
  std::optional<bool> B = yaml::asBool(*N);
  if (!B)
    error(N, "expected true or false for '" + K + "', not '" + shown(*T) +
                 "'");
  return B;
}

std::optional<std::vector<std::string>> Reader::words(const Node *N,
                                                      std::string_view Key) {
  std::string K(Key);
  const Node *S = sequence(N, Key, "[a, b] or one '- item' per line");
  if (!S)
    return std::nullopt;
  std::vector<std::string> Out;
  for (const Node *Item : S->Items) {
    std::optional<std::string> T = text(Item, "a word in '" + K + "'");
    if (!T)
      return std::nullopt;
    if (T->empty()) {
      error(Item, "empty entry in '" + K + "'; remove it");
      return std::nullopt;
    }
    Out.push_back(std::move(*T));
  }
  return Out;
}

bool Reader::readNamespace(const Node *N, Schema &Out) {
  std::optional<std::string> T =
      text(N, "a C++ namespace for 'namespace', such as shop::audit");
  if (!T)
    return false;
  std::string Problem = namespaceProblem(*T);
  if (!Problem.empty())
    return error(N, Problem);
  Out.Namespace = std::move(*T);
  return true;
}

bool Reader::readDeprecated(const Node *N, const std::string &Where,
                            std::string &Since, std::string &ReplacedBy,
                            const Node *&ReplacedByNode) {
  const Node *M =
      mapping(N, "deprecated", "{ since: \"1.1\", replaced_by: ... }");
  if (!M)
    return false;
  bool HasSince = false;
  if (!forEachKey(*M, DeprecatedKeys, " under 'deprecated'" + Where,
                  [&](std::string_view Key, const Node *V) {
                    if (Key == "since") {
                      std::optional<Version> Ver = version(V, "since");
                      if (!Ver)
                        return false;
                      Since = versionString(*Ver);
                      HasSince = true;
                      return true;
                    }
                    std::optional<std::string> T =
                        text(V, "a name for 'replaced_by'");
                    if (!T)
                      return false;
                    ReplacedBy = std::move(*T);
                    ReplacedByNode = V;
                    return true;
                  }))
    return false;
  if (!HasSince)
    return error(M, "missing 'since' under 'deprecated'" + Where +
                        "; add 'since: \"1.1\"', the version that "
                        "deprecated it");
  return true;
}

bool Reader::readField(const Node &M, const Event &E, Field &F,
                       const Node *&ReplacedBy) {
  F.Pos = pos(&M);
  std::string Where = " in a field of event '" + E.Name + "'";
  bool HasName = false, HasType = false, HasTier = false;
  const Node *MaxLengthNode = nullptr, *PatternNode = nullptr,
             *MembersNode = nullptr, *ReplacedByNode = nullptr;
  if (!forEachKey(
          M, FieldKeys, Where, [&](std::string_view Key, const Node *V) {
            if (Key == "name") {
              std::optional<std::string> T = text(V, "a field name");
              if (!T)
                return false;
              std::string Problem = identifierProblem(*T);
              if (Problem.empty() && !allOf(*T, [](char C) {
                    return isLower(C) || isDigit(C) || C == '_';
                  }))
                Problem = "is not snake_case";
              if (Problem.empty() && (*T)[0] == '_')
                Problem = "starts with '_'";
              if (!Problem.empty())
                return error(V, "invalid field name '" + shown(*T) + "': it " +
                                    Problem +
                                    "; use a snake_case C++ identifier such "
                                    "as user_id");
              F.Name = std::move(*T);
              Where = " in field '" + F.Name + "' of event '" + E.Name + "'";
              HasName = true;
            } else if (Key == "type") {
              std::optional<std::string> T = text(V, "a type name");
              if (!T)
                return false;
              const std::string_view *It =
                  std::find(std::begin(TypeNames), std::end(TypeNames), *T);
              if (It == std::end(TypeNames)) {
                std::string Why = "unknown type '" + shown(*T) + "'" + Where;
                if (std::optional<std::string_view> Near =
                        closest(*T, wordsOf(TypeNames)))
                  return error(V, Why + "; did you mean '" +
                                      std::string(*Near) + "'?");
                return error(V, Why + "; valid types: " +
                                    joined(TypeNames, ", "));
              }
              F.Type = static_cast<FieldType>(It - std::begin(TypeNames));
              HasType = true;
            } else if (Key == "tier") {
              std::optional<std::string> T = text(V, "a tier");
              if (!T)
                return false;
              if (std::optional<Tier> Parsed = parseTier(*T))
                F.Tier = *Parsed;
              else {
                std::string Why = "unknown tier '" + shown(*T) + "'" + Where;
                if (std::optional<std::string_view> Near =
                        closest(*T, tierNames()))
                  return error(V, Why + "; did you mean '" +
                                      std::string(*Near) + "'?");
                return error(V, Why + "; write sensitive, restricted or "
                                      "unrestricted");
              }
              HasTier = true;
            } else if (Key == "required") {
              std::optional<bool> B = boolean(V, "required");
              if (!B)
                return false;
              F.Required = *B;
            } else if (Key == "description") {
              std::optional<std::string> T = text(V, "text for 'description'");
              if (!T)
                return false;
              F.Description = std::move(*T);
            } else if (Key == "max_length") {
              std::optional<uint64_t> N = number(V, "max_length", UINT32_MAX);
              if (!N)
                return false;
              if (*N == 0)
                return error(V, "'max_length' is 0" + Where +
                                    "; write a positive length or omit it");
              F.MaxLength = *N;
              MaxLengthNode = V;
            } else if (Key == "pattern") {
              std::optional<std::string> T = text(V, "a regular expression");
              if (!T)
                return false;
              if (T->size() > MaxPatternLength)
                return error(V, "'pattern' is longer than " +
                                    std::to_string(MaxPatternLength) +
                                    " characters; simplify it");
              // A number this long is a typo, said plainly rather than as a
              // count over the limit or an unsupported back-reference.
              if (std::optional<std::string> Long = longRegexNumber(*T))
                return error(V, "pattern '" + shown(*T) + "' has the number " +
                                    *Long + " in a repeat count or "
                                    "back-reference; use at most 9 digits");
              // The engine the generated code and the collector run, so
              // that every pattern accepted here is matched in linear time.
              pattern::Dfa Compiled;
              pattern::Problem Why;
              if (!pattern::compile(*T, Compiled, Why)) {
                if (Why.Unsupported)
                  return error(V, "pattern '" + shown(*T) +
                                      "' is not supported: " + Why.Message +
                                      "; trailguard matches patterns in "
                                      "linear time, see what it supports in "
                                      "docs/schema.md (\"pattern\")");
                return error(V, "invalid regular expression '" + shown(*T) +
                                    "' in 'pattern': " + Why.Message +
                                    "; write an ECMAScript regular "
                                    "expression such as \"^[a-z]+$\"");
              }
              F.Pattern = std::move(*T);
              PatternNode = V;
            } else if (Key == "members") {
              const Node *S = sequence(V, "members", "[member_a, member_b]");
              if (!S)
                return false;
              std::unordered_map<std::string, unsigned> Seen;
              for (const Node *Item : S->Items) {
                if (F.EnumMembers.size() == MaxEnumMembers)
                  return error(Item,
                               "more than " + std::to_string(MaxEnumMembers) +
                                   " members" + Where +
                                   "; a generated enum holds at most " +
                                   std::to_string(MaxEnumMembers) +
                                   " (one byte): split the field, or "
                                   "make it a string with a pattern");
                std::optional<std::string> T =
                    text(Item, "an enum member name");
                if (!T)
                  return false;
                std::string Problem = identifierProblem(*T);
                if (!Problem.empty())
                  return error(Item, "invalid enum member '" + shown(*T) +
                                         "'" + Where + ": it " + Problem +
                                         "; use a C++ identifier such as "
                                         "password");
                auto Ins = Seen.try_emplace(*T, line(Item));
                if (!Ins.second)
                  return error(Item, "duplicate enum member '" + *T + "'" +
                                         Where +
                                         "; it is already listed at "
                                         "line " +
                                         std::to_string(Ins.first->second) +
                                         ", remove one of them");
                F.EnumMembers.push_back(std::move(*T));
              }
              MembersNode = V;
            } else {
              return readDeprecated(V, Where, F.DeprecatedSince, F.ReplacedBy,
                                    ReplacedByNode);
            }
            return true;
          }))
    return false;
  if (!HasName)
    return error(&M, "missing 'name' in a field of event '" + E.Name +
                         "'; add 'name: user_id'");
  if (!HasType)
    return error(&M, "field '" + F.Name + "' of event '" + E.Name +
                         "' has no type; add 'type: string' "
                         "(or " +
                         joined(Words(std::begin(TypeNames) + 1,
                                      std::end(TypeNames)),
                                ", ") +
                         ")");
  if (!HasTier)
    return error(&M, "field '" + F.Name + "' of event '" + E.Name +
                         "' has no tier; add 'tier: "
                         "sensitive|restricted|unrestricted' — there is no "
                         "default");
  if (F.Type == FieldType::Enum && !MembersNode)
    return error(&M, "enum field '" + F.Name + "' of event '" + E.Name +
                         "' has no members; add 'members: [a, b]'");
  if (F.Type == FieldType::Enum && F.EnumMembers.empty())
    return error(MembersNode, "enum field '" + F.Name + "' of event '" +
                                  E.Name +
                                  "' has an empty 'members' list; list at "
                                  "least one member");
  if (F.Type != FieldType::Enum && MembersNode)
    return error(MembersNode, "'members'" + Where +
                                  " is only for enum "
                                  "fields; remove it or write 'type: enum'");
  if (MaxLengthNode && F.Type != FieldType::String &&
      F.Type != FieldType::StringList)
    return error(MaxLengthNode, "'max_length'" + Where +
                                    " is only for string and string_list "
                                    "fields; remove it");
  if (PatternNode && F.Type != FieldType::String)
    return error(PatternNode,
                 "'pattern'" + Where + " is only for string fields; remove it");
  ReplacedBy = ReplacedByNode;
  return true;
}

bool Reader::readEvent(const Node &M, Event &E, const Node *&ReplacedBy) {
  E.Pos = pos(&M);
  bool HasName = false, HasVersion = false;
  std::string Where = " in an entry of 'events'";
  const Node *ReplacedByNode = nullptr;
  // Where each field's replaced_by is, checked once all fields are read.
  std::vector<const Node *> FieldReplacedBy;
  if (!forEachKey(
          M, EventKeys, Where, [&](std::string_view Key, const Node *V) {
            if (Key == "name") {
              std::optional<std::string> T = text(V, "an event name");
              if (!T)
                return false;
              bool Ok = !T->empty();
              for (std::string_view Part : splitAll(*T, "."))
                Ok &= !Part.empty() && isLower(Part.front()) &&
                      allOf(Part, [](char C) {
                        return isLower(C) || isDigit(C) || C == '_';
                      });
              if (!Ok)
                return error(V, "invalid event name '" + shown(*T) +
                                    "'; write lowercase identifiers joined "
                                    "by dots, such as authn.login_success");
              E.Name = std::move(*T);
              Where = " in event '" + E.Name + "'";
              HasName = true;
            } else if (Key == "version") {
              std::optional<Version> Ver = version(V, "version");
              if (!Ver)
                return false;
              E.EventVersion = *Ver;
              HasVersion = true;
            } else if (Key == "description") {
              std::optional<std::string> T = text(V, "text for 'description'");
              if (!T)
                return false;
              E.Description = std::move(*T);
            } else if (Key == "outcome") {
              std::optional<std::string> T = text(V, "success or failure");
              if (!T)
                return false;
              if (*T != "success" && *T != "failure")
                return error(V, "invalid outcome '" + shown(*T) + "'" + Where +
                                    "; write success or failure, or omit "
                                    "it");
              E.Outcome = std::move(*T);
            } else if (Key == "ocsf") {
              const Node *O =
                  mapping(V, "ocsf", "{ class_uid: 3002, activity_id: 1 }");
              if (!O)
                return false;
              return forEachKey(
                  *O, OcsfKeys, " under 'ocsf'" + Where,
                  [&](std::string_view K, const Node *N) {
                    std::optional<uint64_t> U = number(N, K, UINT32_MAX);
                    if (!U)
                      return false;
                    (K == "class_uid" ? E.Mappings.OcsfClassUid
                                      : E.Mappings.OcsfActivityId) =
                        static_cast<unsigned>(*U);
                    return true;
                  });
            } else if (Key == "ecs") {
              const Node *O = mapping(
                  V, "ecs", "{ category: [authentication], type: [start] }");
              if (!O)
                return false;
              return forEachKey(*O, EcsKeys, " under 'ecs'" + Where,
                                [&](std::string_view K, const Node *N) {
                                  std::optional<std::vector<std::string>> W =
                                      words(N, K);
                                  if (!W)
                                    return false;
                                  (K == "category" ? E.Mappings.EcsCategory
                                                   : E.Mappings.EcsType) =
                                      std::move(*W);
                                  return true;
                                });
            } else if (Key == "context") {
              const Node *S = sequence(
                  V, "context", "[actor, session, source_address, request_id]");
              if (!S)
                return false;
              E.Context.clear();
              for (const Node *Item : S->Items) {
                std::optional<std::string> T =
                    text(Item, "a context field name");
                if (!T)
                  return false;
                const std::string_view *It = std::find(
                    std::begin(ContextNames), std::end(ContextNames), *T);
                if (It == std::end(ContextNames)) {
                  std::string Why =
                      "unknown context field '" + shown(*T) + "'" + Where;
                  if (std::optional<std::string_view> Near =
                          closest(*T, wordsOf(ContextNames)))
                    return error(Item, Why + "; did you mean '" +
                                           std::string(*Near) + "'?");
                  return error(Item, Why + "; valid ones: " +
                                         joined(ContextNames, ", "));
                }
                auto C =
                    static_cast<ContextField>(It - std::begin(ContextNames));
                if (std::find(E.Context.begin(), E.Context.end(), C) !=
                    E.Context.end())
                  return error(Item, "duplicate context field '" + *T + "'" +
                                         Where + "; remove one of them");
                E.Context.push_back(C);
              }
            } else if (Key == "deprecated") {
              return readDeprecated(V, Where, E.DeprecatedSince, E.ReplacedBy,
                                    ReplacedByNode);
            } else {
              const Node *S =
                  sequence(V, "fields", "one '- name: ...' entry per field");
              if (!S)
                return false;
              std::unordered_map<std::string, unsigned> Seen;
              // Every name the event's struct declares, and what declares it.
              std::unordered_map<std::string, std::string> Generated;
              Generated[eventTypeName(E.Name)] = "the event's struct";
              for (const Node *Item : S->Items) {
                if (!Item->isMapping())
                  return error(Item, "expected a field with keys (" +
                                         joined(FieldKeys, ", ") + ")" +
                                         Where +
                                         "; write '- name: user_id'");
                Field F;
                const Node *FieldReplaced = nullptr;
                if (!readField(*Item, E, F, FieldReplaced))
                  return false;
                FieldReplacedBy.push_back(FieldReplaced);
                auto Ins = Seen.try_emplace(F.Name, F.Pos.Line);
                if (!Ins.second)
                  return error(Item, "duplicate field '" + F.Name + "'" +
                                         Where +
                                         "; it is already defined at line " +
                                         std::to_string(Ins.first->second) +
                                         ", rename or remove one of them");
                if (!checkGeneratedNames(Item, F, Where, Generated))
                  return false;
                E.Fields.push_back(std::move(F));
              }
            }
            return true;
          }))
    return false;
  if (!HasName)
    return error(&M, "missing 'name' in an entry of 'events'; add 'name: "
                     "authn.login_success'");
  if (!HasVersion)
    return error(&M, "missing 'version' in event '" + E.Name +
                         "'; add 'version: \"1.0\"'");
  std::unordered_set<std::string> FieldNames;
  for (const Field &F : E.Fields)
    FieldNames.insert(F.Name);
  for (size_t I = 0; I < E.Fields.size(); ++I) {
    const Field &F = E.Fields[I];
    if (!F.ReplacedBy.empty() &&
        (F.ReplacedBy == F.Name || !FieldNames.count(F.ReplacedBy)))
      return error(FieldReplacedBy[I],
                   "field '" + F.Name + "' of event '" + E.Name +
                       "' is replaced by '" + shown(F.ReplacedBy) +
                       "', which is not another field of the event; "
                       "name an existing field in 'replaced_by'");
  }
  ReplacedBy = ReplacedByNode;
  return true;
}

bool Reader::checkGeneratedNames(
    const Node *N, const Field &F, const std::string &Where,
    std::unordered_map<std::string, std::string> &Generated) {
  // The members every generated struct has.
  static const std::string_view Members[] = {
      "event_name",  "version_major",    "version_minor",
      "schema_hash", "outcome",          "required_context",
      "visit",       "invalid_field",    "to_string",
      "service_name", "trailguard_enum_name"};
  if (contains(Members, F.Name))
    return error(N, "field name '" + F.Name + "'" + Where +
                        " is a member every generated event has; rename the "
                        "field");
  if (endsWith(F.Name, "_"))
    return error(N, "field name '" + F.Name + "'" + Where +
                        " ends with '_', which generated constructor "
                        "parameters use; remove the trailing '_'");
  if (endsWith(F.Name, "_max_length"))
    return error(N, "field name '" + F.Name + "'" + Where +
                        " ends with '_max_length', which generated limits "
                        "use; rename the field");
  auto Clash = [&](const std::string &Name, const std::string &What) {
    auto Ins = Generated.try_emplace(Name, What);
    if (Ins.second)
      return true;
    return error(N, What + Where + " and " + Ins.first->second +
                        " are both named '" + Name +
                        "' in the generated struct; rename the field");
  };
  if (!Clash(F.Name, "field '" + F.Name + "'"))
    return false;
  if (F.Type == FieldType::Enum)
    return Clash(eventTypeName(F.Name),
                 "the enum type of field '" + F.Name + "'");
  return true;
}

bool Reader::readEvents(const Node *N, Schema &Out) {
  const Node *S = sequence(N, "events", "one '- name: ...' entry per event");
  if (!S)
    return false;
  std::unordered_map<std::string, unsigned> Names;
  std::unordered_map<std::string, std::string> TypeNamesSeen;
  std::vector<const Node *> EventReplacedBy;
  for (const Node *Item : S->Items) {
    if (!Item->isMapping())
      return error(Item, "expected an event with keys (" +
                             joined(EventKeys, ", ") +
                             ") in 'events'; write '- name: "
                             "authn.login_success'");
    Event E;
    const Node *ReplacedBy = nullptr;
    if (!readEvent(*Item, E, ReplacedBy))
      return false;
    EventReplacedBy.push_back(ReplacedBy);
    auto Ins = Names.try_emplace(E.Name, E.Pos.Line);
    if (!Ins.second)
      return error(Item, "duplicate event '" + E.Name +
                             "'; it is already defined at line " +
                             std::to_string(Ins.first->second) +
                             ", rename or remove one of them");
    auto TIns = TypeNamesSeen.try_emplace(eventTypeName(E.Name), E.Name);
    if (!TIns.second)
      return error(Item, "events '" + TIns.first->second + "' and '" +
                             E.Name + "' both generate the struct '" +
                             eventTypeName(E.Name) + "'; rename one of them");
    Out.Events.push_back(std::move(E));
  }
  if (Out.Events.empty())
    return error(N, "'events' is empty; list at least one event");
  for (size_t I = 0; I < Out.Events.size(); ++I) {
    const Event &E = Out.Events[I];
    if (!E.ReplacedBy.empty() &&
        (E.ReplacedBy == E.Name || !Names.count(E.ReplacedBy)))
      return error(EventReplacedBy[I],
                   "event '" + E.Name + "' is replaced by '" +
                       shown(E.ReplacedBy) +
                       "', which is not another event of the schema; "
                       "name an existing event in 'replaced_by'");
  }
  return true;
}

bool Reader::read(const yaml::Stream &S, Schema &Out) {
  const std::vector<const Node *> &Docs = S.documents();
  if (Docs.empty() || (Docs.front()->isNull() && nullText(Docs.front()).empty()))
    return error(nullptr, "the schema is empty; start with 'format: 1'");
  const Node *Top = Docs.front();
  if (!Top->isMapping())
    return error(Top, "expected keys at the top level, starting with "
                      "'format: 1'");
  std::unordered_set<std::string> Present;
  if (!forEachKey(
          *Top, TopKeys, "", [&](std::string_view Key, const Node *V) {
            Present.insert(std::string(Key));
            if (Key == "format") {
              std::optional<std::string> T = text(V, "'format: 1'");
              if (!T)
                return false;
              std::optional<uint64_t> F = parseDecimal(*T, UINT32_MAX);
              if (!F || *F != SchemaFormatVersion)
                return error(V, "unsupported schema format '" + shown(*T) +
                                    "'; this trailguard-gen reads 'format: " +
                                    std::to_string(SchemaFormatVersion) +
                                    "'");
              Out.FormatVersion = static_cast<unsigned>(*F);
              return true;
            }
            if (Key == "namespace")
              return readNamespace(V, Out);
            if (Key == "service") {
              std::optional<std::string> T = text(V, "a service name");
              if (!T)
                return false;
              if (trimmed(*T).empty())
                return error(V, "empty 'service'; write the service name");
              Out.Service = std::move(*T);
              return true;
            }
            if (Key == "version") {
              std::optional<Version> Ver = version(V, "version");
              if (!Ver)
                return false;
              Out.SchemaVersion = *Ver;
              return true;
            }
            return readEvents(V, Out);
          }))
    return false;
  const std::pair<std::string_view, std::string_view> Required[] = {
      {"format", "format: 1"},
      {"namespace", "namespace: shop::audit"},
      {"service", "service: shop"},
      {"version", "version: \"1.0\""},
      {"events", "events: with at least one event"}};
  for (const auto &[Key, Example] : Required)
    if (!Present.count(std::string(Key)))
      return error(Top, "missing '" + std::string(Key) + "'; add '" +
                            std::string(Example) + "'");
  if (Docs.size() > 1) {
    const Node *Next = Docs[1];
    if (!Next->isNull() || !nullText(Next).empty())
      return error(Next, "a second YAML document; the schema is one "
                         "document: remove the '---' line above");
  }
  return true;
}

} // namespace

std::optional<Schema> parseSchema(std::string_view Text, std::string_view Path,
                                  std::string &Error) {
  if (Text.size() > MaxSchemaBytes) {
    Error = makeError(Path, 0, 0,
                      "the schema is larger than " +
                          std::to_string(MaxSchemaBytes >> 20) +
                          " MiB; split it or remove unused events");
    return std::nullopt;
  }
  // Syntax, nesting and size are checked over the whole text before any
  // key is read, so a syntax error is reported rather than what the parser
  // made of the text around it.
  yaml::Limits L;
  L.MaxBytes = MaxSchemaBytes;
  yaml::Error Err;
  std::optional<yaml::Stream> S = yaml::parse(Text, L, Err);
  if (!S) {
    Error = makeError(Path, Err.At.Line, Err.At.Column, Err.Message);
    return std::nullopt;
  }
  Schema Out;
  Out.Path = std::string(Path);
  Reader R(Path, Text);
  if (!R.read(*S, Out)) {
    Error = std::move(R.Message);
    return std::nullopt;
  }
  return Out;
}

std::optional<Schema> readSchema(std::string_view Path, std::string &Error) {
  std::string Text, Why;
  // One byte over the limit is enough for parseSchema() to refuse the
  // schema with its own message.
  if (!yaml::readTextFile(std::string(Path), MaxSchemaBytes + 1, Text, Why)) {
    if (Why.rfind("is larger than", 0) == 0)
      Error = makeError(Path, 0, 0,
                        "the schema is larger than " +
                            std::to_string(MaxSchemaBytes >> 20) +
                            " MiB; split it or remove unused events");
    else
      Error = "cannot read " + escapedText(Path) + ": " + Why +
              "; check the path";
    return std::nullopt;
  }
  return parseSchema(Text, Path, Error);
}

const std::vector<std::string_view> &tierNames() {
  static const std::vector<std::string_view> Names(
      std::begin(::trailguard::detail::tier_names),
      std::end(::trailguard::detail::tier_names));
  return Names;
}

std::string versionString(Version V) {
  return std::to_string(V.Major) + "." + std::to_string(V.Minor);
}

std::string_view typeName(FieldType T) {
  return TypeNames[static_cast<unsigned>(T)];
}

std::string_view contextName(ContextField C) {
  return ContextNames[static_cast<unsigned>(C)];
}

std::string eventTypeName(std::string_view EventName) {
  std::string Out;
  bool Upper = true;
  for (char Ch : EventName) {
    if (Ch == '.' || Ch == '_') {
      Upper = true;
      continue;
    }
    Out += Upper ? toUpper(Ch) : Ch;
    Upper = false;
  }
  return Out;
}

std::string namespaceProblem(std::string_view Namespace) {
  if (Namespace.empty())
    return "empty namespace; write a C++ namespace such as shop::audit";
  for (std::string_view Part : splitAll(Namespace, "::")) {
    std::string Problem = identifierProblem(Part);
    if (!Problem.empty())
      return "invalid namespace '" + shown(Namespace) + "': '" + shown(Part) +
             "' " + Problem +
             "; write C++ identifiers separated by '::', such as shop::audit";
  }
  return "";
}

} // namespace gen
} // namespace trailguard
