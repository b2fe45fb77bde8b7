//===--- SchemaReader.cpp - schema.yaml to Schema -------------------------===//
//
// Reads and validates an events schema with LLVM's YAML parser, reporting
// every mistake as PATH:LINE:COL with how to fix it.
//
//===----------------------------------------------------------------------===//

#include "Pattern.h"
#include "Schema.h"
#include "YamlDiagnostics.h"
#include "YamlLimits.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"

#include <algorithm>
#include <iterator>

namespace trailguard {
namespace gen {
namespace {

namespace yaml = llvm::yaml;
using llvm::ArrayRef;
using llvm::Error;
using llvm::Expected;
using llvm::SMLoc;
using llvm::StringRef;
using llvm::Twine;

/// Limits so that hostile input cannot exhaust the stack or memory.
constexpr size_t MaxSchemaBytes = 4 << 20;
constexpr size_t MaxPatternLength = 1024;
/// The generated enum's underlying type is unsigned char.
constexpr size_t MaxEnumMembers = 256;

const StringRef TopKeys[] = {"format", "namespace", "service", "version",
                             "events"};
const StringRef EventKeys[] = {"name",    "version",    "description",
                               "outcome", "ocsf",       "ecs",
                               "context", "deprecated", "fields"};
const StringRef FieldKeys[] = {"name",     "type",        "tier",
                               "required", "description", "max_length",
                               "pattern",  "members",     "deprecated"};
const StringRef OcsfKeys[] = {"class_uid", "activity_id"};
const StringRef EcsKeys[] = {"category", "type"};
const StringRef DeprecatedKeys[] = {"since", "replaced_by"};
const StringRef TypeNames[] = {"string", "bool",       "int64",    "uint64",
                               "double", "timestamp",  "duration", "ip_address",
                               "enum",   "string_list"};
const StringRef ContextNames[] = {"actor", "session", "source_address",
                                  "request_id"};
// Indexed by the enums' values (typeName(), contextName()): one name each.
static_assert(std::size(TypeNames) ==
                  static_cast<size_t>(FieldType::StringList) + 1,
              "every FieldType has one name, in the enum's order");
static_assert(std::size(ContextNames) ==
                  static_cast<size_t>(ContextField::RequestId) + 1,
              "every ContextField has one name, in the enum's order");

/// C++20 keywords and alternative tokens: not usable as names.
const StringRef CxxKeywords[] = {
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

std::string shown(StringRef Text) { return shownText(Text); }

/// The candidate \p Word most likely meant, if one is close enough.
std::optional<StringRef> closest(StringRef Word,
                                 ArrayRef<StringRef> Candidates) {
  if (auto Near = closestWord(
          Word, {Candidates.begin(), Candidates.end()}, {'_', 4, 16}))
    return StringRef(*Near);
  return std::nullopt;
}

bool isKeyword(StringRef Name) { return llvm::is_contained(CxxKeywords, Name); }

/// Why \p Name is not usable as a C++ identifier, or "" if it is.
std::string identifierProblem(StringRef Name) {
  if (Name.empty())
    return "is empty";
  if (isKeyword(Name))
    return "is a C++ keyword";
  if (llvm::isDigit(Name.front()))
    return "starts with a digit";
  for (size_t I = 0; I < Name.size();) {
    size_t Start = I;
    std::optional<uint32_t> CP = nextCodePoint(Name, I);
    // The whole character, so that the message never cuts one in half.
    if (!CP || *CP >= 0x80 ||
        (!llvm::isAlnum(static_cast<char>(*CP)) && *CP != '_'))
      return "contains '" + shown(Name.slice(Start, I)) +
             "', which is not allowed in a C++ identifier";
  }
  if (Name.size() >= 2 && Name[0] == '_' && llvm::isUpper(Name[1]))
    return "starts with '_' and an uppercase letter, which is reserved in "
           "C++";
  if (Name.contains("__"))
    return "contains '__', which is reserved in C++";
  return "";
}

/// Where a plain scalar counts as a YAML float ("1.10" is 1.1 elsewhere).
bool isPlainNumber(const yaml::Node *N) {
  const auto *S = llvm::dyn_cast_or_null<yaml::ScalarNode>(N);
  if (!S)
    return false;
  StringRef Raw = S->getRawValue();
  return !Raw.empty() && Raw.front() != '"' && Raw.front() != '\'';
}

std::optional<Version> parseVersion(StringRef Text) {
  auto [MajorText, MinorText] = Text.split('.');
  if (MajorText.empty() || MinorText.empty() ||
      !llvm::all_of(MajorText, llvm::isDigit) ||
      !llvm::all_of(MinorText, llvm::isDigit))
    return std::nullopt;
  Version V;
  if (MajorText.getAsInteger(10, V.Major) ||
      MinorText.getAsInteger(10, V.Minor))
    return std::nullopt;
  return V;
}

/// A parser message as ours: lowercase, no final period, with a fix.
std::string syntaxMessage(StringRef Message) {
  std::string Fix = "; fix the YAML syntax at this place";
  if (Message.contains_insensitive("tab"))
    Fix = "; indent with spaces";
  return "invalid YAML: " + parserMessage(Message) + Fix;
}

struct SyntaxError {
  bool Seen = false;
  int Line = 0;
  int Column = 0;
  std::string Message;
};

void recordSyntaxError(const llvm::SMDiagnostic &D, void *Context) {
  auto &E = *static_cast<SyntaxError *>(Context);
  if (E.Seen)
    return;
  E.Seen = true;
  E.Line = D.getLineNo();
  E.Column = D.getColumnNo() + 1;
  E.Message = syntaxMessage(D.getMessage());
}

Error makeError(StringRef Path, unsigned Line, unsigned Column,
                const Twine &Message) {
  std::string Shown = escapedText(Path);
  if (Line == 0)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   Shown + ": " + Message);
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 Shown + ":" + Twine(Line) + ":" +
                                     Twine(Column) + ": " + Message);
}

/// A number of more than nine digits in a `{m,n}` repeat count or a `\\N`
/// back-reference of \p Pattern, if there is one.
std::optional<std::string> longRegexNumber(StringRef Pattern) {
  bool InBraces = false;
  for (size_t I = 0; I < Pattern.size(); ++I) {
    char C = Pattern[I];
    bool Counted = InBraces;
    if (C == '\\' && I + 1 < Pattern.size()) {
      ++I;
      if (!llvm::isDigit(Pattern[I]))
        continue;
      Counted = true;
    } else if (C == '{') {
      InBraces = true;
      continue;
    } else if (C == '}') {
      InBraces = false;
      continue;
    } else if (!llvm::isDigit(C)) {
      continue;
    }
    size_t End = I;
    while (End < Pattern.size() && llvm::isDigit(Pattern[End]))
      ++End;
    if (Counted && End - I > 9)
      return Pattern.slice(I, End).str();
    I = End - 1;
  }
  return std::nullopt;
}

/// Walks one parsed schema, stopping at the first problem.
class Reader {
public:
  Reader(StringRef Path, llvm::SourceMgr &SM, SyntaxError &Syntax)
      : Path(Path), SM(SM), Syntax(Syntax) {}

