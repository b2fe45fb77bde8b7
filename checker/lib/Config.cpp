//===--- Config.cpp - .trailguard.yaml ------------------------------------===//
//
// Reads and validates the configuration file with LLVM's YAML parser, so that
// every mistake is reported with its line, column and how to fix it.
//
//===----------------------------------------------------------------------===//

#include "Config.h"
#include "CheckNames.h"
#include "CheckRegistry.h"
#include "YamlDiagnostics.h"
#include "YamlLimits.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"

#include <algorithm>

namespace trailguard {
namespace {

namespace yaml = llvm::yaml;
using llvm::ArrayRef;
using llvm::Error;
using llvm::Expected;
using llvm::SMLoc;
using llvm::StringRef;
using llvm::Twine;

const StringRef TopKeys[] = {
    "version", "checks",    "header-filter", "infer-sensitive-names",
    "sources", "log-sinks", "audit-sinks",   "declassifiers",
    "policy"};
const StringRef SourceKeys[] = {"name", "tier"};
const StringRef LogSinkKeys[] = {"name", "args"};
const StringRef AuditSinkKeys[] = {"name", "message-arg"};
const StringRef PolicyKeys[] = {"log"};

/// A kind of mapping in the file and the keys it takes.
struct MapKind {
  /// The top-level key it hangs off; empty for the top level itself.
  StringRef Parent;
  /// True for the entries of a list ("an entry of 'sources'").
  bool IsEntry;
  ArrayRef<StringRef> Keys;
};

const MapKind TopKind{"", false, TopKeys};
const MapKind SourceKind{"sources", true, SourceKeys};
const MapKind LogSinkKind{"log-sinks", true, LogSinkKeys};
const MapKind AuditSinkKind{"audit-sinks", true, AuditSinkKeys};
const MapKind PolicyKind{"policy", false, PolicyKeys};
const MapKind *const AllKinds[] = {&TopKind, &SourceKind, &LogSinkKind,
                                   &AuditSinkKind, &PolicyKind};

/// " in an entry of 'sources'", " under 'policy'", or "" for the top level.
std::string where(const MapKind &K) {
  if (K.Parent.empty())
    return "";
  return ((K.IsEntry ? " in an entry of '" : " under '") + K.Parent + "'")
      .str();
}

/// "a, b or c" (or "a, b and c").
std::string joinWords(ArrayRef<std::string> Items, StringRef Last = "or") {
  std::string Out;
  for (size_t I = 0; I < Items.size(); ++I) {
    if (I > 0)
      Out += I + 1 == Items.size() ? (" " + Last + " ").str() : ", ";
    Out += Items[I];
  }
  return Out;
}

/// The candidate \p Word was most likely meant to be, if one is close enough.
/// Case, '_' and ' ' are not told apart from '-'.
std::optional<StringRef> closest(StringRef Word,
                                 ArrayRef<StringRef> Candidates) {
  if (auto Near = closestWord(
          Word, {Candidates.begin(), Candidates.end()}, {'-', 5, 0}))
    return StringRef(*Near);
  return std::nullopt;
}

std::string shown(StringRef Text) { return shownText(Text); }

/// A value to show in "missing value" messages.
StringRef exampleValue(StringRef Key) {
  return llvm::StringSwitch<StringRef>(Key)
      .Case("version", "1")
      .Case("checks", "\"trailguard-*\"")
      .Case("header-filter", "\"src/.*\"")
      .Case("infer-sensitive-names", "true")
      .Case("name", "ns::Class::member")
      .Cases("tier", "log", "restricted")
      .Case("message-arg", "0")
      .Default("...");
}

/// A parser message as ours: lowercase, no final period, with a fix.
std::string syntaxMessage(StringRef Message) {
  std::string Out = parserMessage(Message);
  if (Message.contains_insensitive("tab character"))
    Out += "; indent with spaces";
  return "invalid YAML: " + Out;
}

/// The first error the YAML parser reports through the SourceMgr.
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

Error syntaxErrorIn(StringRef Path, const SyntaxError &E) {
  if (E.Line <= 0)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   Path + ": " + E.Message);
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 Path + ":" + Twine(E.Line) + ":" +
                                     Twine(E.Column) + ": " + E.Message);
}

