//===--- ProgramFacts.cpp - the whole-program tier-leak resolution --------===//
//
// Serializes the facts of each translation unit and resolves them together:
// summaries to a fixed point over the calls between units, then the reports
// that waited on those calls.
//
//===----------------------------------------------------------------------===//

#include "ProgramFacts.h"

#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <set>
#include <functional>
#include <stdexcept>
#include <thread>
#include <unordered_map>

namespace trailguard {

namespace {

/// `this` in FactValue::Params, as in tierleak::Taint.
constexpr unsigned ThisParam = 62;
constexpr unsigned MaxParams = 62;
/// As in tierleak: past this many field dependencies, whole parameters.
constexpr size_t MaxFieldDeps = 8;
constexpr size_t MaxSinks = 64;
/// Rounds of the fixed point over the calls between units: each round
/// carries summaries one call further across units.
constexpr unsigned MaxRounds = 16;
/// A constructor's call has at most this many field slots.
constexpr int64_t MaxFieldSlots = 4096;

// --- JSON --------------------------------------------------------------

/// A malformed summary file; caught in factsFromJson.
struct Malformed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void require(bool Ok, const char *What) {
  if (!Ok)
    throw Malformed(What);
}

bool validParam(uint64_t P) { return P < MaxParams || P == ThisParam; }

/// Whether \p V says nothing, so that a summary may leave it out.
bool blank(const FactValue &V) { return V.clean() && V.Path.empty(); }

/// Writes one unit's facts. Paths and source lines go into tables that
/// locations and line texts refer to by number: a unit names the same few
/// headers and lines thousands of times, and reading a warm run's summaries
/// is most of its time.
class FactsWriter {
public:
  nlohmann::json unit(const TUFacts &F);

private:
  size_t file(const std::string &Path) {
    auto [It, New] = FileIndex.try_emplace(Path, Files.size());
    if (New)
      Files.push_back(Path);
    return It->second;
  }

  size_t line(const std::string &Text) {
    auto [It, New] = LineIndex.try_emplace(Text, Lines.size());
    if (New)
      Lines.push_back(Text);
    return It->second;
  }

  nlohmann::json note(const ResolvedNote &N) {
    nlohmann::json J = nlohmann::json::array(
        {file(N.File), N.Line, N.Column, N.CharColumn});
    if (!N.Message.empty())
      J.push_back(N.Message);
    return J;
  }

  nlohmann::json notes(const std::vector<ResolvedNote> &Notes) {
    nlohmann::json A = nlohmann::json::array();
    for (const ResolvedNote &N : Notes)
      A.push_back(note(N));
    return A;
  }

  nlohmann::json value(const FactValue &V) {
    nlohmann::json J = nlohmann::json::object();
    if (V.T != Tier::unrestricted)
      J["tier"] = tierName(V.T).str();
    if (V.Params)
      J["params"] = V.Params;
    if (!V.Fields.empty()) {
      nlohmann::json &F = J["fields"] = nlohmann::json::array();
      for (const auto &[P, Usr] : V.Fields)
        F.push_back(nlohmann::json::array({P, Usr}));
    }
    if (!V.Calls.empty()) {
      nlohmann::json &C = J["calls"] = nlohmann::json::array();
      for (const auto &[Call, Slot] : V.Calls)
        C.push_back(nlohmann::json::array({Call, Slot}));
    }
    if (!V.Path.empty())
      J["path"] = notes(V.Path);
    return J;
  }

  /// \p V under \p Key of \p J, unless it says nothing.
  void put(nlohmann::json &J, const char *Key, const FactValue &V) {
    if (!blank(V))
      J[Key] = value(V);
  }

  /// \p Vs (one per parameter) under \p Key of \p J, without the trailing
  /// ones that say nothing.
  void put(nlohmann::json &J, const char *Key,
           const std::vector<FactValue> &Vs) {
    size_t N = Vs.size();
    while (N > 0 && blank(Vs[N - 1]))
      --N;
    if (N == 0)
      return;
    nlohmann::json &A = J[Key] = nlohmann::json::array();
    for (size_t I = 0; I < N; ++I)
      A.push_back(value(Vs[I]));
  }

  nlohmann::json valueMap(const std::map<std::string, FactValue> &Vs) {
    nlohmann::json M = nlohmann::json::object();
    for (const auto &[Usr, V] : Vs)
      M[Usr] = value(V);
    return M;
  }

  nlohmann::json arg(const FactCall::Arg &A) {
    nlohmann::json J = {{"at", note(A.Where)}};
    put(J, "value", A.Value);
    if (A.Reportable)
      J["reportable"] = true;
    if (!A.Fields.empty())
      J["fields"] = valueMap(A.Fields);
    if (!A.LineText.empty())
      J["line"] = line(A.LineText);
    return J;
  }

  std::unordered_map<std::string, size_t> FileIndex, LineIndex;
  std::vector<std::string> Files, Lines;
};

nlohmann::json FactsWriter::unit(const TUFacts &F) {
  nlohmann::json J;
  J["format"] = SummaryFormat;
  J["file"] = F.File;
  if (F.Failed) {
    J["failed"] = true;
    J["errors"] = F.Errors;
  }
  nlohmann::json &Inputs = J["inputs"] = nlohmann::json::array();
  for (const auto &[Path, Hash] : F.Inputs)
    Inputs.push_back(nlohmann::json::array({file(Path), Hash}));
  nlohmann::json &Findings = J["findings"] = nlohmann::json::array();
  for (const ResolvedFinding &R : F.Findings) {
    nlohmann::json Fj = {{"check", R.CheckId},
                         {"at", note(R.Where)},
                         {"notes", notes(R.Notes)},
                         {"line", line(R.LineText)}};
    if (R.Remark)
      Fj["remark"] = true;
    if (!R.Suppression.empty())
      Fj["suppressed"] = R.Suppression;
    for (const ResolvedFix &Fix : R.Fixes)
      Fj["fixes"].push_back({note(Fix.Begin), note(Fix.End), Fix.Text});
    Findings.push_back(std::move(Fj));
  }
  if (!F.Text.empty())
    J["text"] = F.Text;
  J["names"] = {{"matched", F.NameMatched},
                {"nearest", F.NameNearest},
                {"distance", F.NameDistance}};
  nlohmann::json &Calls = J["calls"] = nlohmann::json::array();
  for (const FactCall &C : F.Calls) {
    nlohmann::json Cj = {{"callee", C.Callee},
                         {"name", C.CalleeName},
                         {"owner", C.Owner},
                         {"at", note(C.Where)}};
    nlohmann::json &Args = Cj["args"] = nlohmann::json::array();
    for (const FactCall::Arg &A : C.Args)
      Args.push_back(arg(A));
    if (C.HasObject)
      Cj["object"] = arg(C.Object);
    nlohmann::json Fallback = nlohmann::json::object();
    put(Fallback, "return", C.FallbackReturn);
    put(Fallback, "out", C.FallbackOut);
    put(Fallback, "object", C.FallbackObject);
    if (!Fallback.empty())
      Cj["fallback"] = std::move(Fallback);
    if (!C.FieldSlots.empty())
      Cj["fieldSlots"] = C.FieldSlots;
    Calls.push_back(std::move(Cj));
  }
  nlohmann::json &Summaries = J["summaries"] = nlohmann::json::array();
  for (const FactSummary &S : F.Summaries) {
    nlohmann::json Sj = {{"usr", S.Usr}, {"name", S.Name}};
    put(Sj, "return", S.Return);
    put(Sj, "out", S.Out);
    put(Sj, "object", S.Object);
    if (!S.ObjectFields.empty())
      Sj["objectFields"] = valueMap(S.ObjectFields);
    put(Sj, "thrown", S.Thrown);
    if (!S.Sinks.empty()) {
      nlohmann::json &Sinks = Sj["sinks"] = nlohmann::json::array();
      for (const FactSink &K : S.Sinks)
        Sinks.push_back({{"deps", value(K.Deps)},
                         {"ceiling", tierName(K.Ceiling).str()},
                         {"what", K.What},
                         {"notes", notes(K.Notes)}});
    }
    Summaries.push_back(std::move(Sj));
  }
  nlohmann::json &Constants = J["constants"] = nlohmann::json::array();
  for (const FactConstant &C : F.Constants)
    Constants.push_back({{"usr", C.Usr}, {"needs", C.Needs}});
  nlohmann::json &ConstantReports = J["constantReports"] =
      nlohmann::json::array();
  for (const FactConstantReport &R : F.ConstantReports)
    ConstantReports.push_back({{"at", note(R.Where)},
                               {"line", line(R.LineText)},
                               {"notes", notes(R.Notes)},
                               {"needs", R.Needs}});
  nlohmann::json &Reports = J["reports"] = nlohmann::json::array();
  for (const FactReport &R : F.Reports)
    Reports.push_back({{"check", R.CheckId},
                       {"at", note(R.Where)},
                       {"line", line(R.LineText)},
                       {"suffix", R.Suffix},
                       {"ceiling", tierName(R.Ceiling).str()},
                       {"value", value(R.Value)},
                       {"extra", notes(R.Extra)}});
  // Last: the tables fill while the rest is written.
  J["files"] = std::move(Files);
  J["lines"] = std::move(Lines);
  return J;
}

/// A strict pull reader of JSON text: reading a warm run's summaries into a
/// document first, then into facts, was most of the run. It accepts only
/// JSON (RFC 8259) with UTF-8 strings and integers that fit, and says at
/// which byte it stopped.
class Cursor {
public:
  explicit Cursor(llvm::StringRef Text)
      : Begin(Text.begin()), P(Text.begin()), End(Text.end()) {}

