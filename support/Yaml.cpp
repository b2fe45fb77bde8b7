//===--- Yaml.cpp - the one YAML reader of the toolchain ------------------===//
//
// Builds Yaml.h's node tree from libyaml's events with an explicit stack, so
// that no input, however deep, recurses; positions are turned from
// libyaml's character counts into byte columns and offsets.
//
//===----------------------------------------------------------------------===//

#include "Yaml.h"

#include "YamlDiagnostics.h"

#include <yaml.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace trailguard {
namespace yaml {

namespace {

constexpr std::string_view Bom = "\xef\xbb\xbf";

/// Turns libyaml's marks (characters since the start, lines that also end
/// at NEL, LS and PS) into ours (bytes, lines that end at '\n', '\r\n' or
/// '\r'). A checkpoint every Step characters keeps each lookup short
/// without a table as large as the text.
class Positions {
public:
  static constexpr size_t Step = 32;

  /// \p Text is the whole text, \p Begin where libyaml's input starts
  /// (after a BOM). Returns false, with \p Err set, when the text is not
  /// UTF-8.
  bool build(std::string_view Text, size_t Begin, Error &Err) {
    this->Text = Text;
    this->Begin = Begin;
    Cursor C{Begin, 1, Begin};
    size_t Chars = 0;
    while (C.Byte < Text.size()) {
      if (Chars % Step == 0)
        Checkpoints.push_back(C);
      size_t I = C.Byte;
      if (!nextCodePoint(Text, I)) {
        char Shown[8];
        std::snprintf(Shown, sizeof Shown, "0x%02x",
                      static_cast<unsigned char>(Text[C.Byte]));
        Err.At = markOf(C);
        Err.Message = std::string("the text is not UTF-8 (byte ") + Shown +
                      " starts no UTF-8 character); save the file as UTF-8";
        return false;
      }
      advance(C, I);
      ++Chars;
    }
    if (Chars % Step == 0)
      Checkpoints.push_back(C);
    return true;
  }

  /// The mark of libyaml's character index \p Index into its input.
  Mark atChar(size_t Index) const {
    size_t K = Index / Step;
    if (K >= Checkpoints.size())
      K = Checkpoints.size() - 1;
    Cursor C = Checkpoints[K];
    for (size_t N = Index - K * Step; N > 0 && C.Byte < Text.size(); --N) {
      size_t I = C.Byte;
      nextCodePoint(Text, I);
      advance(C, I);
    }
    return markOf(C);
  }

  /// The mark of byte \p Offset into libyaml's input.
  Mark atByte(size_t Offset) const {
    Offset += Begin;
    if (Offset > Text.size())
      Offset = Text.size();
    size_t Lo = 0, Hi = Checkpoints.size();
    while (Hi - Lo > 1) {
      size_t Mid = (Lo + Hi) / 2;
      (Checkpoints[Mid].Byte <= Offset ? Lo : Hi) = Mid;
    }
    Cursor C = Checkpoints[Lo];
    while (C.Byte < Offset) {
      size_t I = C.Byte;
      nextCodePoint(Text, I);
      advance(C, I);
    }
    return markOf(C);
  }

private:
  struct Cursor {
    size_t Byte;
    unsigned Line;
    size_t LineStart;
  };

  /// Moves \p C past the character at C.Byte, which ends before \p Next.
  void advance(Cursor &C, size_t Next) const {
    char Ch = Text[C.Byte];
    bool Break = Ch == '\n' ||
                 (Ch == '\r' && (Next >= Text.size() || Text[Next] != '\n'));
    C.Byte = Next;
    if (Break) {
      ++C.Line;
      C.LineStart = Next;
    }
  }

  static Mark markOf(const Cursor &C) {
    Mark M;
    M.Line = C.Line;
    M.Column = static_cast<unsigned>(C.Byte - C.LineStart + 1);
    M.Offset = C.Byte;
    return M;
  }

  std::string_view Text;
  size_t Begin = 0;
  std::vector<Cursor> Checkpoints;
};

/// Owns libyaml's parser and its current event.
struct Parser {
  yaml_parser_t P;
  yaml_event_t E;
  bool HaveEvent = false;
  Parser() { yaml_parser_initialize(&P); }
  ~Parser() {
    if (HaveEvent)
      yaml_event_delete(&E);
    yaml_parser_delete(&P);
  }
  bool next() {
    if (HaveEvent)
      yaml_event_delete(&E);
    HaveEvent = yaml_parser_parse(&P, &E) != 0;
    return HaveEvent;
  }
};

/// libyaml's wording as ours: lowercase, no final period.
std::string ourStyle(const char *Text) {
  std::string Out = Text ? Text : "syntax error";
  while (!Out.empty() && (Out.back() == '.' || Out.back() == ' '))
    Out.pop_back();
  if (Out.size() > 1 && std::isupper(static_cast<unsigned char>(Out[0])) &&
      !std::isupper(static_cast<unsigned char>(Out[1])))
    Out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(Out[0])));
  return Out;
}