/// Why llvm::Regex must not compile \p Pattern: its parser recurses once
/// per group, and it copies a group once per count of a `{m,n}`, so
/// nested counts multiply ("((a{1,255}){1,255}){1,255}" takes seconds and
/// hundreds of MiB, one more level exhausts memory). The size is estimated
/// the way the compiler expands it.
std::optional<std::string> regexCostProblem(StringRef Pattern) {
  constexpr size_t MaxGroupNesting = 64;
  constexpr uint64_t MaxSize = 100000;
  auto Times = [](uint64_t A, uint64_t B) {
    return B != 0 && A > (MaxSize + 1) / B ? MaxSize + 1 : A * B;
  };
  // The estimated size of each open group, the pattern's first.
  std::vector<uint64_t> Sizes{0};
  uint64_t Last = 0; // the size of the last atom or group, for a repeat
  for (size_t I = 0; I < Pattern.size(); ++I) {
    char Ch = Pattern[I];
    if (Ch == '(') {
      if (Sizes.size() > MaxGroupNesting)
        return "groups nested deeper than " + std::to_string(MaxGroupNesting) +
               " levels";
      Sizes.push_back(0);
      Last = 0;
      continue;
    }
    if (Ch == ')' && Sizes.size() > 1) {
      Last = Sizes.back() + 1;
      Sizes.pop_back();
      Sizes.back() += Last;
    } else if (Ch == '{') {
      size_t Close = Pattern.find('}', I);
      if (Close == StringRef::npos)
        break; // invalid; the compiler says so
      auto [Min, Max] = Pattern.slice(I + 1, Close).split(',');
      uint64_t Count = 0, Upper = 0;
      Min.trim().getAsInteger(10, Count);
      if (!Max.trim().getAsInteger(10, Upper))
        Count = std::max(Count, Upper);
      if (Count > 1) {
        Sizes.back() += Times(Last, Count - 1);
        Last = Times(Last, Count);
      }
      I = Close;
    } else if (Ch == '*' || Ch == '+' || Ch == '?') {
      Sizes.back() += Last;
      Last = Times(Last, 2);
    } else if (Ch == '|') {
      Last = 0;
    } else {
      if (Ch == '\\') {
        ++I;
      } else if (Ch == '[') {
        // A bracket expression is one atom; a ']' first in it is literal.
        size_t J = I + 1;
        if (J < Pattern.size() && Pattern[J] == '^')
          ++J;
        if (J < Pattern.size() && Pattern[J] == ']')
          ++J;
        I = std::min(Pattern.find(']', J), Pattern.size());
      }
      Last = 1;
      Sizes.back() += 1;
    }
    if (Sizes.back() > MaxSize)
      return "its repetition counts multiply to more than " +
             std::to_string(MaxSize) + " copies";
  }
  return std::nullopt;
}

/// Walks one parsed file into a Config, stopping at the first problem.
class Reader {
public:
  Reader(StringRef Path, llvm::SourceMgr &SM, SyntaxError &Syntax)
      : Path(Path), SM(SM), Syntax(Syntax) {}

  Error read(yaml::Stream &S, Config &C);

private:
  using KeyFn = llvm::function_ref<Error(StringRef, yaml::KeyValueNode &)>;

  Error error(SMLoc Loc, const Twine &Message);
  Error error(const yaml::Node *N, const Twine &Message) {
    return error(start(N), Message);
  }
  Error syntaxError();
  static SMLoc start(const yaml::Node *N) {
    return N ? N->getSourceRange().Start : SMLoc();
  }
  unsigned line(SMLoc Loc) const {
    return SM.FindBufferContainingLoc(Loc) ? SM.getLineAndColumn(Loc).first : 0;
  }
  SMLoc locInScalar(const yaml::Node *N, StringRef Value, size_t Offset);
  SMLoc dashBefore(const yaml::Node *N);

  Error forEachKey(yaml::MappingNode &M, const MapKind &Kind, KeyFn F);
  Error unknownKey(const yaml::Node *KeyNode, StringRef Key,
                   const MapKind &Kind);
  Expected<yaml::Node *> value(yaml::KeyValueNode &KV, StringRef Key,
                               bool NullIsEmpty);
  Expected<std::string> text(yaml::Node *N, const Twine &Expectation);
  Expected<std::string> name(yaml::Node *N, StringRef List);
  Expected<Tier> tier(yaml::Node *N);
  Expected<unsigned> index(yaml::Node *N, StringRef Key);
  Expected<yaml::SequenceNode *> list(yaml::KeyValueNode &KV, StringRef Key,
                                      const Twine &Expectation);

  Error readVersion(yaml::KeyValueNode &KV);
  Error readChecks(yaml::KeyValueNode &KV, Config &C);
  Error checkGlobs(yaml::Node *N, StringRef Globs);
  Error readHeaderFilter(yaml::KeyValueNode &KV, Config &C);
  Error readInfer(yaml::KeyValueNode &KV, Config &C);
  /// One entry of a list; returns its name.
  Expected<std::string> readSource(yaml::MappingNode &M, Config &C);
  Expected<std::string> readLogSink(yaml::MappingNode &M, Config &C);
  Expected<std::string> readAuditSink(yaml::MappingNode &M, Config &C);
  Error readDeclassifiers(yaml::KeyValueNode &KV, Config &C);
  Error readPolicy(yaml::KeyValueNode &KV, Config &C);
  Error readTopKey(StringRef Key, yaml::KeyValueNode &KV, Config &C);
  /// Reads the mapping entries of the list of \p Kind; \p Entry reads one
  /// of them and returns its name, which must be unique in the list.
  Error readEntries(
      yaml::KeyValueNode &KV, const MapKind &Kind,
      llvm::function_ref<Expected<std::string>(yaml::MappingNode &)> Entry);