  [[noreturn]] void fail(const std::string &What) const {
    throw Malformed(What + " (at byte " + std::to_string(P - Begin) + ")");
  }

  const char *pos() const { return P; }
  void seek(const char *To) { P = To; }

  /// Calls \p Member(key) at each member's value, which it must consume.
  template <typename Fn> void object(const char *What, Fn Member) {
    if (!take('{'))
      fail(What);
    if (take('}'))
      return;
    do {
      if (peek() != '"')
        fail("a member name expected");
      std::string Key = string();
      expect(':');
      Member(Key);
    } while (take(','));
    expect('}');
  }

  /// Calls \p Element at each element, which it must consume.
  template <typename Fn> void array(const char *What, Fn Element) {
    if (!take('['))
      fail(What);
    if (take(']'))
      return;
    do
      Element();
    while (take(','));
    expect(']');
  }

  /// The start of a fixed-length array such as a location.
  void open(const char *What) {
    if (!take('['))
      fail(What);
  }
  void next() { expect(','); }
  bool more() { return take(','); }
  void close() { expect(']'); }

  std::string string() {
    if (peek() != '"')
      fail("a string expected");
    ++P;
    std::string S;
    const char *Run = P;
    while (true) {
      if (P == End)
        fail("a string does not end");
      unsigned char C = *P;
      if (C == '"')
        break;
      if (C < 0x20)
        fail("a control character in a string");
      if (C == '\\') {
        S.append(Run, P);
        ++P;
        escape(S);
        Run = P;
        continue;
      }
      ++P;
    }
    S.append(Run, P);
    ++P;
    if (!llvm::json::isUTF8(S))
      fail("a string is not UTF-8");
    return S;
  }

  uint64_t uint() {
    if (peek() < '0' || peek() > '9')
      fail("a whole number expected");
    return digits();
  }

  int64_t integer() {
    bool Negative = take('-');
    if (P == End || *P < '0' || *P > '9')
      fail("a whole number expected");
    uint64_t N = digits();
    if (N > uint64_t(INT64_MAX) + Negative)
      fail("a number out of range");
    return Negative ? int64_t(0 - N) : int64_t(N);
  }

  bool boolean() {
    if (literal("true"))
      return true;
    if (literal("false"))
      return false;
    fail("true or false expected");
  }

  /// Steps over any value (a member this reader does not know).
  void skip(unsigned Depth = 0) {
    if (Depth > 64)
      fail("nested too deeply");
    switch (peek()) {
    case '{':
      object("", [&](const std::string &) { skip(Depth + 1); });
      return;
    case '[':
      array("", [&] { skip(Depth + 1); });
      return;
    case '"':
      string();
      return;
    case 't':
    case 'f':
      boolean();
      return;
    case 'n':
      if (!literal("null"))
        fail("a value expected");
      return;
    default:
      number();
    }
  }

  /// Only white space is left.
  void end() {
    if (peek() != 0 || P != End)
      fail("more after the end of the summary");
  }

private:
  char peek() {
    while (P != End && (*P == ' ' || *P == '\n' || *P == '\r' || *P == '\t'))
      ++P;
    return P == End ? 0 : *P;
  }

  bool take(char C) {
    if (peek() != C)
      return false;
    ++P;
    return true;
  }

  void expect(char C) {
    if (!take(C))
      fail(std::string("'") + C + "' expected");
  }

  bool literal(llvm::StringRef Word) {
    peek();
    if (llvm::StringRef(P, End - P).starts_with(Word)) {
      P += Word.size();
      return true;
    }
    return false;
  }

  uint64_t digits() {
    if (*P == '0' && P + 1 != End && P[1] >= '0' && P[1] <= '9')
      fail("a number with a leading zero");
    uint64_t N = 0;
    for (; P != End && *P >= '0' && *P <= '9'; ++P) {
      if (N > (UINT64_MAX - unsigned(*P - '0')) / 10)
        fail("a number out of range");
      N = N * 10 + unsigned(*P - '0');
    }
    if (P != End && (*P == '.' || *P == 'e' || *P == 'E'))
      fail("a whole number expected");
    return N;
  }

  /// Any JSON number, for skip().
  void number() {
    take('-');
    if (P == End || *P < '0' || *P > '9')
      fail("a value expected");
    while (P != End && *P >= '0' && *P <= '9')
      ++P;
    if (P != End && *P == '.') {
      ++P;
      if (P == End || *P < '0' || *P > '9')
        fail("a digit expected");
      while (P != End && *P >= '0' && *P <= '9')
        ++P;
    }
    if (P != End && (*P == 'e' || *P == 'E')) {
      ++P;
      if (P != End && (*P == '+' || *P == '-'))
        ++P;
      if (P == End || *P < '0' || *P > '9')
        fail("a digit expected");
      while (P != End && *P >= '0' && *P <= '9')
        ++P;
    }
  }

  unsigned hex4() {
    unsigned V = 0;
    for (int I = 0; I < 4; ++I, ++P) {
      if (P == End || !llvm::isHexDigit(*P))
        fail("a \\u escape needs four hex digits");
      V = V * 16 + llvm::hexDigitValue(*P);
    }
    return V;
  }