/// The first problem libyaml reported, as our Error.
Error parserError(const yaml_parser_t &P, const Positions &Pos,
                  std::string_view Text) {
  Error Err;
  switch (P.error) {
  case YAML_MEMORY_ERROR:
    Err.Message = "out of memory while reading the text";
    return Err;
  case YAML_READER_ERROR: {
    Err.At = Pos.atByte(P.problem_offset);
    if (P.problem && std::strstr(P.problem, "control characters")) {
      char Shown[16];
      std::snprintf(Shown, sizeof Shown, "U+%04X",
                    static_cast<unsigned>(P.problem_value));
      Err.Message = std::string("the text has a control character (") +
                    Shown + ") that YAML does not allow; remove it";
    } else {
      Err.Message = "the text is not UTF-8 (" + ourStyle(P.problem) +
                    "); save the file as UTF-8";
    }
    return Err;
  }
  default:
    break;
  }
  Err.At = Pos.atChar(P.problem_mark.index);
  Err.Message = "invalid YAML: " + ourStyle(P.problem);
  if (P.context) {
    Mark Context = Pos.atChar(P.context_mark.index);
    // At the end of the text, the place to look is where the construct
    // that is not closed starts (a quote, a '['), not the end.
    if (Text.find_first_not_of(" \t\r\n", Err.At.Offset) == std::string_view::npos &&
        Context.Offset < Err.At.Offset) {
      Err.At = Context;
      Err.Message += " (" + ourStyle(P.context) + " that starts here and is not closed)";
    } else {
      Err.Message += " (" + ourStyle(P.context) + " that starts at line " +
                     std::to_string(Context.Line) + ")";
    }
  }
  // libyaml does not say that a tab is what it cannot take.
  if (Err.At.Offset < Text.size() && Text[Err.At.Offset] == '\t')
    Err.Message += "; indent with spaces, YAML takes no tabs there";
  else
    Err.Message += "; fix the YAML syntax at this place";
  return Err;
}

/// An explicit tag as written: "!!str" rather than libyaml's
/// "tag:yaml.org,2002:str".
std::string shownTag(const yaml_char_t *Tag) {
  if (!Tag)
    return {};
  std::string_view T(reinterpret_cast<const char *>(Tag));
  constexpr std::string_view Core = "tag:yaml.org,2002:";
  if (T.substr(0, Core.size()) == Core)
    return "!!" + std::string(T.substr(Core.size()));
  return std::string(T);
}

bool isNullText(std::string_view T) {
  return T.empty() || T == "~" || T == "null" || T == "Null" || T == "NULL";
}

const char *kindName(NodeKind K) {
  switch (K) {
  case NodeKind::Sequence:
    return "a list";
  case NodeKind::Mapping:
    return "a mapping";
  default:
    return "nothing";
  }
}

} // namespace