  StringRef Path;
  llvm::SourceMgr &SM;
  SyntaxError &Syntax;
};

Error Reader::error(SMLoc Loc, const Twine &Message) {
  if (Syntax.Seen)
    return syntaxError();
  if (!Loc.isValid() || !SM.FindBufferContainingLoc(Loc))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   Path + ": " + Message);
  std::pair<unsigned, unsigned> LineCol = SM.getLineAndColumn(Loc);
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 Path + ":" + Twine(LineCol.first) + ":" +
                                     Twine(LineCol.second) + ": " + Message);
}

Error Reader::syntaxError() { return syntaxErrorIn(Path, Syntax); }

/// Where character \p Offset of the value of scalar \p N is in the file, when
/// the value is spelled verbatim (no escapes or line folding); else where \p N
/// starts.
SMLoc Reader::locInScalar(const yaml::Node *N, StringRef Value, size_t Offset) {
  const auto *S = llvm::dyn_cast_or_null<yaml::ScalarNode>(N);
  if (!S)
    return start(N);
  StringRef Raw = S->getRawValue();
  if (Raw.size() >= 2 && (Raw.front() == '"' || Raw.front() == '\'') &&
      Raw.back() == Raw.front())
    Raw = Raw.drop_front().drop_back();
  if (Raw != Value || Offset > Raw.size())
    return start(N);
  return SMLoc::getFromPointer(Raw.data() + Offset);
}

/// The '-' of an empty list entry \p N: the parser places an empty node at
/// the token after it.
SMLoc Reader::dashBefore(const yaml::Node *N) {
  SMLoc Loc = start(N);
  unsigned ID = Loc.isValid() ? SM.FindBufferContainingLoc(Loc) : 0;
  if (!ID)
    return Loc;
  const char *Begin = SM.getMemoryBuffer(ID)->getBufferStart();
  const char *P = Loc.getPointer();
  while (P > Begin && StringRef(" \t\r\n").contains(P[-1]))
    --P;
  if (P > Begin && P[-1] == '-')
    return SMLoc::getFromPointer(P - 1);
  return Loc;
}

Error Reader::forEachKey(yaml::MappingNode &M, const MapKind &Kind, KeyFn F) {
  llvm::StringMap<unsigned> Seen;
  for (yaml::KeyValueNode &KV : M) {
    yaml::Node *KeyNode = KV.getKey();
    if (Syntax.Seen)
      return syntaxError();
    if (!llvm::isa_and_nonnull<yaml::ScalarNode>(KeyNode))
      return error(KeyNode ? start(KeyNode) : start(&M),
                   "expected a key name" + where(Kind) + ", such as '" +
                       Kind.Keys.front() + ":'");
    Expected<std::string> Key = text(KeyNode, "a key name");
    if (!Key)
      return Key.takeError();
    if (!llvm::is_contained(Kind.Keys, *Key))
      return unknownKey(KeyNode, *Key, Kind);
    auto Inserted = Seen.try_emplace(*Key, line(start(KeyNode)));
    if (!Inserted.second)
      return error(KeyNode, "duplicate key '" + shown(*Key) + "'" +
                                where(Kind) + "; it is already set at line " +
                                Twine(Inserted.first->second) +
                                ", remove one of them");
    if (Error E = F(*Key, KV))
      return E;
  }
  if (Syntax.Seen)
    return syntaxError();
  return Error::success();
}

Error Reader::unknownKey(const yaml::Node *KeyNode, StringRef Key,
                         const MapKind &Kind) {
  std::string Message = "unknown key '" + shown(Key) + "'" + where(Kind);
  // A key of another mapping: most likely indented wrongly.
  std::vector<std::string> Homes;
  bool TopLevel = false;
  for (const MapKind *Other : AllKinds) {
    if (Other == &Kind || !llvm::is_contained(Other->Keys, Key))
      continue;
    if (Other->Parent.empty())
      TopLevel = true;
    else
      Homes.push_back(("'" + Other->Parent + "'").str());
  }
  if (TopLevel)
    return error(KeyNode, Message + "; '" + Key +
                              "' is a top-level key (check the indentation)");
  if (!Homes.empty()) {
    const MapKind *First = nullptr;
    for (const MapKind *Other : AllKinds)
      if (!First && llvm::is_contained(Other->Keys, Key))
        First = Other;
    return error(KeyNode, Message + "; '" + Key + "' belongs " +
                              (First->IsEntry ? "in an entry of " : "under ") +
                              joinWords(Homes) + " (check the indentation)");
  }
  if (std::optional<StringRef> Near = closest(Key, Kind.Keys))
    return error(KeyNode, Message + "; did you mean '" + *Near + "'?");
  return error(KeyNode, Message + "; valid keys" +
                            (Kind.Parent.empty() ? "" : " here") + ": " +
                            llvm::join(Kind.Keys, ", "));
}