  void escape(std::string &S) {
    if (P == End)
      fail("a string does not end");
    char E = *P++;
    switch (E) {
    case '"': S += '"'; return;
    case '\\': S += '\\'; return;
    case '/': S += '/'; return;
    case 'b': S += '\b'; return;
    case 'f': S += '\f'; return;
    case 'n': S += '\n'; return;
    case 'r': S += '\r'; return;
    case 't': S += '\t'; return;
    case 'u': break;
    default: fail("an unknown escape in a string");
    }
    unsigned CP = hex4();
    if (CP >= 0xDC00 && CP <= 0xDFFF)
      fail("a lone low surrogate in a string");
    if (CP >= 0xD800 && CP <= 0xDBFF) {
      if (End - P < 2 || P[0] != '\\' || P[1] != 'u')
        fail("a lone high surrogate in a string");
      P += 2;
      unsigned Low = hex4();
      if (Low < 0xDC00 || Low > 0xDFFF)
        fail("a lone high surrogate in a string");
      CP = 0x10000 + ((CP - 0xD800) << 10) + (Low - 0xDC00);
    }
    if (CP < 0x80) {
      S += char(CP);
    } else if (CP < 0x800) {
      S += char(0xC0 | (CP >> 6));
      S += char(0x80 | (CP & 0x3F));
    } else if (CP < 0x10000) {
      S += char(0xE0 | (CP >> 12));
      S += char(0x80 | ((CP >> 6) & 0x3F));
      S += char(0x80 | (CP & 0x3F));
    } else {
      S += char(0xF0 | (CP >> 18));
      S += char(0x80 | ((CP >> 12) & 0x3F));
      S += char(0x80 | ((CP >> 6) & 0x3F));
      S += char(0x80 | (CP & 0x3F));
    }
  }

  const char *Begin, *P, *End;
};

/// Reads what FactsWriter wrote, refusing anything else: summaries come
/// from other jobs and machines (--merge), so every index is checked.
class FactsReader {
public:
  explicit FactsReader(llvm::StringRef Text) : C(Text) {}
  TUFacts unit();

private:
  const std::string &file() {
    uint64_t I = C.uint();
    require(I < Files.size(), "a file is not a number in 'files'");
    return Files[I];
  }

  const std::string &line() {
    uint64_t I = C.uint();
    require(I < Lines.size(), "a line is not a number in 'lines'");
    return Lines[I];
  }

  unsigned smallUint() {
    uint64_t N = C.uint();
    require(N <= UINT32_MAX, "a line or column out of range");
    return unsigned(N);
  }

  ResolvedNote note() {
    ResolvedNote N;
    C.open("a location is not [file, line, column, charColumn, message?]");
    N.File = file();
    C.next();
    N.Line = smallUint();
    C.next();
    N.Column = smallUint();
    C.next();
    N.CharColumn = smallUint();
    if (C.more())
      N.Message = C.string();
    C.close();
    return N;
  }

  std::vector<ResolvedNote> notes() {
    std::vector<ResolvedNote> Notes;
    C.array("notes are not an array", [&] { Notes.push_back(note()); });
    return Notes;
  }

  Tier tier() {
    std::optional<Tier> T = parseTier(C.string());
    require(T.has_value(), "unknown tier");
    return *T;
  }

  std::string usr() { return C.string(); }

  FactValue value() {
    FactValue V;
    C.object("a value is not an object", [&](const std::string &K) {
      if (K == "tier") {
        V.T = tier();
      } else if (K == "params") {
        V.Params = C.uint();
        require((V.Params >> 63) == 0, "params names a parameter out of range");
      } else if (K == "fields") {
        C.array("fields is not an array", [&] {
          C.open("a field dependency is not [parameter, usr]");
          uint64_t P = C.uint();
          require(validParam(P), "a field dependency is not [parameter, usr]");
          C.next();
          V.Fields.push_back({unsigned(P), usr()});
          C.close();
        });
      } else if (K == "calls") {
        C.array("calls is not an array", [&] {
          C.open("a call dependency is not [call, slot]");
          uint64_t Call = C.uint();
          C.next();
          int64_t Slot = C.integer();
          C.close();
          require(Call < UINT32_MAX,
                  "a value refers to a call the unit does not have");
          require(Slot >= SlotThrown &&
                      (Slot < int64_t(MaxParams) ||
                       (Slot >= FieldSlot && Slot < FieldSlot + MaxFieldSlots)),
                  "a call dependency names no slot");
          MaxCall = std::max(MaxCall, Call + 1);
          V.Calls.push_back({uint32_t(Call), int32_t(Slot)});
        });
      } else if (K == "path") {
        V.Path = notes();
      } else {
        C.skip();
      }
    });
    return V;
  }

  /// One value per parameter.
  std::vector<FactValue> values() {
    std::vector<FactValue> Vs;
    C.array("values are not an array", [&] {
      require(Vs.size() < MaxParams, "more values than parameters");
      Vs.push_back(value());
    });
    return Vs;
  }

  std::map<std::string, FactValue> valueMap() {
    std::map<std::string, FactValue> Vs;
    C.object("fields are not an object",
             [&](const std::string &Usr) { Vs[Usr] = value(); });
    return Vs;
  }

  /// One member of an object that members() reads.
  struct Member {
    const char *Name;
    bool Required;
    llvm::function_ref<void()> Read;
  };

  /// Reads an object of \p Members (others are stepped over), refusing it
  /// as "<What> is not an object" or "<What> is incomplete".
  void members(const char *What, std::initializer_list<Member> Members) {
    uint64_t Seen = 0;
    std::string NotObject = std::string(What) + " is not an object";
    C.object(NotObject.c_str(), [&](const std::string &K) {
      size_t I = 0;
      for (const Member &M : Members) {
        if (K == M.Name) {
          require(!(Seen >> I & 1), "a member appears twice");
          M.Read();
          Seen |= uint64_t(1) << I;
          return;
        }
        ++I;
      }
      C.skip();
    });
    size_t I = 0;
    for (const Member &M : Members) {
      if (M.Required && !(Seen >> I & 1))
        throw Malformed(std::string(What) + " is incomplete");
      ++I;
    }
  }

  FactCall::Arg arg() {
    FactCall::Arg A;
    members("an argument",
            {{"at", true, [&] { A.Where = note(); }},
             {"value", false, [&] { A.Value = value(); }},
             {"reportable", false, [&] { A.Reportable = C.boolean(); }},
             {"fields", false, [&] { A.Fields = valueMap(); }},
             {"line", false, [&] { A.LineText = line(); }}});
    return A;
  }

  FactCall call();
  FactSummary summary();
  ResolvedFinding finding();
  FactReport report();
  FactConstantReport constantReport();
  std::vector<std::string> usrs() {
    std::vector<std::string> Usrs;
    C.array("needs is not an array", [&] { Usrs.push_back(usr()); });
    return Usrs;
  }