std::optional<Stream> parse(std::string_view Text, const Limits &L,
                            Error &Err) {
  Err = Error();
  if (Text.size() > L.MaxBytes) {
    Err.At = {1, 1, 0};
    Err.Message = "the text is larger than " + std::to_string(L.MaxBytes) +
                  " bytes; no file trailguard reads needs that much";
    return std::nullopt;
  }
  size_t Begin = Text.substr(0, Bom.size()) == Bom ? Bom.size() : 0;
  Positions Pos;
  if (!Pos.build(Text, Begin, Err))
    return std::nullopt;

  Parser P;
  // libyaml asserts that its input is not a null pointer, which an empty
  // string_view may be.
  const char *Input = Text.empty() ? "" : Text.data() + Begin;
  yaml_parser_set_input_string(
      &P.P, reinterpret_cast<const unsigned char *>(Input), Text.size() - Begin);
  yaml_parser_set_encoding(&P.P, YAML_UTF8_ENCODING);

  Stream S;
  /// A collection being filled, and for a mapping its key waiting for a
  /// value.
  struct Frame {
    Node *N;
    const Node *Key;
  };
  std::vector<Frame> Stack;
  const Node *Root = nullptr;

  auto Fail = [&](const Mark &At, std::string Message) {
    Err.At = At;
    Err.Message = std::move(Message);
    return std::nullopt;
  };

  // Hangs \p N under the collection on top of the stack, or makes it the
  // root; false (with Err set) when it is a key that is not a scalar.
  auto Attach = [&](Node *N) {
    if (Stack.empty()) {
      Root = N;
      return true;
    }
    Frame &F = Stack.back();
    if (F.N->Kind == NodeKind::Sequence) {
      F.N->Items.push_back(N);
      return true;
    }
    if (F.Key) {
      F.N->Entries.push_back({F.Key, N});
      F.Key = nullptr;
      return true;
    }
    if (N->Kind == NodeKind::Scalar) {
      F.Key = N;
      return true;
    }
    Err.At = N->Start;
    Err.Message = std::string("expected a key name, not ") + kindName(N->Kind) +
                  "; fix the YAML syntax at this place";
    return false;
  };

  auto NewNode = [&](const yaml_event_t &E) -> Node * {
    if (S.Nodes.size() >= L.MaxNodes) {
      Err.At = Pos.atChar(E.start_mark.index);
      Err.Message = "more than " + std::to_string(L.MaxNodes) +
                    " values in the text; no file trailguard reads needs that "
                    "many";
      return nullptr;
    }
    Node &N = S.Nodes.emplace_back();
    N.Start = Pos.atChar(E.start_mark.index);
    N.End = Pos.atChar(E.end_mark.index);
    return &N;
  };

  for (;;) {
    if (!P.next()) {
      Err = parserError(P.P, Pos, Text);
      return std::nullopt;
    }
    const yaml_event_t &E = P.E;
    switch (E.type) {
    case YAML_STREAM_START_EVENT:
    case YAML_NO_EVENT:
      break;
    case YAML_STREAM_END_EVENT:
      return std::optional<Stream>(std::move(S));
    case YAML_DOCUMENT_START_EVENT:
      Root = nullptr;
      Stack.clear();
      break;
    case YAML_DOCUMENT_END_EVENT:
      if (!Root) {
        Node *N = NewNode(E);
        if (!N)
          return std::nullopt;
        Root = N;
      }
      S.Roots.push_back(Root);
      break;
    case YAML_ALIAS_EVENT:
      return Fail(Pos.atChar(E.start_mark.index),
                  "aliases ('*...') are not supported; write the value out");
    case YAML_SCALAR_EVENT: {
      Node *N = NewNode(E);
      if (!N)
        return std::nullopt;
      const auto &D = E.data.scalar;
      N->Value.assign(reinterpret_cast<const char *>(D.value), D.length);
      N->Tag = shownTag(D.tag);
      switch (D.style) {
      case YAML_SINGLE_QUOTED_SCALAR_STYLE:
        N->Style = ScalarStyle::SingleQuoted;
        break;
      case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
        N->Style = ScalarStyle::DoubleQuoted;
        break;
      case YAML_LITERAL_SCALAR_STYLE:
        N->Style = ScalarStyle::Literal;
        break;
      case YAML_FOLDED_SCALAR_STYLE:
        N->Style = ScalarStyle::Folded;
        break;
      default:
        N->Style = ScalarStyle::Plain;
        break;
      }
      bool IsKey = !Stack.empty() &&
                   Stack.back().N->Kind == NodeKind::Mapping &&
                   !Stack.back().Key;
      bool Null = N->Style == ScalarStyle::Plain && N->Tag.empty() &&
                  isNullText(N->Value);
      // A key is a name: "null" as a key is the word, and no name at all
      // is an error.
      if (Null && IsKey && N->Value.empty())
        return Fail(N->Start, "expected a key name before ':'; fix the YAML syntax at this place");
      N->Kind = Null && !IsKey ? NodeKind::Null : NodeKind::Scalar;
      if (!Attach(N))
        return std::nullopt;
      break;
    }
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
      if (Stack.size() >= L.MaxNesting)
        return Fail(Pos.atChar(E.start_mark.index),
                    "nesting deeper than " + std::to_string(L.MaxNesting) +
                        " levels; flatten the structure");
      Node *N = NewNode(E);
      if (!N)
        return std::nullopt;
      bool IsSeq = E.type == YAML_SEQUENCE_START_EVENT;
      N->Kind = IsSeq ? NodeKind::Sequence : NodeKind::Mapping;
      N->Tag = shownTag(IsSeq ? E.data.sequence_start.tag
                              : E.data.mapping_start.tag);
      N->Flow = IsSeq ? E.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
                      : E.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
      if (!Attach(N))
        return std::nullopt;
      Stack.push_back({N, nullptr});
      break;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      if (!Stack.empty()) {
        Stack.back().N->End = Pos.atChar(E.end_mark.index);
        Stack.pop_back();
      }
      break;
    }
  }
}