/// The value of \p KV. A missing value is an error, or an empty list when
/// \p NullIsEmpty (then nullptr is returned).
Expected<yaml::Node *> Reader::value(yaml::KeyValueNode &KV, StringRef Key,
                                     bool NullIsEmpty) {
  yaml::Node *V = KV.getValue();
  if (Syntax.Seen)
    return syntaxError();
  if (!V || llvm::isa<yaml::NullNode>(V)) {
    if (NullIsEmpty)
      return nullptr;
    return error(KV.getKey(), "missing value for '" + Key +
                                  "'; write it after the colon, as in '" + Key +
                                  ": " + exampleValue(Key) + "'");
  }
  if (llvm::isa<yaml::AliasNode>(V))
    return error(KV.getKey(), "the value of '" + Key +
                                  "' is an alias ('*...'), which is not "
                                  "supported; write the value out");
  return V;
}

/// The text of a scalar (plain, quoted or block), else an error saying
/// "expected <Expectation>".
Expected<std::string> Reader::text(yaml::Node *N, const Twine &Expectation) {
  std::string Out;
  if (auto *S = llvm::dyn_cast_or_null<yaml::ScalarNode>(N)) {
    llvm::SmallString<64> Storage;
    Out = S->getValue(Storage).str();
  } else if (auto *B = llvm::dyn_cast_or_null<yaml::BlockScalarNode>(N)) {
    Out = B->getValue().str();
  } else if (llvm::isa_and_nonnull<yaml::AliasNode>(N)) {
    return error(N, "aliases ('*...') are not supported; write the value "
                    "out");
  } else {
    return error(N, "expected " + Expectation);
  }
  if (Syntax.Seen)
    return syntaxError();
  return Out;
}

/// A qualified name, checked for the mistakes that would make it match
/// nothing; a leading '::' is dropped.
Expected<std::string> Reader::name(yaml::Node *N, StringRef List) {
  Expected<std::string> Text =
      text(N, "a qualified name such as 'ns::Class::member'");
  if (!Text)
    return Text.takeError();
  StringRef Name = StringRef(*Text).trim();
  Name.consume_front("::");
  if (Name.empty())
    return error(N, "empty name in '" + List +
                        "'; write a qualified name such as "
                        "'ns::Class::member'");
  size_t Paren = Name.find('(');
  if (Paren != StringRef::npos) {
    StringRef Before = Name.take_front(Paren);
    size_t LastSep = Before.rfind("::");
    StringRef Last =
        LastSep == StringRef::npos ? Before : Before.drop_front(LastSep + 2);
    if (!Last.starts_with("operator"))
      return error(N, "name '" + shown(*Text) +
                          "' has a parameter list; write the "
                          "qualified name alone, as '" +
                          shown(Before.rtrim()) + "'");
  }
  llvm::SmallVector<StringRef, 4> Parts;
  Name.split(Parts, "::");
  for (StringRef Part : Parts)
    if (Part.trim().empty() ||
        (Part.contains(':') && !Part.starts_with("operator")))
      return error(N, "'" + shown(*Text) +
                          "' is not a qualified name; separate "
                          "the parts with '::', as in 'ns::Class::member'");
  return Name.str();
}

Expected<Tier> Reader::tier(yaml::Node *N) {
  Expected<std::string> Text =
      text(N, "a tier: sensitive, restricted or unrestricted");
  if (!Text)
    return Text.takeError();
  if (std::optional<Tier> T = parseTier(*Text))
    return *T;
  return error(N, "unknown tier '" + shown(*Text) +
                      "'; use sensitive, restricted or unrestricted");
}

/// A 0-based argument index, for error messages under \p Key.
Expected<unsigned> Reader::index(yaml::Node *N, StringRef Key) {
  Expected<std::string> Text =
      text(N, "an argument index (0 is the first argument) in '" + Key + "'");
  if (!Text)
    return Text.takeError();
  StringRef T = StringRef(*Text).trim();
  unsigned Value;
  if (!T.getAsInteger(10, Value))
    return Value;
  const char *Hint = "; indices are 0-based: the first argument is 0";
  long long Signed;
  if (!T.getAsInteger(10, Signed) && Signed < 0)
    return error(N, "negative argument index " + shown(T) + " in '" + Key +
                        "'" + Hint);
  if (!T.empty() && llvm::all_of(T, llvm::isDigit))
    return error(N, "argument index " + shown(T) + " in '" + Key +
                        "' is too large" + Hint);
  return error(N, "argument index '" + shown(T) + "' in '" + Key +
                      "' is not a whole number" + Hint);
}

/// The list under \p KV; nullptr for an empty value.
Expected<yaml::SequenceNode *>
Reader::list(yaml::KeyValueNode &KV, StringRef Key, const Twine &Expectation) {
  Expected<yaml::Node *> V = value(KV, Key, /*NullIsEmpty=*/true);
  if (!V)
    return V.takeError();
  if (!*V)
    return nullptr;
  auto *Seq = llvm::dyn_cast<yaml::SequenceNode>(*V);
  if (!Seq)
    return error(*V, "expected " + Expectation + " under '" + Key +
                         "' (one per line, each starting with '- ')");
  return Seq;
}