  Cursor C;
  std::vector<std::string> Files, Lines;
  uint64_t MaxCall = 0; ///< one past the highest call a value refers to
};

FactCall FactsReader::call() {
  FactCall Call;
  auto Args = [&] {
    C.array("a call's args are not an array", [&] {
      require(Call.Args.size() < MaxParams, "a call has too many arguments");
      Call.Args.push_back(arg());
    });
  };
  auto Object = [&] {
    Call.HasObject = true;
    Call.Object = arg();
  };
  auto Fallback = [&] {
    members("a call's fallback",
            {{"return", false, [&] { Call.FallbackReturn = value(); }},
             {"out", false, [&] { Call.FallbackOut = values(); }},
             {"object", false, [&] { Call.FallbackObject = value(); }}});
  };
  auto FieldSlots = [&] {
    C.array("fieldSlots is not an array", [&] {
      require(Call.FieldSlots.size() < size_t(MaxFieldSlots),
              "a call has too many field slots");
      Call.FieldSlots.push_back(usr());
    });
  };
  members("a call", {{"callee", true, [&] { Call.Callee = usr(); }},
                     {"name", true, [&] { Call.CalleeName = C.string(); }},
                     {"owner", true, [&] { Call.Owner = usr(); }},
                     {"at", true, [&] { Call.Where = note(); }},
                     {"args", true, Args},
                     {"object", false, Object},
                     {"fallback", false, Fallback},
                     {"fieldSlots", false, FieldSlots}});
  return Call;
}

FactSummary FactsReader::summary() {
  FactSummary Sum;
  auto Sink = [&] {
    require(Sum.Sinks.size() < MaxSinks, "a summary has too many sinks");
    FactSink K;
    members("a sink", {{"deps", true, [&] { K.Deps = value(); }},
                       {"ceiling", true, [&] { K.Ceiling = tier(); }},
                       {"what", true, [&] { K.What = C.string(); }},
                       {"notes", true, [&] { K.Notes = notes(); }}});
    Sum.Sinks.push_back(std::move(K));
  };
  auto Sinks = [&] { C.array("a summary's sinks are not an array", Sink); };
  members("a summary",
          {{"usr", true, [&] { Sum.Usr = usr(); }},
           {"name", true, [&] { Sum.Name = C.string(); }},
           {"return", false, [&] { Sum.Return = value(); }},
           {"out", false, [&] { Sum.Out = values(); }},
           {"object", false, [&] { Sum.Object = value(); }},
           {"objectFields", false, [&] { Sum.ObjectFields = valueMap(); }},
           {"thrown", false, [&] { Sum.Thrown = value(); }},
           {"sinks", false, Sinks}});
  return Sum;
}

ResolvedFinding FactsReader::finding() {
  ResolvedFinding R;
  auto Fixes = [&] {
    C.array("'fixes' is not an array", [&] {
      ResolvedFix Fix;
      C.open("a fix is not [begin, end, text]");
      Fix.Begin = note();
      C.next();
      Fix.End = note();
      C.next();
      Fix.Text = C.string();
      C.close();
      R.Fixes.push_back(std::move(Fix));
    });
  };
  members("a finding",
          {{"check", true, [&] { R.CheckId = C.string(); }},
           {"at", true, [&] { R.Where = note(); }},
           {"notes", true, [&] { R.Notes = notes(); }},
           {"line", true, [&] { R.LineText = line(); }},
           {"remark", false, [&] { R.Remark = C.boolean(); }},
           {"suppressed", false, [&] { R.Suppression = C.string(); }},
           {"fixes", false, Fixes}});
  return R;
}

FactReport FactsReader::report() {
  FactReport R;
  members("a report", {{"check", true, [&] { R.CheckId = C.string(); }},
                       {"at", true, [&] { R.Where = note(); }},
                       {"line", true, [&] { R.LineText = line(); }},
                       {"suffix", true, [&] { R.Suffix = C.string(); }},
                       {"ceiling", true, [&] { R.Ceiling = tier(); }},
                       {"value", true, [&] { R.Value = value(); }},
                       {"extra", true, [&] { R.Extra = notes(); }}});
  return R;
}

FactConstantReport FactsReader::constantReport() {
  FactConstantReport R;
  members("a constant report",
          {{"at", true, [&] { R.Where = note(); }},
           {"line", true, [&] { R.LineText = line(); }},
           {"notes", true, [&] { R.Notes = notes(); }},
           {"needs", true, [&] { R.Needs = usrs(); }}});
  return R;
}

TUFacts FactsReader::unit() {
  // Where each member's value starts: the tables are read first, wherever
  // they are.
  std::map<std::string, const char *> At;
  C.object("not a JSON object", [&](const std::string &K) {
    require(At.emplace(K, C.pos()).second, "a member appears twice");
    C.skip();
  });
  C.end();
  auto Seek = [&](const char *Key) {
    auto It = At.find(Key);
    if (It == At.end())
      return false;
    C.seek(It->second);
    return true;
  };
  bool Ours = false;
  if (Seek("format")) {
    try {
      Ours = C.string() == SummaryFormat;
    } catch (const Malformed &) {
    }
  }
  if (!Ours)
    throw Malformed(std::string("not a summary of this version (format is "
                                "not ") +
                    SummaryFormat + ")");
  require(Seek("files"), "'files' is missing");
  C.array("'files' is not an array", [&] { Files.push_back(C.string()); });
  require(Seek("lines"), "'lines' is missing");
  C.array("'lines' is not an array", [&] { Lines.push_back(C.string()); });
  auto String = [&](const char *Key) {
    if (!Seek(Key))
      throw Malformed("'" + std::string(Key) + "' is missing or not a string");
    try {
      return C.string();
    } catch (const Malformed &) {
      throw Malformed("'" + std::string(Key) + "' is missing or not a string");
    }
  };
  TUFacts F;
  F.File = String("file");
  if (Seek("failed"))
    F.Failed = C.boolean();
  if (F.Failed)
    F.Errors = String("errors");
  require(Seek("inputs"), "no inputs");
  C.array("inputs are not an array", [&] {
    C.open("an input is not [file, hash]");
    std::string Path = file();
    C.next();
    F.Inputs.push_back({std::move(Path), C.string()});
    C.close();
  });
  require(Seek("findings"), "no findings");
  C.array("findings are not an array",
          [&] { F.Findings.push_back(finding()); });
  if (Seek("text")) {
    C.array("text is not an array", [&] { F.Text.push_back(C.string()); });
    require(F.Text.size() == F.Findings.size(),
            "text does not match the findings");
  }
  if (Seek("names")) {
    C.object("names is not an object", [&](const std::string &K) {
      if (K == "matched")
        C.array("matched is not an array",
                [&] { F.NameMatched.push_back(C.boolean()); });
      else if (K == "nearest")
        C.array("nearest is not an array",
                [&] { F.NameNearest.push_back(C.string()); });
      else if (K == "distance")
        C.array("distance is not an array",
                [&] { F.NameDistance.push_back(smallUint()); });
      else
        C.skip();
    });
    require(F.NameNearest.size() == F.NameMatched.size() &&
                F.NameDistance.size() == F.NameMatched.size(),
            "names is incomplete");
  }
  require(Seek("calls"), "no calls");
  C.array("calls are not an array", [&] { F.Calls.push_back(call()); });
  require(Seek("summaries"), "no summaries");
  C.array("summaries are not an array",
          [&] { F.Summaries.push_back(summary()); });
  require(Seek("reports"), "no reports");
  C.array("reports are not an array", [&] { F.Reports.push_back(report()); });
  if (Seek("constants"))
    C.array("constants is not an array", [&] {
      FactConstant K;
      members("a constant", {{"usr", true, [&] { K.Usr = usr(); }},
                             {"needs", true, [&] { K.Needs = usrs(); }}});
      F.Constants.push_back(std::move(K));
    });
  if (Seek("constantReports"))
    C.array("constantReports is not an array",
            [&] { F.ConstantReports.push_back(constantReport()); });
  require(MaxCall <= F.Calls.size(),
          "a value refers to a call the unit does not have");
  return F;
}

} // namespace

nlohmann::json toJson(const TUFacts &F) { return FactsWriter().unit(F); }

llvm::Expected<TUFacts> factsFromText(llvm::StringRef Text) {
  try {
    return FactsReader(Text).unit();
  } catch (const Malformed &E) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s",
                                   E.what());
  }
}

llvm::Expected<TUFacts> factsFromJson(const nlohmann::json &J) {
  std::string Text;
  try {
    Text = J.dump();
  } catch (const nlohmann::json::exception &E) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s",
                                   E.what());
  }
  return factsFromText(Text);
}
// --- Resolution --------------------------------------------------------