bool readTextFile(const std::string &Path, size_t MaxBytes, std::string &Text,
                  std::string &Why) {
  Text.clear();
  auto Errno = [&](int E) {
    Why = ourStyle(std::strerror(E));
    return false;
  };
  int Fd = ::open(Path.c_str(), O_RDONLY | O_CLOEXEC);
  if (Fd < 0)
    return Errno(errno);
  struct Closer {
    int Fd;
    ~Closer() { ::close(Fd); }
  } Close{Fd};
  struct stat St;
  if (::fstat(Fd, &St) != 0)
    return Errno(errno);
  if (S_ISDIR(St.st_mode)) {
    Why = "is a directory";
    return false;
  }
  auto TooLarge = [&] {
    Why = "is larger than " + std::to_string(MaxBytes) + " bytes";
    Text.clear();
    return false;
  };
  if (S_ISREG(St.st_mode) && static_cast<unsigned long long>(St.st_size) > MaxBytes)
    return TooLarge();
  char Buffer[65536];
  for (;;) {
    ssize_t N = ::read(Fd, Buffer, sizeof Buffer);
    if (N < 0) {
      if (errno == EINTR)
        continue;
      return Errno(errno);
    }
    if (N == 0)
      return true;
    if (Text.size() + static_cast<size_t>(N) > MaxBytes)
      return TooLarge();
    Text.append(Buffer, static_cast<size_t>(N));
  }
}

std::string formatError(std::string_view Path, const Mark &At,
                        std::string_view Message) {
  std::string Out = escapedText(Path);
  if (At.Line != 0)
    Out += ":" + std::to_string(At.Line) + ":" + std::to_string(At.Column);
  Out += ": ";
  Out += Message;
  return Out;
}

bool KeyChecker::isKnown(std::string_view Key) const {
  for (std::string_view K : Known)
    if (K == Key)
      return true;
  return false;
}

std::string KeyChecker::unknown(std::string_view Key,
                                std::string_view Where) const {
  std::string Message = "unknown key '" + shownText(Key) + "'";
  Message += Where;
  if (std::optional<std::string_view> Near = closestWord(Key, Known, How))
    return Message + "; did you mean '" + std::string(*Near) + "'?";
  Message += Where.empty() ? "; valid keys: " : "; valid keys here: ";
  for (size_t I = 0; I < Known.size(); ++I) {
    if (I > 0)
      Message += ", ";
    Message += Known[I];
  }
  return Message;
}

std::optional<std::string> KeyChecker::check(const Node &Key,
                                             std::string_view Where) {
  if (!isKnown(Key.Value))
    return unknown(Key.Value, Where);
  auto [It, New] = Seen.try_emplace(Key.Value, Key.Start.Line);
  if (New)
    return std::nullopt;
  return "duplicate key '" + shownText(Key.Value) + "'" + std::string(Where) +
         "; it is already set at line " + std::to_string(It->second) +
         ", remove one of them";
}

std::optional<bool> asBool(const Node &N) {
  if (!N.isScalar())
    return std::nullopt;
  // YAML 1.1's words, as LLVM's parser took them before this reader: a
  // file that was accepted stays accepted.
  static constexpr std::string_view True[] = {
      "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"};
  static constexpr std::string_view False[] = {
      "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N"};
  const std::string_view T = N.Value;
  for (std::string_view W : True)
    if (T == W)
      return true;
  for (std::string_view W : False)
    if (T == W)
      return false;
  return std::nullopt;
}

namespace {

template <typename T> std::optional<T> digits(std::string_view Text) {
  if (Text.empty())
    return std::nullopt;
  for (char Ch : Text)
    if (Ch < '0' || Ch > '9')
      return std::nullopt;
  T Value = 0;
  auto [End, Ec] = std::from_chars(Text.data(), Text.data() + Text.size(), Value);
  if (Ec != std::errc() || End != Text.data() + Text.size())
    return std::nullopt;
  return Value;
}

} // namespace

std::optional<long long> asInteger(const Node &N) {
  if (!N.isScalar())
    return std::nullopt;
  std::string_view T = N.Value;
  bool Negative = false;
  if (!T.empty() && (T[0] == '+' || T[0] == '-')) {
    Negative = T[0] == '-';
    T.remove_prefix(1);
  }
  std::optional<unsigned long long> Magnitude = digits<unsigned long long>(T);
  if (!Magnitude)
    return std::nullopt;
  constexpr unsigned long long Max = 9223372036854775807ull;
  if (Negative) {
    if (*Magnitude > Max + 1)
      return std::nullopt;
    return *Magnitude == Max + 1 ? -static_cast<long long>(Max) - 1
                                 : -static_cast<long long>(*Magnitude);
  }
  if (*Magnitude > Max)
    return std::nullopt;
  return static_cast<long long>(*Magnitude);
}

std::optional<unsigned long long> asUnsigned(const Node &N) {
  if (!N.isScalar())
    return std::nullopt;
  return digits<unsigned long long>(N.Value);
}

} // namespace yaml
} // namespace trailguard