Error Reader::readVersion(yaml::KeyValueNode &KV) {
  Expected<yaml::Node *> V = value(KV, "version", /*NullIsEmpty=*/false);
  if (!V)
    return V.takeError();
  Expected<std::string> Text = text(*V, "a version number: 'version: 1'");
  if (!Text)
    return Text.takeError();
  if (StringRef(*Text).trim() == "1")
    return Error::success();
  return error(*V, "unsupported version '" + shown(*Text) +
                       "'; the only version is 1: write 'version: 1'");
}

Error Reader::checkGlobs(yaml::Node *N, StringRef Globs) {
  size_t Begin = 0;
  while (Begin <= Globs.size()) {
    size_t End = Globs.find(',', Begin);
    if (End == StringRef::npos)
      End = Globs.size();
    StringRef Raw = Globs.slice(Begin, End);
    size_t Lead = Raw.size() - Raw.ltrim().size();
    SMLoc Loc = locInScalar(N, Globs, Begin + Lead);
    Begin = End + 1;
    StringRef Glob = Raw.trim();
    if (Glob.empty())
      continue; // "a,,b" and a trailing comma are harmless
    StringRef Pattern = Glob;
    bool Negative = Pattern.consume_front("-");
    Pattern = Pattern.trim();
    if (Pattern.empty())
      return error(Loc, "empty glob '" + shown(Glob) +
                            "' in 'checks'; write a check name after the '-', "
                            "such as '-trailguard-unparameterized-audit'");
    for (char Ch : Pattern)
      if (!llvm::isAlnum(Ch) && Ch != '-' && Ch != '_' && Ch != '.' &&
          Ch != '*')
        return error(Loc, "invalid character '" + shown(StringRef(&Ch, 1)) +
                              "' in glob '" + shown(Glob) +
                              "' in 'checks'; a glob is a check name "
                              "with '*' as its only wildcard, '-' in front "
                              "disables, ',' separates");
    Config Probe;
    Probe.Checks = Pattern.str();
    ArrayRef<StringRef> KnownChecks = selectableCheckIds();
    if (llvm::any_of(KnownChecks,
                     [&](StringRef Id) { return isCheckEnabled(Probe, Id); }))
      continue;
    std::string Message =
        "glob '" + shown(Glob) + "' in 'checks' matches no trailguard check";
    std::optional<StringRef> Near;
    if (!Pattern.contains('*'))
      Near = closest(Pattern, KnownChecks);
    if (Near)
      return error(Loc, Message + "; did you mean '" + (Negative ? "-" : "") +
                            *Near + "'?");
    std::vector<std::string> Names;
    for (StringRef Id : KnownChecks)
      Names.push_back(Id.str());
    return error(Loc, Message + "; the checks are " + joinWords(Names, "and"));
  }
  return Error::success();
}

Error Reader::readChecks(yaml::KeyValueNode &KV, Config &C) {
  Expected<yaml::Node *> V = value(KV, "checks", /*NullIsEmpty=*/false);
  if (!V)
    return V.takeError();
  const char *Expectation = "a string of comma-separated globs for 'checks', "
                            "such as \"trailguard-*\"";
  std::string Joined;
  if (auto *Seq = llvm::dyn_cast<yaml::SequenceNode>(*V)) {
    // Also accepted as a list of globs, one per entry.
    for (yaml::Node &Entry : *Seq) {
      Expected<std::string> Globs = text(&Entry, Expectation);
      if (!Globs)
        return Globs.takeError();
      if (Error E = checkGlobs(&Entry, *Globs))
        return E;
      if (!Joined.empty())
        Joined += ",";
      Joined += *Globs;
    }
    if (Syntax.Seen)
      return syntaxError();
  } else {
    Expected<std::string> Globs = text(*V, Expectation);
    if (!Globs)
      return Globs.takeError();
    if (Error E = checkGlobs(*V, *Globs))
      return E;
    Joined = std::move(*Globs);
  }
  if (StringRef(Joined).trim(" \t\r\n,").empty())
    return error(*V, "'checks' is empty; omit it to run every check, or "
                     "write \"-*\" to run none");
  C.Checks = std::move(Joined);
  return Error::success();
}