namespace {

/// Calls \p F on every value of call \p C that may name other calls.
template <typename Value, typename Call, typename Fn>
void forEachCallValue(Call &C, Fn F) {
  auto Arg = [&](auto &A) {
    F(A.Value);
    for (auto &[Usr, V] : A.Fields)
      F(V);
  };
  for (auto &A : C.Args)
    Arg(A);
  if (C.HasObject)
    Arg(C.Object);
  F(C.FallbackReturn);
  for (Value &V : C.FallbackOut)
    F(V);
  F(C.FallbackObject);
}

template <typename Summary, typename Fn>
void forEachSummaryValue(Summary &S, Fn F) {
  F(S.Return);
  for (auto &V : S.Out)
    F(V);
  F(S.Object);
  for (auto &[Usr, V] : S.ObjectFields)
    F(V);
  F(S.Thrown);
  for (auto &K : S.Sinks)
    F(K.Deps);
}

/// A value with no unresolved calls left.
using Resolved = FactValue;


bool hasDeps(const Resolved &V) { return V.Params || !V.Fields.empty(); }

bool sameValue(const Resolved &A, const Resolved &B) {
  return A.T == B.T && A.Params == B.Params && A.Fields == B.Fields;
}

/// sameValue, and the same path too: what a value computed from it sees.
bool identical(const Resolved &A, const Resolved &B) {
  return sameValue(A, B) && A.Path == B.Path;
}

bool identical(const std::vector<Resolved> &A, const std::vector<Resolved> &B) {
  if (A.size() != B.size())
    return false;
  for (size_t I = 0; I < A.size(); ++I)
    if (!identical(A[I], B[I]))
      return false;
  return true;
}

Resolved depsOnly(const Resolved &V) {
  Resolved D;
  D.Params = V.Params;
  D.Fields = V.Fields;
  D.Path = V.Path;
  return D;
}

void trimNotes(std::vector<ResolvedNote> &Notes) {
  keepEndsOfPath(Notes);
}

/// A summary with every call resolved.
struct ResolvedSummary {
  Resolved Return;
  std::vector<Resolved> Out;
  Resolved Object;
  std::map<std::string, Resolved> ObjectFields;
  Resolved Thrown;
  std::vector<FactSink> Sinks; ///< Deps without calls

  bool sameAs(const ResolvedSummary &O) const {
    if (!sameValue(Return, O.Return) || !sameValue(Object, O.Object) ||
        !sameValue(Thrown, O.Thrown) ||
        Out.size() != O.Out.size() || Sinks.size() != O.Sinks.size() ||
        ObjectFields.size() != O.ObjectFields.size())
      return false;
    for (const auto &[Usr, V] : ObjectFields) {
      auto It = O.ObjectFields.find(Usr);
      if (It == O.ObjectFields.end() || !sameValue(V, It->second))
        return false;
    }
    for (size_t I = 0; I < Out.size(); ++I)
      if (!sameValue(Out[I], O.Out[I]))
        return false;
    return true;
  }
};

bool identical(const ResolvedSummary &A, const ResolvedSummary &B) {
  if (!identical(A.Return, B.Return) || !identical(A.Object, B.Object) ||
      !identical(A.Thrown, B.Thrown) ||
      !identical(A.Out, B.Out) || A.ObjectFields.size() != B.ObjectFields.size() ||
      A.Sinks.size() != B.Sinks.size())
    return false;
  for (auto I = A.ObjectFields.begin(), J = B.ObjectFields.begin();
       I != A.ObjectFields.end(); ++I, ++J)
    if (I->first != J->first || !identical(I->second, J->second))
      return false;
  for (size_t I = 0; I < A.Sinks.size(); ++I) {
    const FactSink &K = A.Sinks[I], &L = B.Sinks[I];
    if (!identical(K.Deps, L.Deps) || K.Ceiling != L.Ceiling ||
        K.What != L.What || K.Notes != L.Notes)
      return false;
  }
  return true;
}

void addSink(ResolvedSummary &S, FactSink K) {
  for (const FactSink &Old : S.Sinks)
    if (Old.What == K.What && Old.Ceiling == K.Ceiling &&
        Old.Deps.Params == K.Deps.Params && Old.Deps.Fields == K.Deps.Fields)
      return;
  if (S.Sinks.size() >= MaxSinks)
    return;
  trimNotes(K.Notes);
  S.Sinks.push_back(std::move(K));
}

class Merger {
public:
  Merger(const std::vector<TUFacts> &Units, bool EveryRound)
      : Units(Units), EveryRound(EveryRound) {
    // The first definition of each function wins: an inline function
    // defined in a header has the same summary in every unit.
    std::map<std::string, size_t> DefIndex;
    for (size_t U = 0; U < Units.size(); ++U)
      for (size_t S = 0; S < Units[U].Summaries.size(); ++S)
        if (DefIndex.try_emplace(Units[U].Summaries[S].Usr, Defs.size())
                .second)
          Defs.emplace_back(U, S);
    // Callees and owners by definition, once: the rounds below look them
    // up for every call.
    Owned.resize(Defs.size());
    CalleeDef.resize(Units.size());
    for (size_t U = 0; U < Units.size(); ++U) {
      std::map<std::string, size_t> Mine;
      for (size_t S = 0; S < Units[U].Summaries.size(); ++S) {
        size_t D = DefIndex[Units[U].Summaries[S].Usr];
        if (Defs[D] == std::make_pair(U, S))
          Mine.emplace(Units[U].Summaries[S].Usr, D);
      }
      for (size_t C = 0; C < Units[U].Calls.size(); ++C) {
        const FactCall &Call = Units[U].Calls[C];
        auto It = DefIndex.find(Call.Callee);
        CalleeDef[U].push_back(It == DefIndex.end() ? NoDef : It->second);
        auto O = Mine.find(Call.Owner);
        if (O != Mine.end())
          Owned[O->second].push_back(C);
      }
    }
  }

  std::vector<std::vector<ResolvedFinding>> run() {
    CallValues.resize(Units.size());
    CallDirty.resize(Units.size());
    for (size_t U = 0; U < Units.size(); ++U) {
      CallValues[U].resize(Units[U].Calls.size());
      CallDirty[U].assign(Units[U].Calls.size(), true);
    }
    DefDirty.assign(Defs.size(), true);
    linkUsers();
    for (unsigned Round = 0; Round < MaxRounds; ++Round) {
      bool Changed = resolveCalls();
      // Each summary of this round is made from those of the last one:
      // the new ones take their places only once all are made.
      std::vector<std::pair<size_t, ResolvedSummary>> Next;
      if (EveryRound)
        DefDirty.assign(Defs.size(), true);
      for (size_t D = 0; D < Defs.size(); ++D) {
        if (Known && !DefDirty[D])
          continue;
        DefDirty[D] = false;
        ResolvedSummary S = summarize(D);
        if (!Known || !Summaries[D].sameAs(S))
          Changed = true;
        if (!Known || !identical(Summaries[D], S))
          Next.emplace_back(D, std::move(S));
      }
      Summaries.resize(Defs.size());
      for (auto &[D, S] : Next) {
        Summaries[D] = std::move(S);
        for (const auto &[U, C] : SummaryCallUsers[D])
          CallDirty[U][C] = true;
        for (size_t E : SummaryDefUsers[D])
          DefDirty[E] = true;
      }
      Known = true;
      if (!Changed)
        break;
    }
    for (unsigned Round = 0; Round < MaxRounds && resolveCalls(); ++Round)
      ;
    std::vector<std::vector<ResolvedFinding>> Out = findings();
    constantFindings(Out);
    return Out;
  }

private:
  /// Who reads what: the calls and definitions whose values are computed
  /// from each call's value, and from each definition's summary. A round
  /// computes again only what read something that changed (with its path:
  /// the result is the same as computing everything again), so a chain of
  /// calls as long as the rounds costs what changes along it, not every
  /// call of the program in every round.
  void linkUsers() {
    CallUsers.resize(Units.size());
    CallDefUsers.resize(Units.size());
    SummaryCallUsers.resize(Defs.size());
    SummaryDefUsers.resize(Defs.size());
    for (size_t U = 0; U < Units.size(); ++U) {
      const std::vector<FactCall> &Calls = Units[U].Calls;
      CallUsers[U].resize(Calls.size());
      CallDefUsers[U].resize(Calls.size());
      for (size_t C = 0; C < Calls.size(); ++C) {
        forEachCallValue<const FactValue>(Calls[C], [&](const FactValue &V) {
          for (const auto &[Call, Slot] : V.Calls)
            if (Call < Calls.size())
              CallUsers[U][Call].push_back(uint32_t(C));
        });
        if (CalleeDef[U][C] != NoDef)
          SummaryCallUsers[CalleeDef[U][C]].emplace_back(U, C);
      }
    }
    for (size_t D = 0; D < Defs.size(); ++D) {
      size_t U = Defs[D].first;
      const std::vector<FactCall> &Calls = Units[U].Calls;
      auto Reads = [&](const FactValue &V) {
        for (const auto &[Call, Slot] : V.Calls)
          if (Call < Calls.size())
            CallDefUsers[U][Call].push_back(D);
      };
      forEachSummaryValue(Units[U].Summaries[Defs[D].second], Reads);
      // Sinks reached through the calls it makes: their arguments, and
      // the callees' summaries.
      for (size_t CI : Owned[D]) {
        forEachCallValue<const FactValue>(Calls[CI], Reads);
        if (CalleeDef[U][CI] != NoDef)
          SummaryDefUsers[CalleeDef[U][CI]].push_back(D);
      }
    }
  }