  Error read(yaml::Stream &S, Schema &Out);

private:
  using KeyFn =
      llvm::function_ref<Error(StringRef, yaml::KeyValueNode &, yaml::Node *)>;

  Error error(SMLoc Loc, const Twine &Message);
  Error error(const yaml::Node *N, const Twine &Message) {
    return error(start(N), Message);
  }
  static SMLoc start(const yaml::Node *N) {
    return N ? N->getSourceRange().Start : SMLoc();
  }
  SourcePos pos(const yaml::Node *N) const {
    SMLoc Loc = start(N);
    if (!Loc.isValid() || !SM.FindBufferContainingLoc(Loc))
      return {};
    // SourceMgr finds a column by scanning back to the line's start, which
    // is quadratic over the items of a long flow list ([a, b, ...] on one
    // line). Nodes are mostly asked for in file order: go on from the last.
    const char *Ptr = Loc.getPointer();
    if (!Last.Ptr || Ptr < Last.Ptr) {
      auto LC = SM.getLineAndColumn(Loc);
      Last = {Ptr, {LC.first, LC.second}};
      return Last.Pos;
    }
    StringRef Gap(Last.Ptr, Ptr - Last.Ptr);
    size_t Break = Gap.find_last_of("\n\r");
    Last.Pos.Line += Gap.count('\n');
    Last.Pos.Column = Break == StringRef::npos
                          ? Last.Pos.Column + Gap.size()
                          : static_cast<unsigned>(Gap.size() - Break);
    Last.Ptr = Ptr;
    return Last.Pos;
  }
  unsigned line(const yaml::Node *N) const { return pos(N).Line; }

  /// \p Where ends messages' context (" in event 'x'"); it may change as
  /// keys are read.
  Error forEachKey(yaml::MappingNode &M, ArrayRef<StringRef> Keys,
                   const std::string &Where, KeyFn F);
  Expected<std::string> text(yaml::Node *N, const Twine &Expectation);
  Expected<yaml::MappingNode *> mapping(yaml::Node *N, StringRef Key,
                                        const Twine &Example);
  Expected<yaml::SequenceNode *> sequence(yaml::Node *N, StringRef Key,
                                          const Twine &Example);
  Expected<Version> version(yaml::Node *N, StringRef Key);
  Expected<uint64_t> number(yaml::Node *N, StringRef Key, uint64_t Max);
  Expected<bool> boolean(yaml::Node *N, StringRef Key);
  Expected<std::vector<std::string>> words(yaml::Node *N, StringRef Key);

  Error readNamespace(yaml::Node *N, Schema &Out);
  Error checkGeneratedNames(const yaml::Node *N, const Field &F,
                            const std::string &Where,
                            llvm::StringMap<std::string> &Generated);
  Error readEvents(yaml::Node *N, Schema &Out);
  Error readField(yaml::MappingNode &M, const Event &E, Field &F,
                  SMLoc &ReplacedByLoc);
  Error readEvent(yaml::MappingNode &M, Event &E, SMLoc &ReplacedByLoc);
  Error readDeprecated(yaml::Node *N, const std::string &Where,
                       std::string &Since, std::string &ReplacedBy,
                       yaml::Node *&ReplacedByNode);