Error Reader::readHeaderFilter(yaml::KeyValueNode &KV, Config &C) {
  Expected<yaml::Node *> V = value(KV, "header-filter", /*NullIsEmpty=*/false);
  if (!V)
    return V.takeError();
  Expected<std::string> Filter =
      text(*V, "a regular expression for 'header-filter', such as "
               "\"src/.*\"");
  if (!Filter)
    return Filter.takeError();
  std::string Reason;
  if (std::optional<std::string> Cost = regexCostProblem(*Filter))
    return error(*V, "regular expression '" + shown(*Filter) +
                         "' in 'header-filter' is too complex: " + *Cost +
                         "; write a simpler one such as 'src/.*'");
  if (!llvm::Regex(*Filter).isValid(Reason)) {
    const char *Hint = StringRef(*Filter).starts_with("*")
                           ? "it is a regular expression, not a glob: write "
                             "'.*' for any characters"
                           : "write an extended regular expression such as "
                             "'src/.*'";
    return error(*V, "invalid regular expression '" + shown(*Filter) +
                         "' in 'header-filter': " + Reason + "; " + Hint);
  }
  C.HeaderFilter = std::move(*Filter);
  return Error::success();
}

Error Reader::readInfer(yaml::KeyValueNode &KV, Config &C) {
  Expected<yaml::Node *> V =
      value(KV, "infer-sensitive-names", /*NullIsEmpty=*/false);
  if (!V)
    return V.takeError();
  Expected<std::string> Text =
      text(*V, "true or false for 'infer-sensitive-names'");
  if (!Text)
    return Text.takeError();
  std::optional<bool> B = yaml::parseBool(*Text);
  if (!B)
    return error(*V, "expected true or false for 'infer-sensitive-names', "
                     "not '" +
                         shown(*Text) + "'");
  C.InferSensitiveNames = *B;
  return Error::success();
}

Error Reader::readEntries(
    yaml::KeyValueNode &KV, const MapKind &Kind,
    llvm::function_ref<Expected<std::string>(yaml::MappingNode &)> Entry) {
  Expected<yaml::SequenceNode *> Seq =
      list(KV, Kind.Parent, "a list of entries");
  if (!Seq)
    return Seq.takeError();
  if (!*Seq)
    return Error::success();
  llvm::StringMap<unsigned> Names;
  for (yaml::Node &Item : **Seq) {
    auto *M = llvm::dyn_cast<yaml::MappingNode>(&Item);
    if (!M) {
      if (Syntax.Seen)
        return syntaxError();
      // The parser reads "-\n  - name: x" as an empty entry holding a list.
      SMLoc Dash = dashBefore(&Item);
      if (llvm::isa<yaml::NullNode>(&Item) ||
          (llvm::isa<yaml::SequenceNode>(&Item) &&
           line(Dash) != line(start(&Item))))
        return error(Dash, "empty entry in '" + Kind.Parent +
                               "'; write '- name: ns::thing' after the '-' "
                               "or remove it");
      return error(&Item, "expected an entry with keys (" +
                              llvm::join(Kind.Keys, ", ") + ") in '" +
                              Kind.Parent + "'; write '- name: ns::thing'");
    }
    SMLoc Loc = start(M);
    Expected<std::string> Name = Entry(*M);
    if (!Name)
      return Name.takeError();
    auto Inserted = Names.try_emplace(*Name, line(Loc));
    if (!Inserted.second)
      return error(Loc, "'" + shown(*Name) + "' is already listed in '" +
                            Kind.Parent + "' at line " +
                            Twine(Inserted.first->second) +
                            "; remove one of the entries");
  }
  if (Syntax.Seen)
    return syntaxError();
  return Error::success();
}

Expected<std::string> Reader::readSource(yaml::MappingNode &M, Config &C) {
  SourceEntry S;
  bool HasName = false;
  if (Error E = forEachKey(
          M, SourceKind, [&](StringRef Key, yaml::KeyValueNode &KV) -> Error {
            Expected<yaml::Node *> V = value(KV, Key, /*NullIsEmpty=*/false);
            if (!V)
              return V.takeError();
            if (Key == "name") {
              Expected<std::string> N = name(*V, "sources");
              if (!N)
                return N.takeError();
              S.Name = std::move(*N);
              HasName = true;
              return Error::success();
            }
            Expected<Tier> T = tier(*V);
            if (!T)
              return T.takeError();
            S.T = *T;
            return Error::success();
          }))
    return std::move(E);
  if (!HasName)
    return error(&M, "missing 'name' in this entry of 'sources'; add "
                     "'name: ns::Class::member'");
  C.Sources.push_back(S);
  return S.Name;
}