  /// What each call of each unit does, under the current summaries, in
  /// call order; whether any changed. A call's arguments may refer to a
  /// later call (a loop: `s = f(s)`), whose value of the previous round
  /// they see, so this runs until nothing changes. Only calls that read
  /// something that changed since they were computed are computed again.
  bool resolveCalls() {
    bool Changed = false;
    if (EveryRound)
      for (std::vector<bool> &Dirty : CallDirty)
        Dirty.assign(Dirty.size(), true);
    for (size_t U = 0; U < Units.size(); ++U) {
      const std::vector<FactCall> &Calls = Units[U].Calls;
      std::vector<CallValue> &Out = CallValues[U];
      for (size_t C = 0; C < Calls.size(); ++C) {
        if (!CallDirty[U][C])
          continue;
        CallDirty[U][C] = false;
        CallValue V = resolveCall(U, Calls[C], CalleeDef[U][C]);
        if (!V.sameAs(Out[C]))
          Changed = true;
        if (V.identicalTo(Out[C]))
          continue;
        Out[C] = std::move(V);
        for (uint32_t E : CallUsers[U][C])
          CallDirty[U][E] = true;
        for (size_t D : CallDefUsers[U][C])
          DefDirty[D] = true;
      }
    }
    return Changed;
  }

  struct CallValue {
    Resolved Return;
    std::vector<Resolved> Out;
    Resolved Object;
    std::vector<Resolved> Fields; ///< per field slot
    Resolved Thrown;

    bool sameAs(const CallValue &O) const {
      auto Same = [](const std::vector<Resolved> &A,
                     const std::vector<Resolved> &B) {
        if (A.size() != B.size())
          return false;
        for (size_t I = 0; I < A.size(); ++I)
          if (!sameValue(A[I], B[I]))
            return false;
        return true;
      };
      return sameValue(Return, O.Return) && sameValue(Object, O.Object) &&
             sameValue(Thrown, O.Thrown) && Same(Out, O.Out) &&
             Same(Fields, O.Fields);
    }

    bool identicalTo(const CallValue &O) const {
      return identical(Return, O.Return) && identical(Object, O.Object) &&
             identical(Thrown, O.Thrown) && identical(Out, O.Out) &&
             identical(Fields, O.Fields);
    }
  };

  CallValue resolveCall(size_t U, const FactCall &C, size_t D) {
    CallValue V;
    if (D == NoDef) {
      // No definition anywhere: what the unit assumed.
      V.Return = resolve(U, C.FallbackReturn);
      for (const FactValue &O : C.FallbackOut)
        V.Out.push_back(resolve(U, O));
      V.Object = resolve(U, C.FallbackObject);
      V.Fields.assign(C.FieldSlots.size(), V.Object);
      return V;
    }
    if (!Known)
      return V; // the first round: nothing is known yet
    const ResolvedSummary &S = Summaries[D];
    V.Return = bind(U, S.Return, C);
    if (V.Return.T > Tier::unrestricted && S.Return.T > Tier::unrestricted)
      V.Return.Path.push_back(ResolvedNote{
          C.Where.File, C.Where.Line, C.Where.Column, C.Where.CharColumn,
          "'" + C.CalleeName + "' returns a " + tierName(V.Return.T).str() +
              " value"});
    for (const Resolved &O : S.Out)
      V.Out.push_back(bind(U, O, C));
    V.Object = bind(U, S.Object, C);
    for (const std::string &Usr : C.FieldSlots) {
      auto F = S.ObjectFields.find(Usr);
      V.Fields.push_back(F == S.ObjectFields.end() ? Resolved()
                                                   : bind(U, F->second, C));
    }
    V.Thrown = bind(U, S.Thrown, C);
    // As within a unit: the call is where the exception comes from.
    if (V.Thrown.T > Tier::unrestricted)
      V.Thrown.Path.push_back(ResolvedNote{
          C.Where.File, C.Where.Line, C.Where.Column, C.Where.CharColumn,
          "'" + C.CalleeName + "' throws a " + tierName(V.Thrown.T).str() +
              " value"});
    return V;
  }

  /// \p V (a resolved value of the callee of \p C) in terms of the
  /// arguments of \p C.
  Resolved bind(size_t U, const Resolved &V, const FactCall &C) {
    Resolved R;
    R.T = V.T;
    R.Path = V.Path;
    for (unsigned I = 0; I < C.Args.size() && I < MaxParams; ++I)
      R = join(R, bindArg(U, V, C, I));
    if (C.HasObject)
      R = join(R, bindArg(U, V, C, ThisParam));
    return R;
  }

  /// The part of \p V that depends on argument \p I of \p C.
  Resolved bindArg(size_t U, const Resolved &V, const FactCall &C,
                   unsigned I) {
    const FactCall::Arg *A = I == ThisParam ? (C.HasObject ? &C.Object : nullptr)
                             : I < C.Args.size() ? &C.Args[I]
                                                 : nullptr;
    Resolved R;
    if (!A)
      return R;
    if (V.Params & (uint64_t(1) << I)) {
      R = join(R, resolve(U, A->Value));
      for (const auto &[Usr, FV] : A->Fields)
        R = join(R, resolve(U, FV));
    }
    for (const auto &[P, Usr] : V.Fields) {
      if (P != I)
        continue;
      R = join(R, resolve(U, A->Value));
      auto It = A->Fields.find(Usr);
      if (It != A->Fields.end())
        R = join(R, resolve(U, It->second));
    }
    return R;
  }

  /// \p X of unit \p U with its calls replaced by what they resolve to.
  Resolved resolve(size_t U, const FactValue &X) {
    Resolved R;
    R.T = X.T;
    R.Params = X.Params;
    R.Fields = X.Fields;
    R.Path = X.Path;
    if (X.Calls.empty())
      return R;
    Resolved Ext;
    const std::vector<CallValue> &Values = CallValues[U];
    for (const auto &[Call, Slot] : X.Calls) {
      if (Call >= Values.size())
        continue;
      const CallValue &CV = Values[Call];
      const Resolved *Part = nullptr;
      if (Slot == SlotReturn)
        Part = &CV.Return;
      else if (Slot == SlotObject)
        Part = &CV.Object;
      else if (Slot == SlotThrown)
        Part = &CV.Thrown;
      else if (Slot >= FieldSlot)
        Part = size_t(Slot - FieldSlot) < CV.Fields.size()
                   ? &CV.Fields[size_t(Slot - FieldSlot)]
                   : nullptr;
      else if (size_t(Slot) < CV.Out.size())
        Part = &CV.Out[size_t(Slot)];
      if (Part)
        Ext = join(Ext, *Part);
    }
    // What happened to the value after the call follows the call's path.
    std::vector<ResolvedNote> Path = Ext.Path;
    Path.insert(Path.end(), X.Path.begin(), X.Path.end());
    bool Raised = Ext.T > R.T;
    R = join(R, Ext);
    if (Raised)
      R.Path = std::move(Path);
    trimNotes(R.Path);
    return R;
  }