  StringRef Path;
  llvm::SourceMgr &SM;
  SyntaxError &Syntax;
  /// The last place pos() found, to go on from.
  mutable struct {
    const char *Ptr = nullptr;
    SourcePos Pos;
  } Last;
};

Error Reader::error(SMLoc Loc, const Twine &Message) {
  if (Syntax.Seen)
    return makeError(Path, Syntax.Line, Syntax.Column, Syntax.Message);
  if (!Loc.isValid() || !SM.FindBufferContainingLoc(Loc))
    return makeError(Path, 0, 0, Message);
  auto LC = SM.getLineAndColumn(Loc);
  return makeError(Path, LC.first, LC.second, Message);
}

Error Reader::forEachKey(yaml::MappingNode &M, ArrayRef<StringRef> Keys,
                         const std::string &W, KeyFn F) {
  llvm::StringMap<unsigned> Seen;
  for (yaml::KeyValueNode &KV : M) {
    yaml::Node *KeyNode = KV.getKey();
    if (Syntax.Seen)
      return error(SMLoc(), "");
    if (!llvm::isa_and_nonnull<yaml::ScalarNode>(KeyNode))
      return error(KeyNode ? KeyNode : &M, "expected a key name" + W +
                                               ", such as '" + Keys.front() +
                                               ":'");
    Expected<std::string> Key = text(KeyNode, "a key name");
    if (!Key)
      return Key.takeError();
    if (!llvm::is_contained(Keys, *Key)) {
      std::string Message = "unknown key '" + shown(*Key) + "'" + W;
      if (std::optional<StringRef> Near = closest(*Key, Keys))
        return error(KeyNode, Message + "; did you mean '" + *Near + "'?");
      return error(KeyNode, Message + "; valid keys: " +
                                llvm::join(ArrayRef<StringRef>(Keys), ", "));
    }
    auto Inserted = Seen.try_emplace(*Key, line(KeyNode));
    if (!Inserted.second)
      return error(KeyNode, "duplicate key '" + *Key + "'" + W +
                                "; it is already set at line " +
                                Twine(Inserted.first->second) +
                                ", remove one of them");
    yaml::Node *V = KV.getValue();
    if (Syntax.Seen)
      return error(SMLoc(), "");
    if (!V || llvm::isa<yaml::NullNode>(V))
      return error(KeyNode, "missing value for '" + *Key + "'" + W +
                                "; write it after the colon");
    if (llvm::isa<yaml::AliasNode>(V))
      return error(KeyNode, "the value of '" + *Key + "'" + W +
                                " is an alias ('*...'), which is not "
                                "supported; write the value out");
    if (Error E = F(*Key, KV, V))
      return E;
  }
  if (Syntax.Seen)
    return error(SMLoc(), "");
  return Error::success();
}

Expected<std::string> Reader::text(yaml::Node *N, const Twine &Expectation) {
  std::string Out;
  if (auto *S = llvm::dyn_cast_or_null<yaml::ScalarNode>(N)) {
    llvm::SmallString<64> Storage;
    Out = S->getValue(Storage).str();
  } else if (auto *B = llvm::dyn_cast_or_null<yaml::BlockScalarNode>(N)) {
    Out = B->getValue().str();
  } else if (llvm::isa_and_nonnull<yaml::AliasNode>(N)) {
    return error(N, "aliases ('*...') are not supported; write the value out");
  } else {
    return error(N, "expected " + Expectation);
  }
  if (Syntax.Seen)
    return error(SMLoc(), "");
  return Out;
}

Expected<yaml::MappingNode *> Reader::mapping(yaml::Node *N, StringRef Key,
                                              const Twine &Example) {
  auto *M = llvm::dyn_cast<yaml::MappingNode>(N);
  if (!M)
    return error(N, "expected keys under '" + Key + "'; write " + Example);
  return M;
}

Expected<yaml::SequenceNode *> Reader::sequence(yaml::Node *N, StringRef Key,
                                                const Twine &Example) {
  auto *S = llvm::dyn_cast<yaml::SequenceNode>(N);
  if (!S)
    return error(N, "expected a list for '" + Key + "'; write " + Example);
  return S;
}

Expected<Version> Reader::version(yaml::Node *N, StringRef Key) {
  Expected<std::string> T =
      text(N, "a quoted version for '" + Key + "', such as \"1.0\"");
  if (!T)
    return T.takeError();
  std::optional<Version> V = parseVersion(*T);
  if (!V)
    return error(N, "invalid version '" + shown(*T) + "' for '" + Key +
                        "'; write major.minor in quotes, such as \"1.0\"");
  if (isPlainNumber(N))
    return error(N, "version " + *T + " for '" + Key +
                        "' is written as a YAML number (other YAML readers "
                        "take 1.10 as 1.1); quote it: \"" +
                        *T + "\"");
  return *V;
}

Expected<uint64_t> Reader::number(yaml::Node *N, StringRef Key, uint64_t Max) {
  Expected<std::string> T = text(N, "a whole number for '" + Key + "'");
  if (!T)
    return T.takeError();
  uint64_t Value = 0;
  if (!llvm::all_of(*T, llvm::isDigit) ||
      StringRef(*T).getAsInteger(10, Value) || Value > Max)
    return error(N, "expected a whole number from 0 to " + Twine(Max) +
                        " for '" + Key + "', not '" + shown(*T) + "'");
  return Value;
}

Expected<bool> Reader::boolean(yaml::Node *N, StringRef Key) {
  Expected<std::string> T = text(N, "true or false for '" + Key + "'");
  if (!T)
    return T.takeError();
  std::optional<bool> B = yaml::parseBool(*T);
  if (!B)
    return error(N, "expected true or false for '" + Key + "', not '" +
                        shown(*T) + "'");
  return *B;
}

Expected<std::vector<std::string>> Reader::words(yaml::Node *N, StringRef Key) {
  Expected<yaml::SequenceNode *> S =
      sequence(N, Key, "[a, b] or one '- item' per line");
  if (!S)
    return S.takeError();
  std::vector<std::string> Out;
  for (yaml::Node &Item : **S) {
    Expected<std::string> T = text(&Item, "a word in '" + Key + "'");
    if (!T)
      return T.takeError();
    if (T->empty())
      return error(&Item, "empty entry in '" + Key + "'; remove it");
    Out.push_back(std::move(*T));
  }
  if (Syntax.Seen)
    return error(SMLoc(), "");
  return Out;
}

Error Reader::readNamespace(yaml::Node *N, Schema &Out) {
  Expected<std::string> T =
      text(N, "a C++ namespace for 'namespace', such as shop::audit");
  if (!T)
    return T.takeError();
  std::string Problem = namespaceProblem(*T);
  if (!Problem.empty())
    return error(N, Problem);
  Out.Namespace = std::move(*T);
  return Error::success();
}

Error Reader::readDeprecated(yaml::Node *N, const std::string &Where,
                             std::string &Since, std::string &ReplacedBy,
                             yaml::Node *&ReplacedByNode) {
  Expected<yaml::MappingNode *> M =
      mapping(N, "deprecated", "{ since: \"1.1\", replaced_by: ... }");
  if (!M)
    return M.takeError();
  bool HasSince = false;
  if (Error E = forEachKey(
          **M, DeprecatedKeys, " under 'deprecated'" + Where,
          [&](StringRef Key, yaml::KeyValueNode &, yaml::Node *V) -> Error {
            if (Key == "since") {
              Expected<Version> Ver = version(V, "since");
              if (!Ver)
                return Ver.takeError();
              Since = (Twine(Ver->Major) + "." + Twine(Ver->Minor)).str();
              HasSince = true;
              return Error::success();
            }
            Expected<std::string> T = text(V, "a name for 'replaced_by'");
            if (!T)
              return T.takeError();
            ReplacedBy = std::move(*T);
            ReplacedByNode = V;
            return Error::success();
          }))
    return E;
  if (!HasSince)
    return error(*M, "missing 'since' under 'deprecated'" + Where +
                         "; add 'since: \"1.1\"', the version that "
                         "deprecated it");
  return Error::success();
}

Error Reader::readField(yaml::MappingNode &M, const Event &E, Field &F,
                        SMLoc &ReplacedByLoc) {
  F.Pos = pos(&M);
  std::string Where = " in a field of event '" + E.Name + "'";
  bool HasName = false, HasType = false, HasTier = false;
  yaml::Node *MaxLengthNode = nullptr, *PatternNode = nullptr,
             *MembersNode = nullptr, *ReplacedByNode = nullptr;
  if (Error Err = forEachKey(
          M, FieldKeys, Where,
          [&](StringRef Key, yaml::KeyValueNode &, yaml::Node *V) -> Error {
            if (Key == "name") {
              Expected<std::string> T = text(V, "a field name");
              if (!T)
                return T.takeError();
              std::string Problem = identifierProblem(*T);
              if (Problem.empty() && !llvm::all_of(*T, [](char C) {
                    return llvm::isLower(C) || llvm::isDigit(C) || C == '_';
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
              Expected<std::string> T = text(V, "a type name");
              if (!T)
                return T.takeError();
              const StringRef *It = llvm::find(TypeNames, *T);
              if (It == std::end(TypeNames)) {
                std::string Message =
                    "unknown type '" + shown(*T) + "'" + Where;
                if (std::optional<StringRef> Near = closest(*T, TypeNames))
                  return error(V, Message + "; did you mean '" + *Near + "'?");
                return error(
                    V, Message + "; valid types: " +
                           llvm::join(ArrayRef<StringRef>(TypeNames), ", "));
              }
              F.Type = static_cast<FieldType>(It - std::begin(TypeNames));
              HasType = true;
            } else if (Key == "tier") {
              Expected<std::string> T = text(V, "a tier");
              if (!T)
                return T.takeError();
              if (std::optional<Tier> Parsed = parseTier(*T))
                F.Tier = *Parsed;
              else {
                std::string Message =
                    "unknown tier '" + shown(*T) + "'" + Where;
                if (std::optional<StringRef> Near = closest(*T, tierNames()))
                  return error(V, Message + "; did you mean '" + *Near + "'?");
                return error(V, Message + "; write sensitive, restricted or "
                                          "unrestricted");
              }
              HasTier = true;
            } else if (Key == "required") {
              Expected<bool> B = boolean(V, "required");
              if (!B)
                return B.takeError();
              F.Required = *B;
            } else if (Key == "description") {
              Expected<std::string> T = text(V, "text for 'description'");
              if (!T)
                return T.takeError();
              F.Description = std::move(*T);
            } else if (Key == "max_length") {
              Expected<uint64_t> N = number(V, "max_length", UINT32_MAX);
              if (!N)
                return N.takeError();
              if (*N == 0)
                return error(V, "'max_length' is 0" + Where +
                                    "; write a positive length or omit it");
              F.MaxLength = *N;
              MaxLengthNode = V;
            } else if (Key == "pattern") {
              Expected<std::string> T = text(V, "a regular expression");
              if (!T)
                return T.takeError();
              if (T->size() > MaxPatternLength)
                return error(V, "'pattern' is longer than " +
                                    Twine(MaxPatternLength) +
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
              Expected<yaml::SequenceNode *> S =
                  sequence(V, "members", "[member_a, member_b]");
              if (!S)
                return S.takeError();
              llvm::StringMap<unsigned> Seen;
              // Every name the event's struct declares, and what declares it.
              llvm::StringMap<std::string> Generated;
              Generated[eventTypeName(E.Name)] = "the event's struct";
              for (yaml::Node &Item : **S) {
                if (F.EnumMembers.size() == MaxEnumMembers)
                  return error(&Item, "more than " + Twine(MaxEnumMembers) +
                                          " members" + Where +
                                          "; a generated enum holds at most " +
                                          Twine(MaxEnumMembers) +
                                          " (one byte): split the field, or "
                                          "make it a string with a pattern");
                Expected<std::string> T = text(&Item, "an enum member name");
                if (!T)
                  return T.takeError();
                std::string Problem = identifierProblem(*T);
                if (!Problem.empty())
                  return error(&Item, "invalid enum member '" + shown(*T) +
                                          "'" + Where + ": it " + Problem +
                                          "; use a C++ identifier such as "
                                          "password");
                auto Ins = Seen.try_emplace(*T, line(&Item));
                if (!Ins.second)
                  return error(&Item, "duplicate enum member '" + *T + "'" +
                                          Where +
                                          "; it is already listed at "
                                          "line " +
                                          Twine(Ins.first->second) +
                                          ", remove one of them");
                F.EnumMembers.push_back(std::move(*T));
              }
              if (Syntax.Seen)
                return error(SMLoc(), "");
              MembersNode = V;
            } else {
              if (Error Err = readDeprecated(V, Where, F.DeprecatedSince,
                                             F.ReplacedBy, ReplacedByNode))
                return Err;
            }
            return Error::success();
          }))
    return Err;
  if (!HasName)
    return error(&M, "missing 'name' in a field of event '" + E.Name +
                         "'; add 'name: user_id'");
  if (!HasType)
    return error(&M, "field '" + F.Name + "' of event '" + E.Name +
                         "' has no type; add 'type: string' "
                         "(or " +
                         llvm::join(ArrayRef(TypeNames).drop_front(), ", ") +
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
  ReplacedByLoc = start(ReplacedByNode);
  return Error::success();
}

Error Reader::readEvent(yaml::MappingNode &M, Event &E, SMLoc &ReplacedByLoc) {
  E.Pos = pos(&M);
  bool HasName = false, HasVersion = false;
  std::string Where = " in an entry of 'events'";
  yaml::Node *ReplacedByNode = nullptr;
  // Where each field's replaced_by is, checked once all fields are read.
  std::vector<SMLoc> FieldReplacedBy;
  if (Error Err = forEachKey(
          M, EventKeys, Where,
          [&](StringRef Key, yaml::KeyValueNode &, yaml::Node *V) -> Error {
            if (Key == "name") {
              Expected<std::string> T = text(V, "an event name");
              if (!T)
                return T.takeError();
              bool Ok = !T->empty();
              for (StringRef Part : llvm::split(StringRef(*T), '.'))
                Ok &= !Part.empty() && llvm::isLower(Part.front()) &&
                      llvm::all_of(Part, [](char C) {
                        return llvm::isLower(C) || llvm::isDigit(C) || C == '_';
                      });
              if (!Ok)
                return error(V, "invalid event name '" + shown(*T) +
                                    "'; write lowercase identifiers joined "
                                    "by dots, such as authn.login_success");
              E.Name = std::move(*T);
              Where = " in event '" + E.Name + "'";
              HasName = true;
            } else if (Key == "version") {
              Expected<Version> Ver = version(V, "version");
              if (!Ver)
                return Ver.takeError();
              E.EventVersion = *Ver;
              HasVersion = true;
            } else if (Key == "description") {
              Expected<std::string> T = text(V, "text for 'description'");
              if (!T)
                return T.takeError();
              E.Description = std::move(*T);
            } else if (Key == "outcome") {
              Expected<std::string> T = text(V, "success or failure");
              if (!T)
                return T.takeError();
              if (*T != "success" && *T != "failure")
                return error(V, "invalid outcome '" + shown(*T) + "'" + Where +
                                    "; write success or failure, or omit "
                                    "it");
              E.Outcome = std::move(*T);
            } else if (Key == "ocsf") {
              Expected<yaml::MappingNode *> O =
                  mapping(V, "ocsf", "{ class_uid: 3002, activity_id: 1 }");
              if (!O)
                return O.takeError();
              return forEachKey(
                  **O, OcsfKeys, " under 'ocsf'" + Where,
                  [&](StringRef K, yaml::KeyValueNode &,
                      yaml::Node *N) -> Error {
                    Expected<uint64_t> U = number(N, K, UINT32_MAX);
                    if (!U)
                      return U.takeError();
                    (K == "class_uid" ? E.Mappings.OcsfClassUid
                                      : E.Mappings.OcsfActivityId) =
                        static_cast<unsigned>(*U);
                    return Error::success();
                  });
            } else if (Key == "ecs") {
              Expected<yaml::MappingNode *> O = mapping(
                  V, "ecs", "{ category: [authentication], type: [start] }");
              if (!O)
                return O.takeError();
              return forEachKey(**O, EcsKeys, " under 'ecs'" + Where,
                                [&](StringRef K, yaml::KeyValueNode &,
                                    yaml::Node *N) -> Error {
                                  Expected<std::vector<std::string>> W =
                                      words(N, K);
                                  if (!W)
                                    return W.takeError();
                                  (K == "category" ? E.Mappings.EcsCategory
                                                   : E.Mappings.EcsType) =
                                      std::move(*W);
                                  return Error::success();
                                });
            } else if (Key == "context") {
              Expected<yaml::SequenceNode *> S = sequence(
                  V, "context", "[actor, session, source_address, request_id]");
              if (!S)
                return S.takeError();
              E.Context.clear();
              for (yaml::Node &Item : **S) {
                Expected<std::string> T = text(&Item, "a context field name");
                if (!T)
                  return T.takeError();
                const StringRef *It = llvm::find(ContextNames, *T);
                if (It == std::end(ContextNames)) {
                  std::string Message =
                      "unknown context field '" + shown(*T) + "'" + Where;
                  if (std::optional<StringRef> Near = closest(*T, ContextNames))
                    return error(&Item,
                                 Message + "; did you mean '" + *Near + "'?");
                  return error(
                      &Item,
                      Message + "; valid ones: " +
                          llvm::join(ArrayRef<StringRef>(ContextNames), ", "));
                }
                auto C =
                    static_cast<ContextField>(It - std::begin(ContextNames));
                if (llvm::is_contained(E.Context, C))
                  return error(&Item, "duplicate context field '" + *T + "'" +
                                          Where + "; remove one of them");
                E.Context.push_back(C);
              }
              if (Syntax.Seen)
                return error(SMLoc(), "");
            } else if (Key == "deprecated") {
              return readDeprecated(V, Where, E.DeprecatedSince, E.ReplacedBy,
                                    ReplacedByNode);
            } else {
              Expected<yaml::SequenceNode *> S =
                  sequence(V, "fields", "one '- name: ...' entry per field");
              if (!S)
                return S.takeError();
              llvm::StringMap<unsigned> Seen;
              // Every name the event's struct declares, and what declares it.
              llvm::StringMap<std::string> Generated;
              Generated[eventTypeName(E.Name)] = "the event's struct";
              for (yaml::Node &Item : **S) {
                auto *FM = llvm::dyn_cast<yaml::MappingNode>(&Item);
                if (!FM)
                  return error(
                      &Item,
                      "expected a field with keys (" +
                          llvm::join(ArrayRef<StringRef>(FieldKeys), ", ") +
                          ")" + Where + "; write '- name: user_id'");
                Field F;
                SMLoc ReplacedByLoc;
                if (Error Err = readField(*FM, E, F, ReplacedByLoc))
                  return Err;
                FieldReplacedBy.push_back(ReplacedByLoc);
                auto Ins = Seen.try_emplace(F.Name, F.Pos.Line);
                if (!Ins.second)
                  return error(FM, "duplicate field '" + F.Name + "'" + Where +
                                       "; it is already defined at line " +
                                       Twine(Ins.first->second) +
                                       ", rename or remove one of them");
                if (Error Err = checkGeneratedNames(FM, F, Where, Generated))
                  return Err;
                E.Fields.push_back(std::move(F));
              }
              if (Syntax.Seen)
                return error(SMLoc(), "");
            }
            return Error::success();
          }))
    return Err;
  if (!HasName)
    return error(&M, "missing 'name' in an entry of 'events'; add 'name: "
                     "authn.login_success'");
  if (!HasVersion)
    return error(&M, "missing 'version' in event '" + E.Name +
                         "'; add 'version: \"1.0\"'");
  llvm::StringSet<> FieldNames;
  for (const Field &F : E.Fields)
    FieldNames.insert(F.Name);
  for (size_t I = 0; I < E.Fields.size(); ++I) {
    const Field &F = E.Fields[I];
    if (!F.ReplacedBy.empty() &&
        (F.ReplacedBy == F.Name || !FieldNames.contains(F.ReplacedBy)))
      return error(FieldReplacedBy[I],
                   "field '" + F.Name + "' of event '" + E.Name +
                       "' is replaced by '" + shown(F.ReplacedBy) +
                       "', which is not another field of the event; "
                       "name an existing field in 'replaced_by'");
  }
  ReplacedByLoc = start(ReplacedByNode);
  return Error::success();
}

Error Reader::checkGeneratedNames(const yaml::Node *N, const Field &F,
                                  const std::string &Where,
                                  llvm::StringMap<std::string> &Generated) {
  // The members every generated struct has.
  static const StringRef Members[] = {
      "event_name",  "version_major",    "version_minor",
      "schema_hash", "outcome",          "required_context",
      "visit",       "invalid_field",    "to_string",
      "service_name", "trailguard_enum_name"};
  if (llvm::is_contained(Members, F.Name))
    return error(N, "field name '" + F.Name + "'" + Where +
                        " is a member every generated event has; rename the "
                        "field");
  if (StringRef(F.Name).ends_with("_"))
    return error(N, "field name '" + F.Name + "'" + Where +
                        " ends with '_', which generated constructor "
                        "parameters use; remove the trailing '_'");
  if (StringRef(F.Name).ends_with("_max_length"))
    return error(N, "field name '" + F.Name + "'" + Where +
                        " ends with '_max_length', which generated limits "
                        "use; rename the field");
  auto Clash = [&](const std::string &Name,
                   const std::string &What) -> Error {
    auto Ins = Generated.try_emplace(Name, What);
    if (Ins.second)
      return Error::success();
    return error(N, What + Where + " and " + Ins.first->second +
                        " are both named '" + Name +
                        "' in the generated struct; rename the field");
  };
  if (Error Err = Clash(F.Name, "field '" + F.Name + "'"))
    return Err;
  if (F.Type == FieldType::Enum)
    return Clash(eventTypeName(F.Name),
                 "the enum type of field '" + F.Name + "'");
  return Error::success();
}

Error Reader::readEvents(yaml::Node *N, Schema &Out) {
  Expected<yaml::SequenceNode *> S =
      sequence(N, "events", "one '- name: ...' entry per event");
  if (!S)
    return S.takeError();
  llvm::StringMap<unsigned> Names;
  llvm::StringMap<std::string> TypeNamesSeen;
  std::vector<SMLoc> EventReplacedBy;
  for (yaml::Node &Item : **S) {
    auto *M = llvm::dyn_cast<yaml::MappingNode>(&Item);
    if (!M)
      return error(&Item, "expected an event with keys (" +
                              llvm::join(ArrayRef<StringRef>(EventKeys), ", ") +
                              ") in 'events'; write '- name: "
                              "authn.login_success'");
    Event E;
    SMLoc ReplacedByLoc;
    if (Error Err = readEvent(*M, E, ReplacedByLoc))
      return Err;
    EventReplacedBy.push_back(ReplacedByLoc);
    auto Ins = Names.try_emplace(E.Name, E.Pos.Line);
    if (!Ins.second)
      return error(M, "duplicate event '" + E.Name +
                          "'; it is already defined at line " +
                          Twine(Ins.first->second) +
                          ", rename or remove one of them");
    auto TIns = TypeNamesSeen.try_emplace(eventTypeName(E.Name), E.Name);
    if (!TIns.second)
      return error(M, "events '" + TIns.first->second + "' and '" + E.Name +
                          "' both generate the struct '" +
                          eventTypeName(E.Name) + "'; rename one of them");
    Out.Events.push_back(std::move(E));
  }
  if (Syntax.Seen)
    return error(SMLoc(), "");
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
  return Error::success();
}

Error Reader::read(yaml::Stream &S, Schema &Out) {
  yaml::document_iterator Doc = S.begin();
  if (Doc == S.end())
    return makeError(Path, 0, 0, "the schema is empty; start with 'format: 1'");
  yaml::Node *Root = Doc->getRoot();
  if (Syntax.Seen)
    return error(SMLoc(), "");
  if (!Root || llvm::isa<yaml::NullNode>(Root))
    return makeError(Path, 0, 0, "the schema is empty; start with 'format: 1'");
  auto *Top = llvm::dyn_cast<yaml::MappingNode>(Root);
  if (!Top)
    return error(Root, "expected keys at the top level, starting with "
                       "'format: 1'");
  llvm::StringSet<> Present;
  if (Error E = forEachKey(
          *Top, TopKeys, "",
          [&](StringRef Key, yaml::KeyValueNode &, yaml::Node *V) -> Error {
            Present.insert(Key);
            if (Key == "format") {
              Expected<std::string> T = text(V, "'format: 1'");
              if (!T)
                return T.takeError();
              unsigned F = 0;
              if (StringRef(*T).getAsInteger(10, F) || F != SchemaFormatVersion)
                return error(V, "unsupported schema format '" + shown(*T) +
                                    "'; this trailguard-gen reads 'format: " +
                                    Twine(SchemaFormatVersion) + "'");
              Out.FormatVersion = F;
              return Error::success();
            }
            if (Key == "namespace")
              return readNamespace(V, Out);
            if (Key == "service") {
              Expected<std::string> T = text(V, "a service name");
              if (!T)
                return T.takeError();
              if (StringRef(*T).trim().empty())
                return error(V, "empty 'service'; write the service name");
              Out.Service = std::move(*T);
              return Error::success();
            }
            if (Key == "version") {
              Expected<Version> Ver = version(V, "version");
              if (!Ver)
                return Ver.takeError();
              Out.SchemaVersion = *Ver;
              return Error::success();
            }
            return readEvents(V, Out);
          }))
    return E;
  const std::pair<StringRef, StringRef> Required[] = {
      {"format", "format: 1"},
      {"namespace", "namespace: shop::audit"},
      {"service", "service: shop"},
      {"version", "version: \"1.0\""},
      {"events", "events: with at least one event"}};
  for (const auto &[Key, Example] : Required)
    if (!Present.contains(Key))
      return error(Top, "missing '" + Key + "'; add '" + Example + "'");
  ++Doc;
  if (Doc != S.end()) {
    yaml::Node *Next = Doc->getRoot();
    if (Syntax.Seen)
      return error(SMLoc(), "");
    if (Next && !llvm::isa<yaml::NullNode>(Next))
      return error(Next, "a second YAML document; the schema is one "
                         "document: remove the '---' line above");
  }
  if (Syntax.Seen)
    return error(SMLoc(), "");
  return Error::success();
}

} // namespace

llvm::Expected<Schema> parseSchema(llvm::StringRef Text, llvm::StringRef Path) {
  if (Text.size() > MaxSchemaBytes)
    return makeError(Path, 0, 0,
                     "the schema is larger than " +
                         Twine(MaxSchemaBytes >> 20) +
                         " MiB; split it or remove unused events");
  std::unique_ptr<llvm::MemoryBuffer> Buffer =
      llvm::MemoryBuffer::getMemBuffer(Text, Path, false);
  // Syntax and depth first, over the whole text, so a syntax error is
  // reported rather than what the parser made of the text around it.
  {
    llvm::SourceMgr SM;
    SyntaxError Syntax;
    SM.setDiagHandler(recordSyntaxError, &Syntax);
    if (std::optional<YamlLimitError> Limit =
            checkYamlLimits(Buffer->getMemBufferRef(), SM, "a schema"))
      return makeError(Path, Limit->Line, Limit->Column, Limit->Message);
    if (Syntax.Seen)
      return makeError(Path, Syntax.Line, Syntax.Column, Syntax.Message);
  }
  Schema Out;
  Out.Path = Path.str();
  llvm::SourceMgr SM;
  SyntaxError Syntax;
  SM.setDiagHandler(recordSyntaxError, &Syntax);
  yaml::Stream S(Buffer->getMemBufferRef(), SM, /*ShowColors=*/false);
  if (Error E = Reader(Path, SM, Syntax).read(S, Out))
    return std::move(E);
  return Out;
}

llvm::Expected<Schema> readSchema(llvm::StringRef Path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
      llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer) {
    std::string Reason = Buffer.getError().message();
    if (Reason.size() > 1 && llvm::isUpper(Reason[0]) &&
        !llvm::isUpper(Reason[1]))
      Reason[0] = llvm::toLower(Reason[0]);
    return llvm::createStringError(Buffer.getError(),
                                   "cannot read " + escapedText(Path) + ": " +
                                       Reason + "; check the path");
  }
  return parseSchema((*Buffer)->getBuffer(), Path);
}

std::string versionString(Version V) {
  return std::to_string(V.Major) + "." + std::to_string(V.Minor);
}

llvm::StringRef typeName(FieldType T) {
  return TypeNames[static_cast<unsigned>(T)];
}

llvm::StringRef contextName(ContextField C) {
  return ContextNames[static_cast<unsigned>(C)];
}

std::string eventTypeName(llvm::StringRef EventName) {
  std::string Out;
  bool Upper = true;
  for (char Ch : EventName) {
    if (Ch == '.' || Ch == '_') {
      Upper = true;
      continue;
    }
    Out += Upper ? llvm::toUpper(Ch) : Ch;
    Upper = false;
  }
  return Out;
}

std::string namespaceProblem(StringRef Namespace) {
  if (Namespace.empty())
    return "empty namespace; write a C++ namespace such as shop::audit";
  StringRef Rest = Namespace;
  while (true) {
    auto [Part, Tail] = Rest.split("::");
    std::string Problem = identifierProblem(Part);
    if (!Problem.empty())
      return "invalid namespace '" + shown(Namespace) + "': '" + shown(Part) +
             "' " + Problem +
             "; write C++ identifiers separated by '::', such as shop::audit";
    if (Part.size() == Rest.size())
      return "";
    Rest = Tail;
  }
}

} // namespace gen
} // namespace trailguard