Expected<std::string> Reader::readLogSink(yaml::MappingNode &M, Config &C) {
  LogSinkEntry S;
  bool HasName = false;
  if (Error E = forEachKey(
          M, LogSinkKind, [&](StringRef Key, yaml::KeyValueNode &KV) -> Error {
            const char *Fix = "list 0-based indices such as [0, 2], or omit "
                              "'args' for every argument";
            yaml::Node *Raw = KV.getValue();
            if (Key == "args" && llvm::isa_and_nonnull<yaml::NullNode>(Raw))
              return error(KV.getKey(),
                           Twine("missing value for 'args'; ") + Fix);
            Expected<yaml::Node *> V = value(KV, Key, /*NullIsEmpty=*/false);
            if (!V)
              return V.takeError();
            if (Key == "name") {
              Expected<std::string> N = name(*V, "log-sinks");
              if (!N)
                return N.takeError();
              S.Name = std::move(*N);
              HasName = true;
              return Error::success();
            }
            auto *Seq = llvm::dyn_cast<yaml::SequenceNode>(*V);
            if (!Seq)
              return error(*V, "expected a list of argument indices under "
                               "'args', such as [1] or [0, 2]");
            for (yaml::Node &Item : *Seq) {
              Expected<unsigned> I = index(&Item, "args");
              if (!I)
                return I.takeError();
              if (!llvm::is_contained(S.Args, *I))
                S.Args.push_back(*I);
            }
            if (Syntax.Seen)
              return syntaxError();
            if (S.Args.empty())
              return error(KV.getKey(), Twine("empty 'args'; ") + Fix);
            return Error::success();
          }))
    return std::move(E);
  if (!HasName)
    return error(&M, "missing 'name' in this entry of 'log-sinks'; add "
                     "'name: ns::function'");
  C.LogSinks.push_back(S);
  return S.Name;
}

Expected<std::string> Reader::readAuditSink(yaml::MappingNode &M, Config &C) {
  AuditSinkEntry S;
  bool HasName = false;
  if (Error E = forEachKey(M, AuditSinkKind,
                           [&](StringRef Key, yaml::KeyValueNode &KV) -> Error {
                             Expected<yaml::Node *> V =
                                 value(KV, Key, /*NullIsEmpty=*/false);
                             if (!V)
                               return V.takeError();
                             if (Key == "name") {
                               Expected<std::string> N =
                                   name(*V, "audit-sinks");
                               if (!N)
                                 return N.takeError();
                               S.Name = std::move(*N);
                               HasName = true;
                               return Error::success();
                             }
                             Expected<unsigned> I = index(*V, "message-arg");
                             if (!I)
                               return I.takeError();
                             S.MessageArg = *I;
                             return Error::success();
                           }))
    return std::move(E);
  if (!HasName)
    return error(&M, "missing 'name' in this entry of 'audit-sinks'; add "
                     "'name: ns::function'");
  C.AuditSinks.push_back(S);
  return S.Name;
}

Error Reader::readDeclassifiers(yaml::KeyValueNode &KV, Config &C) {
  Expected<yaml::SequenceNode *> Seq =
      list(KV, "declassifiers", "a list of function names");
  if (!Seq)
    return Seq.takeError();
  if (!*Seq)
    return Error::success();
  llvm::StringMap<unsigned> Names;
  for (yaml::Node &Item : **Seq) {
    if (llvm::isa<yaml::NullNode>(&Item) && !Syntax.Seen)
      return error(dashBefore(&Item), "empty entry in 'declassifiers'; write "
                                      "a function name after the '-' or "
                                      "remove it");
    if (llvm::isa<yaml::MappingNode>(&Item))
      return error(&Item, "entries of 'declassifiers' are plain names: write "
                          "'- crypto::hmac_hex', not '- name: ...'");
    Expected<std::string> N = name(&Item, "declassifiers");
    if (!N)
      return N.takeError();
    auto Inserted = Names.try_emplace(*N, line(start(&Item)));
    if (!Inserted.second)
      return error(&Item, "'" + shown(*N) +
                              "' is already listed in 'declassifiers' "
                              "at line " +
                              Twine(Inserted.first->second) +
                              "; remove one of the entries");
    C.Declassifiers.push_back(std::move(*N));
  }
  if (Syntax.Seen)
    return syntaxError();
  return Error::success();
}

Error Reader::readPolicy(yaml::KeyValueNode &KV, Config &C) {
  Expected<yaml::Node *> V = value(KV, "policy", /*NullIsEmpty=*/true);
  if (!V)
    return V.takeError();
  if (!*V)
    return Error::success();
  auto *M = llvm::dyn_cast<yaml::MappingNode>(*V);
  if (!M)
    return error(*V, "expected keys under 'policy', such as 'log: "
                     "restricted' on the next line, indented");
  return forEachKey(*M, PolicyKind,
                    [&](StringRef Key, yaml::KeyValueNode &F) -> Error {
                      Expected<yaml::Node *> T = value(F, Key, false);
                      if (!T)
                        return T.takeError();
                      Expected<Tier> Ceiling = tier(*T);
                      if (!Ceiling)
                        return Ceiling.takeError();
                      C.LogCeiling = *Ceiling;
                      return Error::success();
                    });
}

Error Reader::readTopKey(StringRef Key, yaml::KeyValueNode &KV, Config &C) {
  if (Key == "version")
    return readVersion(KV);
  if (Key == "checks")
    return readChecks(KV, C);
  if (Key == "header-filter")
    return readHeaderFilter(KV, C);
  if (Key == "infer-sensitive-names")
    return readInfer(KV, C);
  if (Key == "sources")
    return readEntries(KV, SourceKind,
                       [&](yaml::MappingNode &M) { return readSource(M, C); });
  if (Key == "log-sinks")
    return readEntries(KV, LogSinkKind,
                       [&](yaml::MappingNode &M) { return readLogSink(M, C); });
  if (Key == "audit-sinks")
    return readEntries(KV, AuditSinkKind, [&](yaml::MappingNode &M) {
      return readAuditSink(M, C);
    });
  if (Key == "declassifiers")
    return readDeclassifiers(KV, C);
  return readPolicy(KV, C);
}