  ResolvedSummary summarize(size_t D) {
    // Not a structured binding: the lambda below captures U (C++17).
    size_t U = Defs[D].first;
    const FactSummary &F = Units[U].Summaries[Defs[D].second];
    ResolvedSummary S;
    S.Return = resolve(U, F.Return);
    for (const FactValue &O : F.Out)
      S.Out.push_back(resolve(U, O));
    S.Object = resolve(U, F.Object);
    for (const auto &[Usr, V] : F.ObjectFields)
      S.ObjectFields[Usr] = resolve(U, V);
    S.Thrown = resolve(U, F.Thrown);
    for (const FactSink &K : F.Sinks) {
      Resolved D = resolve(U, K.Deps);
      if (hasDeps(D))
        addSink(S, FactSink{depsOnly(D), K.Ceiling, K.What, K.Notes});
    }
    // Sinks reached through calls into other units: the caller reaches
    // them with what it passes.
    if (!Known)
      return S;
    for (size_t CI : Owned[D]) {
      const FactCall &C = Units[U].Calls[CI];
      if (CalleeDef[U][CI] == NoDef)
        continue;
      for (const FactSink &K : Summaries[CalleeDef[U][CI]].Sinks)
        forEachArg(C, [&](unsigned I, const FactCall::Arg &A) {
          Resolved V = bindArg(U, K.Deps, C, I);
          if (!hasDeps(V))
            return;
          std::vector<ResolvedNote> Notes = V.Path;
          Notes.push_back(ResolvedNote{A.Where.File, A.Where.Line,
                                       A.Where.Column, A.Where.CharColumn,
                                       "'" + F.Name + "' passes it to '" +
                                           C.CalleeName + "' here"});
          Notes.insert(Notes.end(), K.Notes.begin(), K.Notes.end());
          addSink(S, FactSink{depsOnly(V), K.Ceiling, K.What,
                              std::move(Notes)});
        });
    }
    return S;
  }

  template <typename Fn> void forEachArg(const FactCall &C, Fn F) {
    for (unsigned I = 0; I < C.Args.size() && I < MaxParams; ++I)
      F(I, C.Args[I]);
    if (C.HasObject)
      F(ThisParam, C.Object);
  }

  std::vector<std::vector<ResolvedFinding>> findings() {
    std::vector<std::vector<ResolvedFinding>> Out(Units.size());
    for (size_t U = 0; U < Units.size(); ++U) {
      for (const FactReport &R : Units[U].Reports) {
        Resolved V = resolve(U, R.Value);
        if (V.T <= R.Ceiling)
          continue;
        ResolvedFinding F;
        F.CheckId = R.CheckId;
        F.Where = R.Where;
        F.Where.Message = tierName(V.T).str() + " value" + R.Suffix;
        F.LineText = R.LineText;
        F.Notes = V.Path;
        F.Notes.insert(F.Notes.end(), R.Extra.begin(), R.Extra.end());
        trimNotes(F.Notes);
        Out[U].push_back(std::move(F));
      }
      for (size_t CI = 0; CI < Units[U].Calls.size(); ++CI) {
        const FactCall &C = Units[U].Calls[CI];
        if (CalleeDef[U][CI] == NoDef || !Known)
          continue;
        for (const FactSink &K : Summaries[CalleeDef[U][CI]].Sinks)
          forEachArg(C, [&](unsigned I, const FactCall::Arg &A) {
            if (!A.Reportable)
              return;
            Resolved V = bindArg(U, K.Deps, C, I);
            if (V.T <= K.Ceiling)
              return;
            ResolvedFinding F;
            F.CheckId = "trailguard-tier-leak";
            F.Where = A.Where;
            F.Where.Message = tierName(V.T).str() + " value reaches " +
                              K.What + " through call to '" + C.CalleeName +
                              "'";
            F.LineText = A.LineText;
            F.Notes = V.Path;
            F.Notes.insert(F.Notes.end(), K.Notes.begin(), K.Notes.end());
            trimNotes(F.Notes);
            Out[U].push_back(std::move(F));
          });
      }
    }
    return Out;
  }

  /// trailguard-unparameterized-audit: the messages that are constant only
  /// if functions of other units return only constants, and they do not.
  void constantFindings(std::vector<std::vector<ResolvedFinding>> &Out) {
    std::map<std::string, const FactConstant *> Known;
    for (const TUFacts &U : Units)
      for (const FactConstant &C : U.Constants)
        Known.try_emplace(C.Usr, &C);
    // The least fixed point: a function returns constants once all it
    // returns the results of are known to.
    std::set<std::string> Constant;
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (const auto &[Usr, C] : Known)
        if (!Constant.count(Usr) &&
            llvm::all_of(C->Needs, [&](const std::string &N) {
              return Constant.count(N) != 0;
            })) {
          Constant.insert(Usr);
          Changed = true;
        }
    }
    for (size_t U = 0; U < Units.size(); ++U)
      for (const FactConstantReport &R : Units[U].ConstantReports) {
        if (llvm::all_of(R.Needs, [&](const std::string &N) {
              return Constant.count(N) != 0;
            }))
          continue;
        ResolvedFinding F;
        F.CheckId = "trailguard-unparameterized-audit";
        F.Where = R.Where;
        F.LineText = R.LineText;
        F.Notes = R.Notes;
        Out[U].push_back(std::move(F));
      }
  }

  static constexpr size_t NoDef = ~size_t(0);
  const std::vector<TUFacts> &Units;
  const bool EveryRound;
  /// The definition of each function: (unit, summary).
  std::vector<std::pair<size_t, size_t>> Defs;
  /// By definition: the calls its function makes (in its unit).
  std::vector<std::vector<size_t>> Owned;
  /// By unit and call: the callee's definition, or NoDef.
  std::vector<std::vector<size_t>> CalleeDef;
  /// By definition, once the first round has summarized them all.
  std::vector<ResolvedSummary> Summaries;
  bool Known = false;
  std::vector<std::vector<CallValue>> CallValues;
  /// By unit and call, and by definition: to be computed again.
  std::vector<std::vector<bool>> CallDirty;
  std::vector<bool> DefDirty;
  /// By unit and call: the calls (of its unit) and the definitions that
  /// read its value. By definition: the calls and definitions that read
  /// its summary.
  std::vector<std::vector<std::vector<uint32_t>>> CallUsers;
  std::vector<std::vector<std::vector<size_t>>> CallDefUsers;
  std::vector<std::vector<std::pair<size_t, size_t>>> SummaryCallUsers;
  std::vector<std::vector<size_t>> SummaryDefUsers;
};

} // namespace

/// A summary file, or what is wrong with it.
FactValue join(FactValue A, const FactValue &B) {
  if (B.T > A.T || (B.T == A.T && A.Path.empty()))
    A.Path = B.Path;
  A.T = maxTier(A.T, B.T);
  A.Params |= B.Params;
  for (const auto &D : B.Fields)
    if (!llvm::is_contained(A.Fields, D))
      A.Fields.push_back(D);
  if (A.Fields.size() > MaxFieldDeps) {
    for (const auto &D : A.Fields)
      A.Params |= uint64_t(1) << D.first;
    A.Fields.clear();
  }
  llvm::sort(A.Fields);
  for (const auto &C : B.Calls)
    if (!llvm::is_contained(A.Calls, C))
      A.Calls.push_back(C);
  llvm::sort(A.Calls);
  return A;
}

