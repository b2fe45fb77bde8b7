//===--- Config.cpp - .trailguard.yaml ------------------------------------===//
//
// Reads and validates the configuration file on the toolchain's one YAML
// reader (support/Yaml.h), so that every mistake is reported with its line,
// column and how to fix it.
//
//===----------------------------------------------------------------------===//

#include "Config.h"
#include "CheckNames.h"
#include "CheckRegistry.h"
#include "Yaml.h"
#include "YamlDiagnostics.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"

#include <algorithm>
#include <climits>
#include <string_view>
#include <vector>

namespace trailguard {
namespace {

using llvm::ArrayRef;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;
using llvm::Twine;
using yaml::KeyValue;
using yaml::Mark;
using yaml::Node;

const StringRef TopKeys[] = {
    "version", "checks",    "header-filter", "infer-sensitive-names",
    "sources", "log-sinks", "audit-sinks",   "declassifiers",
    "log-sink-classes", "policy"};
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

/// How "did you mean" finds a configuration's word: case, '_' and ' ' are
/// not told apart from '-'.
constexpr NearMatch ConfigNearMatch{'-', 5, 0};

std::vector<std::string_view> views(ArrayRef<StringRef> Words) {
  return std::vector<std::string_view>(Words.begin(), Words.end());
}

/// The candidate \p Word was most likely meant to be, if one is close enough.
std::optional<StringRef> closest(StringRef Word,
                                 ArrayRef<StringRef> Candidates) {
  if (std::optional<std::string_view> Near =
          closestWord(Word, views(Candidates), ConfigNearMatch))
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

/// "PATH:LINE:COL: MESSAGE", or "PATH: MESSAGE" without a place.
Error configError(StringRef Path, const Mark &At, const Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 yaml::formatError(Path, At, Message.str()));
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
  /// \p Source is what the stream was parsed from: positions inside
  /// scalars and before nodes are found in it.
  Reader(StringRef Path, StringRef Source) : Path(Path), Source(Source) {}

  Error read(const yaml::Stream &S, Config &C);

private:
  using KeyFn = llvm::function_ref<Error(StringRef, const KeyValue &)>;

  Error error(const Mark &At, const Twine &Message) const {
    return configError(Path, At, Message);
  }
  Error error(const Node *N, const Twine &Message) const {
    return error(start(N), Message);
  }
  Mark start(const Node *N) const;
  Mark markBefore(const Mark &From, size_t Offset) const;
  Mark locInScalar(const Node *N, StringRef Value, size_t Offset) const;
  Mark dashBefore(const Node *N) const;

  Error forEachKey(const Node &M, const MapKind &Kind, KeyFn F);
  Error unknownKey(const Node *KeyNode, StringRef Key, const MapKind &Kind,
                   const yaml::KeyChecker &Checker);
  Expected<const Node *> value(const KeyValue &KV, StringRef Key,
                               bool NullIsEmpty);
  Expected<std::string> text(const Node *N, const Twine &Expectation);
  Expected<std::string> name(const Node *N, StringRef List);
  Expected<Tier> tier(const Node *N);
  Expected<unsigned> index(const Node *N, StringRef Key);
  Expected<const Node *> list(const KeyValue &KV, StringRef Key,
                              const Twine &Expectation);

  Error readVersion(const KeyValue &KV);
  Error readChecks(const KeyValue &KV, Config &C);
  Error checkGlobs(const Node *N, StringRef Globs);
  Error readHeaderFilter(const KeyValue &KV, Config &C);
  Error readInfer(const KeyValue &KV, Config &C);
  /// One entry of a list; returns its name.
  Expected<std::string> readSource(const Node &M, Config &C);
  Expected<std::string> readLogSink(const Node &M, Config &C);
  Expected<std::string> readAuditSink(const Node &M, Config &C);
  /// A list of plain names (declassifiers, log-sink-classes) into \p Out;
  /// \p What is what each names ("a function name").
  Error readNames(const KeyValue &KV, StringRef Key, StringRef What,
                  StringRef Example, std::vector<std::string> &Out);
  Error readPolicy(const KeyValue &KV, Config &C);
  Error readTopKey(StringRef Key, const KeyValue &KV, Config &C);
  /// Reads the mapping entries of the list of \p Kind; \p Entry reads one
  /// of them and returns its name, which must be unique in the list.
  Error
  readEntries(const KeyValue &KV, const MapKind &Kind,
              llvm::function_ref<Expected<std::string>(const Node &)> Entry);

  StringRef Path;
  StringRef Source;
  /// Every name read, for Config::Names.
  std::vector<ConfiguredName> Names;
};

/// Where messages place \p N. A flow collection is placed at the first token
/// inside its bracket, where the messages have always placed it (LLVM's
/// parser did): "[a]" at the 'a', "{name: x}" at 'name'.
Mark Reader::start(const Node *N) const {
  if (!N)
    return Mark();
  if (!N->Flow)
    return N->Start;
  if (N->isSequence() && !N->Items.empty())
    return N->Items.front()->Start;
  if (N->isMapping() && !N->Entries.empty())
    return N->Entries.front().Key->Start;
  // Empty: the first thing after the bracket on its line.
  Mark At = N->Start;
  size_t P = At.Offset + 1;
  if (P > Source.size())
    return N->Start;
  while (P < Source.size() && (Source[P] == ' ' || Source[P] == '\t'))
    ++P;
  return Mark{At.Line, At.Column + static_cast<unsigned>(P - At.Offset), P};
}

/// The place of byte \p Offset of the text, which is at or before \p From.
Mark Reader::markBefore(const Mark &From, size_t Offset) const {
  if (Offset > From.Offset || From.Offset > Source.size())
    return From;
  unsigned Breaks = 0;
  for (size_t I = Offset; I < From.Offset; ++I)
    if (Source[I] == '\n' || (Source[I] == '\r' && (I + 1 == Source.size() ||
                                                    Source[I + 1] != '\n')))
      ++Breaks;
  if (Breaks == 0) {
    size_t Back = From.Offset - Offset;
    if (Back >= From.Column)
      return From;
    return Mark{From.Line, From.Column - static_cast<unsigned>(Back), Offset};
  }
  if (Breaks >= From.Line)
    return From;
  size_t LineStart = Offset;
  while (LineStart > 0 && Source[LineStart - 1] != '\n' &&
         Source[LineStart - 1] != '\r')
    --LineStart;
  return Mark{From.Line - Breaks, static_cast<unsigned>(Offset - LineStart + 1),
              Offset};
}

/// Where character \p Offset of the value of scalar \p N is in the file, when
/// the value is spelled verbatim on one line (no escapes or line folding);
/// else where \p N starts.
Mark Reader::locInScalar(const Node *N, StringRef Value, size_t Offset) const {
  if (!N || !N->isScalar() || N->End.Offset < N->Start.Offset ||
      N->End.Offset > Source.size())
    return start(N);
  StringRef Raw = Source.slice(N->Start.Offset, N->End.Offset);
  size_t Quote = 0;
  if (Raw.size() >= 2 && (Raw.front() == '"' || Raw.front() == '\'') &&
      Raw.back() == Raw.front()) {
    Raw = Raw.drop_front().drop_back();
    Quote = 1;
  }
  if (Raw != Value || Offset > Raw.size() ||
      Raw.find_first_of("\r\n") != StringRef::npos)
    return start(N);
  return Mark{N->Start.Line,
              N->Start.Column + static_cast<unsigned>(Quote + Offset),
              N->Start.Offset + Quote + Offset};
}

/// The '-' before list entry \p N, if only blanks and line breaks are
/// between them: an empty entry is placed just after its '-', and
/// "-\n  - name: x" is an entry holding a list that starts a line below.
Mark Reader::dashBefore(const Node *N) const {
  size_t P = std::min(N->Start.Offset, Source.size());
  while (P > 0 && StringRef(" \t\r\n").contains(Source[P - 1]))
    --P;
  if (P > 0 && Source[P - 1] == '-')
    return markBefore(N->Start, P - 1);
  return N->Start;
}

Error Reader::forEachKey(const Node &M, const MapKind &Kind, KeyFn F) {
  yaml::KeyChecker Checker(views(Kind.Keys), ConfigNearMatch);
  const std::string Where = where(Kind);
  for (const KeyValue &KV : M.Entries) {
    const Node *KeyNode = KV.Key;
    const std::string &Key = KeyNode->Value;
    if (!Checker.isKnown(Key))
      return unknownKey(KeyNode, Key, Kind, Checker);
    if (std::optional<std::string> Why = Checker.check(*KeyNode, Where))
      return error(KeyNode, *Why);
    if (Error E = F(Key, KV))
      return E;
  }
  return Error::success();
}

Error Reader::unknownKey(const Node *KeyNode, StringRef Key,
                         const MapKind &Kind, const yaml::KeyChecker &Checker) {
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
  return error(KeyNode, Checker.unknown(Key, where(Kind)));
}

/// The value of \p KV. A missing value is an error, or an empty list when
/// \p NullIsEmpty (then nullptr is returned).
Expected<const Node *> Reader::value(const KeyValue &KV, StringRef Key,
                                     bool NullIsEmpty) {
  const Node *V = KV.Value;
  if (!V || V->isNull()) {
    if (NullIsEmpty)
      return nullptr;
    return error(KV.Key, "missing value for '" + Key +
                             "'; write it after the colon, as in '" + Key +
                             ": " + exampleValue(Key) + "'");
  }
  return V;
}

/// The text of a scalar (plain, quoted or block), else an error saying
/// "expected <Expectation>".
Expected<std::string> Reader::text(const Node *N, const Twine &Expectation) {
  if (N && N->isScalar())
    return N->Value;
  return error(N, "expected " + Expectation);
}

/// A qualified name, checked for the mistakes that would make it match
/// nothing; a leading '::' is dropped.
Expected<std::string> Reader::name(const Node *N, StringRef List) {
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
  // A destructor takes nothing to log: what a stream class writes when it
  // is destroyed is the class's business, so the class is the sink.
  if (Parts.back().trim().starts_with("~") && List != "sources") {
    StringRef Class = Name.take_front(Name.size() - Parts.back().size());
    Class.consume_back("::");
    std::string Fix =
        List == "log-sinks"
            ? "; to treat what objects of the class write as a log, list "
              "the class under 'log-sink-classes': '- " +
                  shown(Class) + "'"
            : std::string("; write the name of a function");
    return error(N, "'" + shown(*Text) + "' in '" + List +
                        "' is a destructor, which has no arguments" + Fix);
  }
  Mark At = start(N);
  Names.push_back(ConfiguredName{Name.str(), List.str(), At.Line, At.Column});
  return Name.str();
}

Expected<Tier> Reader::tier(const Node *N) {
  Expected<std::string> Text =
      text(N, "a tier: sensitive, restricted or unrestricted");
  if (!Text)
    return Text.takeError();
  if (std::optional<Tier> T = parseTier(*Text))
    return *T;
  return error(N, "unknown tier '" + shown(*Text) +
                      "'; use sensitive, restricted or unrestricted");
}

/// A 0-based argument index, a whole number, for error messages under
/// \p Key.
Expected<unsigned> Reader::index(const Node *N, StringRef Key) {
  Expected<std::string> Text =
      text(N, "an argument index (0 is the first argument) in '" + Key + "'");
  if (!Text)
    return Text.takeError();
  StringRef T = StringRef(*Text).trim();
  const char *Hint = "; indices are 0-based: the first argument is 0";
  std::optional<unsigned long long> Value = yaml::asUnsigned(*N);
  if (Value && *Value <= UINT_MAX)
    return static_cast<unsigned>(*Value);
  if (std::optional<long long> Signed = yaml::asInteger(*N);
      Signed && *Signed < 0)
    return error(N, "negative argument index " + shown(T) + " in '" + Key +
                        "'" + Hint);
  if (!T.empty() && llvm::all_of(T, llvm::isDigit))
    return error(N, "argument index " + shown(T) + " in '" + Key +
                        "' is too large" + Hint);
  return error(N, "argument index '" + shown(T) + "' in '" + Key +
                      "' is not a whole number" + Hint);
}

/// The list under \p KV; nullptr for an empty value.
Expected<const Node *> Reader::list(const KeyValue &KV, StringRef Key,
                                    const Twine &Expectation) {
  Expected<const Node *> V = value(KV, Key, /*NullIsEmpty=*/true);
  if (!V)
    return V.takeError();
  if (!*V)
    return nullptr;
  if (!(*V)->isSequence())
    return error(*V, "expected " + Expectation + " under '" + Key +
                         "' (one per line, each starting with '- ')");
  return *V;
}

Error Reader::readVersion(const KeyValue &KV) {
  Expected<const Node *> V = value(KV, "version", /*NullIsEmpty=*/false);
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

Error Reader::checkGlobs(const Node *N, StringRef Globs) {
  size_t Begin = 0;
  while (Begin <= Globs.size()) {
    size_t End = Globs.find(',', Begin);
    if (End == StringRef::npos)
      End = Globs.size();
    StringRef Raw = Globs.slice(Begin, End);
    size_t Lead = Raw.size() - Raw.ltrim().size();
    Mark Loc = locInScalar(N, Globs, Begin + Lead);
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

Error Reader::readChecks(const KeyValue &KV, Config &C) {
  Expected<const Node *> V = value(KV, "checks", /*NullIsEmpty=*/false);
  if (!V)
    return V.takeError();
  const char *Expectation = "a string of comma-separated globs for 'checks', "
                            "such as \"trailguard-*\"";
  std::string Joined;
  if ((*V)->isSequence()) {
    // Also accepted as a list of globs, one per entry.
    for (const Node *Entry : (*V)->Items) {
      Expected<std::string> Globs = text(Entry, Expectation);
      if (!Globs)
        return Globs.takeError();
      if (Error E = checkGlobs(Entry, *Globs))
        return E;
      if (!Joined.empty())
        Joined += ",";
      Joined += *Globs;
    }
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

Error Reader::readHeaderFilter(const KeyValue &KV, Config &C) {
  Expected<const Node *> V = value(KV, "header-filter", /*NullIsEmpty=*/false);
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

Error Reader::readInfer(const KeyValue &KV, Config &C) {
  Expected<const Node *> V =
      value(KV, "infer-sensitive-names", /*NullIsEmpty=*/false);
  if (!V)
    return V.takeError();
  Expected<std::string> Text =
      text(*V, "true or false for 'infer-sensitive-names'");
  if (!Text)
    return Text.takeError();
  if (std::optional<bool> B = yaml::asBool(**V)) {
    C.InferSensitiveNames = *B;
    return Error::success();
  }
  return error(*V, "expected true or false for 'infer-sensitive-names', "
                   "not '" +
                       shown(*Text) + "'");
}

Error Reader::readEntries(
    const KeyValue &KV, const MapKind &Kind,
    llvm::function_ref<Expected<std::string>(const Node &)> Entry) {
  Expected<const Node *> Seq = list(KV, Kind.Parent, "a list of entries");
  if (!Seq)
    return Seq.takeError();
  if (!*Seq)
    return Error::success();
  llvm::StringMap<unsigned> Names;
  for (const Node *Item : (*Seq)->Items) {
    if (!Item->isMapping()) {
      // "-\n  - name: x" is an empty entry holding a list.
      Mark Dash = dashBefore(Item);
      if (Item->isNull() ||
          (Item->isSequence() && Dash.Line != start(Item).Line))
        return error(Dash, "empty entry in '" + Kind.Parent +
                               "'; write '- name: ns::thing' after the '-' "
                               "or remove it");
      return error(Item, "expected an entry with keys (" +
                             llvm::join(Kind.Keys, ", ") + ") in '" +
                             Kind.Parent + "'; write '- name: ns::thing'");
    }
    Mark Loc = start(Item);
    Expected<std::string> Name = Entry(*Item);
    if (!Name)
      return Name.takeError();
    auto Inserted = Names.try_emplace(*Name, Loc.Line);
    if (!Inserted.second)
      return error(Loc, "'" + shown(*Name) + "' is already listed in '" +
                            Kind.Parent + "' at line " +
                            Twine(Inserted.first->second) +
                            "; remove one of the entries");
  }
  return Error::success();
}

Expected<std::string> Reader::readSource(const Node &M, Config &C) {
  SourceEntry S;
  bool HasName = false;
  if (Error E = forEachKey(
          M, SourceKind, [&](StringRef Key, const KeyValue &KV) -> Error {
            Expected<const Node *> V = value(KV, Key, /*NullIsEmpty=*/false);
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

Expected<std::string> Reader::readLogSink(const Node &M, Config &C) {
  LogSinkEntry S;
  bool HasName = false;
  if (Error E = forEachKey(
          M, LogSinkKind, [&](StringRef Key, const KeyValue &KV) -> Error {
            const char *Fix = "list 0-based indices such as [0, 2], or omit "
                              "'args' for every argument";
            if (Key == "args" && KV.Value && KV.Value->isNull())
              return error(KV.Key, Twine("missing value for 'args'; ") + Fix);
            Expected<const Node *> V = value(KV, Key, /*NullIsEmpty=*/false);
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
            if (!(*V)->isSequence())
              return error(*V, "expected a list of argument indices under "
                               "'args', such as [1] or [0, 2]");
            for (const Node *Item : (*V)->Items) {
              Expected<unsigned> I = index(Item, "args");
              if (!I)
                return I.takeError();
              if (!llvm::is_contained(S.Args, *I))
                S.Args.push_back(*I);
            }
            if (S.Args.empty())
              return error(KV.Key, Twine("empty 'args'; ") + Fix);
            return Error::success();
          }))
    return std::move(E);
  if (!HasName)
    return error(&M, "missing 'name' in this entry of 'log-sinks'; add "
                     "'name: ns::function'");
  C.LogSinks.push_back(S);
  return S.Name;
}

Expected<std::string> Reader::readAuditSink(const Node &M, Config &C) {
  AuditSinkEntry S;
  bool HasName = false;
  if (Error E = forEachKey(
          M, AuditSinkKind, [&](StringRef Key, const KeyValue &KV) -> Error {
            Expected<const Node *> V = value(KV, Key, /*NullIsEmpty=*/false);
            if (!V)
              return V.takeError();
            if (Key == "name") {
              Expected<std::string> N = name(*V, "audit-sinks");
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

Error Reader::readNames(const KeyValue &KV, StringRef Key, StringRef What,
                        StringRef Example, std::vector<std::string> &Out) {
  Expected<const Node *> Seq = list(KV, Key, "a list of " + What + "s");
  if (!Seq)
    return Seq.takeError();
  if (!*Seq)
    return Error::success();
  llvm::StringMap<unsigned> Seen;
  for (const Node *Item : (*Seq)->Items) {
    if (Item->isNull())
      return error(dashBefore(Item), "empty entry in '" + Key + "'; write " +
                                         "a " + What +
                                         " after the '-' or remove it");
    if (Item->isMapping())
      return error(Item, "entries of '" + Key + "' are plain names: write '- " +
                             Example + "', not '- name: ...'");
    Expected<std::string> N = name(Item, Key);
    if (!N)
      return N.takeError();
    auto Inserted = Seen.try_emplace(*N, start(Item).Line);
    if (!Inserted.second)
      return error(Item, "'" + shown(*N) + "' is already listed in '" + Key +
                             "' at line " + Twine(Inserted.first->second) +
                             "; remove one of the entries");
    Out.push_back(std::move(*N));
  }
  return Error::success();
}

Error Reader::readPolicy(const KeyValue &KV, Config &C) {
  Expected<const Node *> V = value(KV, "policy", /*NullIsEmpty=*/true);
  if (!V)
    return V.takeError();
  if (!*V)
    return Error::success();
  if (!(*V)->isMapping())
    return error(*V, "expected keys under 'policy', such as 'log: "
                     "restricted' on the next line, indented");
  return forEachKey(**V, PolicyKind,
                    [&](StringRef Key, const KeyValue &F) -> Error {
                      Expected<const Node *> T = value(F, Key, false);
                      if (!T)
                        return T.takeError();
                      Expected<Tier> Ceiling = tier(*T);
                      if (!Ceiling)
                        return Ceiling.takeError();
                      C.LogCeiling = *Ceiling;
                      return Error::success();
                    });
}

Error Reader::readTopKey(StringRef Key, const KeyValue &KV, Config &C) {
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
                       [&](const Node &M) { return readSource(M, C); });
  if (Key == "log-sinks")
    return readEntries(KV, LogSinkKind,
                       [&](const Node &M) { return readLogSink(M, C); });
  if (Key == "audit-sinks")
    return readEntries(KV, AuditSinkKind,
                       [&](const Node &M) { return readAuditSink(M, C); });
  if (Key == "declassifiers")
    return readNames(KV, Key, "function name", "crypto::hmac_hex",
                     C.Declassifiers);
  if (Key == "log-sink-classes")
    return readNames(KV, Key, "class name", "mylib::DebugStream",
                     C.LogSinkClasses);
  return readPolicy(KV, C);
}

Error Reader::read(const yaml::Stream &S, Config &C) {
  const std::vector<const Node *> &Documents = S.documents();
  if (Documents.empty())
    return Error::success();
  const Node *Root = Documents.front();
  if (!Root->isNull()) {
    if (!Root->isMapping())
      return error(Root, "expected keys at the top level, starting with "
                         "'version: 1'");
    bool HasVersion = false;
    Error E =
        forEachKey(*Root, TopKind, [&](StringRef Key, const KeyValue &KV) {
          HasVersion |= Key == "version";
          return readTopKey(Key, KV, C);
        });
    if (E)
      return E;
    if (!HasVersion)
      return error(Root, "missing 'version'; add 'version: 1' as the first "
                         "line");
  }
  for (size_t I = 1; I < Documents.size(); ++I)
    if (!Documents[I]->isNull())
      return error(Documents[I],
                   "a second YAML document; the configuration is one "
                   "document: remove the '---' line above");
  C.Names = std::move(Names);
  return Error::success();
}

} // namespace

llvm::Expected<Config> parseConfig(llvm::StringRef Text, llvm::StringRef Path) {
  Config C;
  C.Path = Path.str();
  yaml::Error Problem;
  std::optional<yaml::Stream> S = yaml::parse(Text, yaml::Limits(), Problem);
  if (!S)
    return configError(Path, Problem.At, Problem.Message);
  if (Error E = Reader(Path, Text).read(*S, C))
    return std::move(E);
  return C;
}

llvm::Expected<Config> loadConfig(llvm::StringRef Path) {
  std::string Text, Why;
  if (!yaml::readTextFile(Path.str(), yaml::Limits().MaxBytes, Text, Why))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot read " + Path + ": " + Why);
  return parseConfig(Text, Path);
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
    // Parent is a prefix of Dir: assigning it would copy Dir onto itself.
    Dir.resize(Parent.size());
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