Error Reader::read(yaml::Stream &S, Config &C) {
  yaml::document_iterator Doc = S.begin();
  if (Doc == S.end())
    return Error::success();
  yaml::Node *Root = Doc->getRoot();
  if (Syntax.Seen)
    return syntaxError();
  if (Root && !llvm::isa<yaml::NullNode>(Root)) {
    auto *Top = llvm::dyn_cast<yaml::MappingNode>(Root);
    if (!Top)
      return error(Root, "expected keys at the top level, starting with "
                         "'version: 1'");
    bool HasVersion = false;
    Error E =
        forEachKey(*Top, TopKind, [&](StringRef Key, yaml::KeyValueNode &KV) {
          HasVersion |= Key == "version";
          return readTopKey(Key, KV, C);
        });
    if (E)
      return E;
    if (!HasVersion)
      return error(Top, "missing 'version'; add 'version: 1' as the first "
                        "line");
  }
  ++Doc;
  if (Doc != S.end()) {
    yaml::Node *Next = Doc->getRoot();
    if (Syntax.Seen)
      return syntaxError();
    if (Next && !llvm::isa<yaml::NullNode>(Next))
      return error(Next, "a second YAML document; the configuration is one "
                         "document: remove the '---' line above");
  }
  if (Syntax.Seen)
    return syntaxError();
  return Error::success();
}

} // namespace

llvm::Expected<Config> parseConfig(llvm::StringRef Text, llvm::StringRef Path) {
  std::unique_ptr<llvm::MemoryBuffer> Buffer =
      llvm::MemoryBuffer::getMemBuffer(Text, Path, /*RequiresNullTerminator=*/false);
  Config C;
  C.Path = Path.str();

  // Syntax and depth first, over the whole file, so that a syntax error is
  // reported rather than what the parser made of the text around it, and
  // hostile nesting before anything recurses into it.
  {
    llvm::SourceMgr SM;
    SyntaxError Syntax;
    SM.setDiagHandler(recordSyntaxError, &Syntax);
    if (std::optional<YamlLimitError> Limit = checkYamlLimits(
            Buffer->getMemBufferRef(), SM, "a configuration")) {
      SyntaxError E{true, static_cast<int>(Limit->Line),
                    static_cast<int>(Limit->Column), Limit->Message};
      return syntaxErrorIn(Path, E);
    }
    if (Syntax.Seen)
      return syntaxErrorIn(Path, Syntax);
  }

  llvm::SourceMgr SM;
  SyntaxError Syntax;
  SM.setDiagHandler(recordSyntaxError, &Syntax);
  yaml::Stream S(Buffer->getMemBufferRef(), SM, /*ShowColors=*/false);
  if (Error E = Reader(Path, SM, Syntax).read(S, C))
    return std::move(E);
  return C;
}

llvm::Expected<Config> loadConfig(llvm::StringRef Path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
      llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer) {
    std::string Reason = Buffer.getError().message();
    if (Reason.size() > 1 && llvm::isUpper(Reason[0]) &&
        !llvm::isUpper(Reason[1]))
      Reason[0] = llvm::toLower(Reason[0]);
    return llvm::createStringError(Buffer.getError(),
                                   "cannot read " + Path + ": " + Reason);
  }
  return parseConfig((*Buffer)->getBuffer(), Path);
}

std::optional<std::string> findConfigFor(llvm::StringRef SourceFile) {
  llvm::SmallString<256> Dir(SourceFile);
  llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_filename(Dir);
  while (!Dir.empty()) {
    llvm::SmallString<256> Candidate(Dir);
    llvm::sys::path::append(Candidate, ".trailguard.yaml");
    if (llvm::sys::fs::exists(Candidate))
      return std::string(Candidate);
    llvm::StringRef Parent = llvm::sys::path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return std::nullopt;
}

llvm::Expected<const Config *>
ConfigLoader::configFor(llvm::StringRef SourceFile) {
  std::lock_guard<std::mutex> Lock(Mutex);
  std::string Path = ExplicitFile;
  if (Path.empty() && !SourceFile.empty())
    if (std::optional<std::string> Found = findConfigFor(SourceFile))
      Path = *Found;
  auto It = Loaded.find(Path);
  if (It != Loaded.end())
    return &It->second;
  Config C;
  if (!Path.empty()) {
    llvm::Expected<Config> Read = loadConfig(Path);
    if (!Read)
      return Read.takeError();
    C = std::move(*Read);
  }
  return &Loaded.emplace(Path, std::move(C)).first->second;
}

} // namespace trailguard