ResolvedFinding resolveFinding(const clang::SourceManager &SM,
                               const Finding &F) {
  ResolvedFinding R;
  R.CheckId = F.CheckId;
  R.Where = resolveLocation(SM, F.Loc, F.Message, &R.LineText);
  R.Remark = F.Level == Finding::Severity::Remark;
  R.Suppression = F.Suppression;
  for (const clang::FixItHint &H : F.FixIts) {
    if (H.RemoveRange.isInvalid())
      continue;
    clang::SourceLocation B = SM.getFileLoc(H.RemoveRange.getBegin());
    clang::SourceLocation E = SM.getFileLoc(H.RemoveRange.getEnd());
    // A token range ends after its last token.
    if (H.RemoveRange.isTokenRange())
      E = E.getLocWithOffset(
          clang::Lexer::MeasureTokenLength(E, SM, clang::LangOptions()));
    ResolvedFix Fix;
    Fix.Begin = resolveLocation(SM, B, "");
    Fix.End = resolveLocation(SM, E, "");
    Fix.Text = H.CodeToInsert;
    if (!Fix.Begin.File.empty() && Fix.Begin.File == Fix.End.File)
      R.Fixes.push_back(std::move(Fix));
  }
  for (const FindingNote &N : F.Notes)
    R.Notes.push_back(resolveLocation(SM, N.Loc, N.Message));
  return R;
}

llvm::Expected<TUFacts> readSummary(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return llvm::createStringError(Buffer.getError(), "cannot read '%s': %s",
                                   Path.str().c_str(),
                                   Buffer.getError().message().c_str());
  llvm::Expected<TUFacts> F = factsFromText((*Buffer)->getBuffer());
  if (!F)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(), "'%s' is not a trailguard summary: %s",
        Path.str().c_str(), llvm::toString(F.takeError()).c_str());
  return F;
}

/// Writes \p F to \p Path through a temporary file, so that a reader (or a
/// parallel job) never sees half of it.
std::string writeSummary(const std::string &Path, TUFacts &F) {
  dropDeadCalls(F);
  std::string Tmp = Path + ".tmp" + std::to_string(llvm::sys::Process::getProcessId()) +
                    "-" + std::to_string(std::hash<std::thread::id>()(std::this_thread::get_id()));
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Tmp, EC);
    if (EC)
      return "cannot write '" + Tmp + "': " + EC.message();
    OS << toJson(F).dump();
    OS.close();
    if (OS.has_error()) {
      std::string Message = "cannot write '" + Tmp + "': " + OS.error().message();
      OS.clear_error();
      llvm::sys::fs::remove(Tmp);
      return Message;
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(Tmp, Path)) {
    llvm::sys::fs::remove(Tmp);
    return "cannot write '" + Path + "': " + EC.message();
  }
  return "";
}

namespace {

/// Whether the whole program may see \p V carry a tier or a dependency.
bool mayMatter(const FactValue &V) { return !V.clean(); }

/// Whether a finding may be reported at an argument of \p C, or the
/// function making it passes one of its parameters to the callee.
bool callIsRoot(const FactCall &C, bool OwnerKept) {
  bool Root = false;
  auto Arg = [&](const FactCall::Arg &A) {
    auto Check = [&](const FactValue &V) {
      if (OwnerKept && mayMatter(V))
        Root = true;
      if (A.Reportable && (V.T > Tier::unrestricted || !V.Calls.empty()))
        Root = true;
    };
    Check(A.Value);
    for (const auto &[Usr, V] : A.Fields)
      Check(V);
  };
  for (const FactCall::Arg &A : C.Args)
    Arg(A);
  if (C.HasObject)
    Arg(C.Object);
  return Root;
}

} // namespace

namespace {

/// Drops the calls of \p U that no kept fact needs (its summaries, its
/// reports, and the calls they name), and renumbers the rest.
void pruneCalls(TUFacts &U) {
  std::set<std::string> Kept;
  for (const FactSummary &S : U.Summaries)
    Kept.insert(S.Usr);
  std::vector<bool> Live(U.Calls.size());
  std::vector<uint32_t> Work;
  auto Mark = [&](const FactValue &V) {
    for (const auto &[Call, Slot] : V.Calls)
      if (Call < Live.size() && !Live[Call]) {
        Live[Call] = true;
        Work.push_back(Call);
      }
  };
  for (size_t C = 0; C < U.Calls.size(); ++C)
    if (!Live[C] && callIsRoot(U.Calls[C], Kept.count(U.Calls[C].Owner))) {
      Live[C] = true;
      Work.push_back(uint32_t(C));
    }
  for (FactSummary &S : U.Summaries)
    forEachSummaryValue(S, Mark);
  for (const FactReport &R : U.Reports)
    Mark(R.Value);
  while (!Work.empty()) {
    uint32_t C = Work.back();
    Work.pop_back();
    forEachCallValue<FactValue>(U.Calls[C], Mark);
  }
  if (llvm::all_of(Live, [](bool L) { return L; }))
    return;
  std::vector<uint32_t> NewIndex(U.Calls.size(), 0);
  std::vector<FactCall> Calls;
  for (size_t C = 0; C < U.Calls.size(); ++C)
    if (Live[C]) {
      NewIndex[C] = uint32_t(Calls.size());
      Calls.push_back(std::move(U.Calls[C]));
    }
  U.Calls = std::move(Calls);
  auto Renumber = [&](FactValue &V) {
    // Every call a kept value names is live, so none is dropped here.
    for (auto &[Call, Slot] : V.Calls)
      Call = NewIndex[Call];
  };
  for (FactCall &C : U.Calls)
    forEachCallValue<FactValue>(C, Renumber);
  for (FactSummary &S : U.Summaries)
    forEachSummaryValue(S, Renumber);
  for (FactReport &R : U.Reports)
    Renumber(R.Value);
}

} // namespace

void dropDeadCalls(TUFacts &U) { pruneCalls(U); }

void pruneFacts(TUFacts &U,
                llvm::function_ref<bool(const std::string &)> DefinedEarlier) {
  // An inline function defined in a header has one summary per unit that
  // includes it; the first unit's counts (mergeProgram), so the others'
  // copies, and the calls only they needed, are dead weight.
  llvm::erase_if(U.Summaries, [&](const FactSummary &S) {
    return DefinedEarlier(S.Usr);
  });
  pruneCalls(U);
  U.Inputs = {};
  U.Findings = {};
  U.Text = {};
}

bool ProgramPruner::definedElsewhere(const std::string &Usr,
                                     const TUFacts &Unit) const {
  auto It = Definer.find(Usr);
  return It != Definer.end() && It->second != &Unit;
}

void ProgramPruner::add(TUFacts &U, size_t Index, bool Spilling) {
  std::lock_guard<std::mutex> Lock(Mutex);
  const Key &Mine = Keys.try_emplace(&U, U.File, Index).first->second;
  std::set<TUFacts *> Losers;
  for (const FactSummary &S : U.Summaries) {
    auto [It, New] = Definer.try_emplace(S.Usr, &U);
    if (!New && It->second != &U && Mine < Keys[It->second]) {
      Losers.insert(It->second);
      It->second = &U;
    }
  }
  auto PruneAs = [&](TUFacts &Unit) {
    pruneFacts(Unit, [&](const std::string &Usr) {
      return definedElsewhere(Usr, Unit);
    });
  };
  if (!Spilling)
    PruneAs(U);
  for (TUFacts *L : Losers)
    PruneAs(*L);
}

void ProgramPruner::restore(TUFacts &U, TUFacts Fresh) {
  std::lock_guard<std::mutex> Lock(Mutex);
  pruneFacts(Fresh, [&](const std::string &Usr) {
    return definedElsewhere(Usr, U);
  });
  U.takeProgramFacts(std::move(Fresh));
}

std::vector<std::vector<ResolvedFinding>>
mergeProgram(const std::vector<TUFacts> &Units, bool EveryRound) {
  return Merger(Units, EveryRound).run();
}

} // namespace trailguard
