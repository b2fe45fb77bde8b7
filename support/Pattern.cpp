//===--- Pattern.cpp - schema patterns compiled to a DFA ------------------===//
//
// Parses the supported ECMAScript subset into a tree, builds a Thompson NFA
// over UTF-8 bytes from it, and turns that into a minimal DFA by subset
// construction, every step bounded by the limits in Pattern.h.
//
//===----------------------------------------------------------------------===//

#include "Pattern.h"

#include <trailguard/detail/pattern.hpp>

#include <algorithm>
#include <map>
#include <utility>

namespace trailguard {
namespace pattern {
namespace {

using Range = std::pair<uint32_t, uint32_t>; ///< code points, inclusive
using RangeSet = std::vector<Range>;

constexpr uint32_t MaxCodePoint = 0x10FFFF;
constexpr unsigned Unbounded = ~0u;

RangeSet normalized(RangeSet S) {
  std::sort(S.begin(), S.end());
  RangeSet Out;
  for (const Range &R : S) {
    if (!Out.empty() && R.first <= Out.back().second + 1)
      Out.back().second = std::max(Out.back().second, R.second);
    else
      Out.push_back(R);
  }
  return Out;
}

RangeSet complement(const RangeSet &S) {
  RangeSet Out;
  uint32_t Next = 0;
  for (const Range &R : normalized(S)) {
    if (R.first > Next)
      Out.push_back({Next, R.first - 1});
    Next = R.second + 1;
  }
  if (Next <= MaxCodePoint)
    Out.push_back({Next, MaxCodePoint});
  return Out;
}

RangeSet digits() { return {{'0', '9'}}; }
RangeSet wordChars() {
  return {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
}
/// ECMAScript's WhiteSpace and LineTerminator, what \s means.
RangeSet spaces() {
  return {{0x09, 0x0D},     {0x20, 0x20},     {0xA0, 0xA0},
          {0x1680, 0x1680}, {0x2000, 0x200A}, {0x2028, 0x2029},
          {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000},
          {0xFEFF, 0xFEFF}};
}
/// What '.' matches: any character but a line terminator.
RangeSet dot() {
  return complement({{'\n', '\n'}, {'\r', '\r'}, {0x2028, 0x2029}});
}

/// One node of the parsed pattern; children are indices into the tree.
struct Node {
  enum KindT { Empty, Set, Concat, Alt, Repeat, Caret, Dollar } Kind = Empty;
  RangeSet Chars;
  std::vector<int> Kids;
  unsigned Min = 0, Max = 0;
  size_t Offset = 0;
};

std::string at(size_t Offset) {
  return " at character " + std::to_string(Offset + 1);
}

/// Decodes one UTF-8 sequence of \p S at \p I; false when it is not valid.
bool decodeUtf8(std::string_view S, size_t &I, uint32_t &C) {
  auto B = [&](size_t K) { return static_cast<uint8_t>(S[K]); };
  uint8_t Lead = B(I);
  if (Lead < 0x80) {
    C = Lead;
    ++I;
    return true;
  }
  unsigned Len = Lead >= 0xF0 ? 4 : Lead >= 0xE0 ? 3 : Lead >= 0xC0 ? 2 : 0;
  if (!Len || I + Len > S.size())
    return false;
  C = Lead & (0x7F >> Len);
  for (unsigned K = 1; K < Len; ++K) {
    if ((B(I + K) & 0xC0) != 0x80)
      return false;
    C = (C << 6) | (B(I + K) & 0x3F);
  }
  static const uint32_t Least[] = {0, 0, 0x80, 0x800, 0x10000};
  if (C < Least[Len] || C > MaxCodePoint || (C >= 0xD800 && C <= 0xDFFF))
    return false;
  I += Len;
  return true;
}

class Parser {
public:
  Parser(std::string_view P, std::vector<Node> &Tree, Problem &Why)
      : P(P), Tree(Tree), Why(Why) {}

  /// The root's index, or -1 with Why set.
  int parse() {
    int Root = alternation();
    if (Root < 0)
      return -1;
    if (I < P.size()) // only a ')' stops the top-level alternation early
      return fail(I, false, "')'" + at(I) + " closes no group");
    return Root;
  }

private:
  std::string_view P;
  size_t I = 0;
  unsigned Depth = 0;
  std::vector<Node> &Tree;
  Problem &Why;

  int fail(size_t Offset, bool Unsupported, std::string Message) {
    Why.Offset = Offset;
    Why.Unsupported = Unsupported;
    Why.Message = std::move(Message);
    return -1;
  }
  int add(Node N) {
    Tree.push_back(std::move(N));
    return static_cast<int>(Tree.size() - 1);
  }
  int set(RangeSet Chars, size_t Offset) {
    Node N;
    N.Kind = Node::Set;
    N.Chars = normalized(std::move(Chars));
    N.Offset = Offset;
    return add(std::move(N));
  }
  bool more() const { return I < P.size(); }
  bool startsWith(std::string_view S) const {
    return P.substr(I, S.size()) == S;
  }

  int alternation() {
    size_t Start = I;
    std::vector<int> Alts;
    for (;;) {
      int C = concatenation();
      if (C < 0)
        return -1;
      Alts.push_back(C);
      if (!more() || P[I] != '|')
        break;
      ++I;
    }
    if (Alts.size() == 1)
      return Alts.front();
    Node N;
    N.Kind = Node::Alt;
    N.Kids = std::move(Alts);
    N.Offset = Start;
    return add(std::move(N));
  }

  int concatenation() {
    Node N;
    N.Kind = Node::Concat;
    N.Offset = I;
    while (more() && P[I] != '|' && P[I] != ')') {
      int A = atom();
      if (A < 0 || (A = quantified(A)) < 0)
        return -1;
      N.Kids.push_back(A);
    }
    if (N.Kids.size() == 1)
      return N.Kids.front();
    if (N.Kids.empty())
      N.Kind = Node::Empty;
    return add(std::move(N));
  }

  /// Reads a decimal repeat count; false (I unchanged) when there is none.
  bool count(unsigned &N, size_t &Digits) {
    size_t J = I;
    uint64_t V = 0;
    while (J < P.size() && P[J] >= '0' && P[J] <= '9') {
      V = std::min<uint64_t>(V * 10 + static_cast<uint64_t>(P[J] - '0'),
                             uint64_t(1) << 40);
      ++J;
    }
    if (J == I)
      return false;
    Digits = J - I;
    N = V > MaxRepeat ? MaxRepeat + 1 : static_cast<unsigned>(V);
    I = J;
    return true;
  }

  /// A '{' quantifier at I: 1 read, 0 not a quantifier, -1 error.
  int braces(unsigned &Min, unsigned &Max) {
    size_t Open = I, Save = I;
    ++I;
    size_t Digits = 0;
    if (!count(Min, Digits)) {
      I = Save;
      return 0;
    }
    Max = Min;
    if (more() && P[I] == ',') {
      ++I;
      Max = Unbounded;
      if (more() && P[I] != '}' && !count(Max, Digits)) {
        I = Save;
        return 0;
      }
    }
    if (!more() || P[I] != '}') {
      I = Save;
      return 0;
    }
    ++I;
    if (Min > MaxRepeat || (Max != Unbounded && Max > MaxRepeat))
      return fail(Open, true,
                  "the repeat count '" + std::string(P.substr(Open, I - Open)) +
                      "'" + at(Open) + " is over " + std::to_string(MaxRepeat) +
                      "; bound a long value with max_length instead");
    if (Max < Min)
      return fail(Open, false,
                  "the numbers of '" + std::string(P.substr(Open, I - Open)) +
                      "'" + at(Open) + " are out of order");
    return 1;
  }

  int quantified(int A) {
    bool Quantified = false;
    while (more()) {
      size_t Q = I;
      unsigned Min, Max;
      char C = P[I];
      if (C == '*' || C == '+' || C == '?') {
        ++I;
        Min = C == '+' ? 1 : 0;
        Max = C == '?' ? 1 : Unbounded;
      } else if (C == '{') {
        int B = braces(Min, Max);
        if (B < 0)
          return -1;
        if (B == 0)
          return fail(Q, false,
                      "'{'" + at(Q) +
                          " starts no repeat count such as {2,5}; "
                          "write \\{ for a brace");
      } else {
        break;
      }
      if (Quantified)
        return fail(Q, false,
                    "'" + std::string(1, C) + "'" + at(Q) +
                        " repeats a repeat; put the first in a group (?:...)");
      Node::KindT K = Tree[A].Kind;
      if (K == Node::Caret || K == Node::Dollar)
        return fail(Q, false,
                    "'" + std::string(1, C) + "'" + at(Q) +
                        " repeats an anchor, which means nothing");
      // A lazy quantifier matches the same whole values as a greedy one.
      if (more() && P[I] == '?')
        ++I;
      Node N;
      N.Kind = Node::Repeat;
      N.Kids = {A};
      N.Min = Min;
      N.Max = Max;
      N.Offset = Q;
      A = add(std::move(N));
      Quantified = true;
    }
    return A;
  }

  int group() {
    size_t Open = I;
    ++I;
    if (startsWith("?")) {
      if (startsWith("?:")) {
        I += 2;
      } else if (startsWith("?=") || startsWith("?!")) {
        return fail(Open, true,
                    "'(" + std::string(P.substr(I, 2)) + "'" + at(Open) +
                        " is a lookahead");
      } else if (startsWith("?<=") || startsWith("?<!")) {
        return fail(Open, true,
                    "'(" + std::string(P.substr(I, 3)) + "'" + at(Open) +
                        " is a lookbehind");
      } else if (startsWith("?<")) {
        return fail(Open, true,
                    "'(?<'" + at(Open) + " is a named group; write (?:...)");
      } else {
        return fail(Open, false, "'(?'" + at(Open) + " starts no known group");
      }
    }
    if (++Depth > MaxGroupDepth)
      return fail(Open, true,
                  "groups nest deeper than " + std::to_string(MaxGroupDepth) +
                      at(Open));
    int Inner = alternation();
    --Depth;
    if (Inner < 0)
      return -1;
    if (!more())
      return fail(Open, false, "'('" + at(Open) + " is never closed");
    ++I; // ')'
    return Inner;
  }

  /// Reads "HHHH" (N hex digits) at I.
  bool hex(unsigned N, uint32_t &V) {
    if (I + N > P.size())
      return false;
    V = 0;
    for (unsigned K = 0; K < N; ++K) {
      char C = P[I + K];
      unsigned D;
      if (C >= '0' && C <= '9')
        D = static_cast<unsigned>(C - '0');
      else if (C >= 'a' && C <= 'f')
        D = static_cast<unsigned>(C - 'a' + 10);
      else if (C >= 'A' && C <= 'F')
        D = static_cast<unsigned>(C - 'A' + 10);
      else
        return false;
      V = V * 16 + D;
    }
    I += N;
    return true;
  }

  /// An escape at I (the backslash): one character, or a class such as \d.
  /// Returns false with Why set on error.
  bool escape(bool InClass, RangeSet &Out, bool &IsClass) {
    size_t Back = I;
    ++I;
    IsClass = false;
    if (!more())
      return fail(Back, false, "'\\' at the end escapes nothing"), false;
    char C = P[I++];
    auto One = [&](uint32_t V) {
      Out = {{V, V}};
      return true;
    };
    auto Class = [&](RangeSet S) {
      Out = std::move(S);
      IsClass = true;
      return true;
    };
    switch (C) {
    case 'd':
      return Class(digits());
    case 'D':
      return Class(complement(digits()));
    case 'w':
      return Class(wordChars());
    case 'W':
      return Class(complement(wordChars()));
    case 's':
      return Class(spaces());
    case 'S':
      return Class(complement(spaces()));
    case 'n':
      return One('\n');
    case 'r':
      return One('\r');
    case 't':
      return One('\t');
    case 'v':
      return One('\v');
    case 'f':
      return One('\f');
    case 'b':
      if (InClass)
        return One('\b');
      return fail(Back, true, "'\\b'" + at(Back) + " is a word boundary"),
             false;
    case 'B':
      return fail(Back, true, "'\\B'" + at(Back) + " is a word boundary"),
             false;
    case 'k':
      return fail(Back, true, "'\\k'" + at(Back) + " is a back-reference"),
             false;
    case 'p':
    case 'P':
      return fail(Back, true,
                  "'\\" + std::string(1, C) + "'" + at(Back) +
                      " is a Unicode property escape"),
             false;
    case '0':
      if (more() && P[I] >= '0' && P[I] <= '9')
        return fail(Back, false,
                    "the octal escape '\\0" + std::string(1, P[I]) + "'" +
                        at(Back) + " is not ECMAScript; write \\xHH"),
               false;
      return One(0);
    case 'c': {
      if (more() &&
          ((P[I] >= 'a' && P[I] <= 'z') || (P[I] >= 'A' && P[I] <= 'Z')))
        return One(static_cast<uint32_t>(P[I++]) % 32);
      return fail(Back, false,
                  "'\\c'" + at(Back) + " needs a letter after it, as in \\cJ"),
             false;
    }
    case 'x': {
      uint32_t V;
      if (!hex(2, V))
        return fail(Back, false,
                    "'\\x'" + at(Back) + " needs two hex digits, as in \\x41"),
               false;
      return One(V);
    }
    case 'u': {
      uint32_t V;
      if (!hex(4, V))
        return fail(Back, false,
                    "'\\u'" + at(Back) +
                        " needs four hex digits, as in \\u00e9"),
               false;
      if (V >= 0xD800 && V <= 0xDBFF && startsWith("\\u")) {
        size_t Save = I;
        I += 2;
        uint32_t Low;
        if (hex(4, Low) && Low >= 0xDC00 && Low <= 0xDFFF)
          return One(0x10000 + ((V - 0xD800) << 10) + (Low - 0xDC00));
        I = Save;
      }
      if (V >= 0xD800 && V <= 0xDFFF)
        return fail(Back, true,
                    "'\\u" + std::string(P.substr(Back + 2, 4)) + "'" +
                        at(Back) +
                        " is a lone surrogate, which no UTF-8 "
                        "text holds; write the character itself"),
               false;
      return One(V);
    }
    default:
      break;
    }
    if (C >= '1' && C <= '9')
      return fail(Back, true,
                  "'\\" + std::string(1, C) + "'" + at(Back) +
                      " is a back-reference"),
             false;
    unsigned char U = static_cast<unsigned char>(C);
    if (U < 0x80 && !((C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z') ||
                      (C >= '0' && C <= '9') || C == '_'))
      return One(U); // \. \\ \- \/ ...: the character itself
    return fail(Back, false,
                "the escape '\\" +
                    std::string(P.substr(Back + 1, U < 0x80 ? 1 : 0)) + "'" +
                    at(Back) + " means nothing"),
           false;
  }

  /// One character of the pattern text (a code point) at I.
  bool literal(uint32_t &C) {
    size_t Start = I;
    if (!decodeUtf8(P, I, C))
      return fail(Start, false, "the pattern is not UTF-8" + at(Start)), false;
    return true;
  }

  int characterClass() {
    size_t Open = I;
    ++I;
    bool Negated = more() && P[I] == '^';
    if (Negated)
      ++I;
    if (more() && P[I] == ']')
      return fail(Open, false,
                  std::string(Negated ? "'[^]'" : "'[]'") + at(Open) +
                      " is not portable; write [\\s\\S] for any "
                      "character, \\] for a bracket");
    RangeSet Chars;
    // One member: a character (First == Last) or a class such as \d.
    auto Member = [&](RangeSet &Out, bool &IsClass) {
      IsClass = false;
      if (P[I] == '\\')
        return escape(true, Out, IsClass);
      if (P[I] == '[')
        return fail(I, false,
                    "'['" + at(I) +
                        " inside a class is not portable; write \\[") >= 0;
      uint32_t C;
      if (!literal(C))
        return false;
      Out = {{C, C}};
      return true;
    };
    for (;;) {
      if (!more())
        return fail(Open, false, "'['" + at(Open) + " is never closed");
      if (P[I] == ']')
        break;
      size_t From = I;
      RangeSet Lo;
      bool LoClass;
      if (!Member(Lo, LoClass))
        return -1;
      if (I + 1 < P.size() && P[I] == '-' && P[I + 1] != ']') {
        ++I;
        RangeSet Hi;
        bool HiClass;
        if (!more())
          return fail(Open, false, "'['" + at(Open) + " is never closed");
        if (!Member(Hi, HiClass))
          return -1;
        if (LoClass || HiClass)
          return fail(From, false,
                      "the range '" + std::string(P.substr(From, I - From)) +
                          "'" + at(From) +
                          " has a class at an end; write \\- for "
                          "a dash");
        if (Lo.front().first > Hi.front().first)
          return fail(From, false,
                      "the range '" + std::string(P.substr(From, I - From)) +
                          "'" + at(From) + " is out of order");
        Chars.push_back({Lo.front().first, Hi.front().first});
        continue;
      }
      Chars.insert(Chars.end(), Lo.begin(), Lo.end());
    }
    ++I; // ']'
    return set(Negated ? complement(Chars) : std::move(Chars), Open);
  }

  int atom() {
    size_t Start = I;
    char C = P[I];
    switch (C) {
    case '(':
      return group();
    case '[':
      return characterClass();
    case '.':
      ++I;
      return set(dot(), Start);
    case '^':
    case '$': {
      ++I;
      Node N;
      N.Kind = C == '^' ? Node::Caret : Node::Dollar;
      N.Offset = Start;
      return add(std::move(N));
    }
    case '\\': {
      RangeSet S;
      bool IsClass;
      if (!escape(false, S, IsClass))
        return -1;
      return set(std::move(S), Start);
    }
    case '*':
    case '+':
    case '?':
      return fail(Start, false,
                  "'" + std::string(1, C) + "'" + at(Start) +
                      " has nothing to repeat; write \\" + std::string(1, C) +
                      " for the character");
    case '{': {
      unsigned Min, Max;
      int B = braces(Min, Max);
      if (B < 0)
        return -1;
      return fail(Start, false,
                  B ? "'{'" + at(Start) +
                          " has nothing to repeat; write \\{ "
                          "for a brace"
                    : "'{'" + at(Start) +
                          " starts no repeat count such as "
                          "{2,5}; write \\{ for a brace");
    }
    case '}':
    case ']':
      return fail(Start, false,
                  "'" + std::string(1, C) + "'" + at(Start) +
                      " closes nothing; write \\" + std::string(1, C) +
                      " for the character");
    default: {
      uint32_t V;
      if (!literal(V))
        return -1;
      return set({{V, V}}, Start);
    }
    }
  }
};

/// Byte sequences, as per-byte ranges, that encode exactly the code points
/// [Lo, Hi] in UTF-8 (surrogates excluded): the split RE2 and Rust's
/// utf8-ranges make, so that each sequence is a product of byte ranges.
void utf8Sequences(uint32_t Lo, uint32_t Hi,
                   std::vector<std::vector<std::pair<uint8_t, uint8_t>>> &Out) {
  if (Lo <= 0xDFFF && Hi >= 0xD800) {
    if (Lo < 0xD800)
      utf8Sequences(Lo, 0xD7FF, Out);
    if (Hi > 0xDFFF)
      utf8Sequences(0xE000, Hi, Out);
    return;
  }
  static const uint32_t LengthEnd[] = {0x7F, 0x7FF, 0xFFFF, MaxCodePoint};
  for (uint32_t End : LengthEnd)
    if (Lo <= End && Hi > End) {
      utf8Sequences(Lo, End, Out);
      utf8Sequences(End + 1, Hi, Out);
      return;
    }
  unsigned Len = Hi <= 0x7F ? 1 : Hi <= 0x7FF ? 2 : Hi <= 0xFFFF ? 3 : 4;
  for (unsigned K = 1; K < Len; ++K) {
    uint32_t M = (1u << (6 * K)) - 1;
    if ((Lo & ~M) != (Hi & ~M)) {
      if ((Lo & M) != 0) {
        utf8Sequences(Lo, Lo | M, Out);
        utf8Sequences((Lo | M) + 1, Hi, Out);
        return;
      }
      if ((Hi & M) != M) {
        utf8Sequences(Lo, (Hi & ~M) - 1, Out);
        utf8Sequences(Hi & ~M, Hi, Out);
        return;
      }
    }
  }
  auto Encode = [Len](uint32_t C, uint8_t *B) {
    if (Len == 1) {
      B[0] = static_cast<uint8_t>(C);
      return;
    }
    static const uint8_t LeadBits[] = {0, 0, 0xC0, 0xE0, 0xF0};
    for (unsigned K = Len - 1; K > 0; --K, C >>= 6)
      B[K] = static_cast<uint8_t>(0x80 | (C & 0x3F));
    B[0] = static_cast<uint8_t>(LeadBits[Len] | C);
  };
  uint8_t L[4], H[4];
  Encode(Lo, L);
  Encode(Hi, H);
  std::vector<std::pair<uint8_t, uint8_t>> Seq;
  for (unsigned K = 0; K < Len; ++K)
    Seq.push_back({L[K], H[K]});
  Out.push_back(std::move(Seq));
}

/// A Thompson NFA over bytes: Byte states consume one byte in [Lo, Hi],
/// the others are epsilon moves (anchors are checked to be no-ops, below).
struct NState {
  enum KindT : uint8_t { Byte, Eps, Caret, Dollar, Match } Kind = Eps;
  uint8_t Lo = 0, Hi = 0;
  std::vector<int> Out;
  size_t Offset = 0;
};

class Builder {
public:
  Builder(const std::vector<Node> &Tree, Problem &Why) : Tree(Tree), Why(Why) {}

  std::vector<NState> Nfa;

  /// Builds the whole pattern followed by Match; its start state, or -1.
  int build(int Root) {
    Frag F;
    if (!node(Root, F))
      return -1;
    int M = state(NState::Match);
    if (M < 0)
      return -1;
    Nfa[F.End].Out.push_back(M);
    return F.Start;
  }

private:
  struct Frag {
    int Start = -1, End = -1; ///< End: an epsilon state with no way out yet
  };
  const std::vector<Node> &Tree;
  Problem &Why;

  int state(NState::KindT Kind, size_t Offset = 0) {
    if (Nfa.size() >= MaxNfaStates) {
      Why.Offset = 0;
      Why.Unsupported = true;
      Why.Message = "it is too large once its repeats are written out (over " +
                    std::to_string(MaxNfaStates) +
                    " automaton states); use smaller repeat counts, or "
                    "max_length";
      return -1;
    }
    NState S;
    S.Kind = Kind;
    S.Offset = Offset;
    Nfa.push_back(std::move(S));
    return static_cast<int>(Nfa.size() - 1);
  }
  bool link(int From, int To) {
    Nfa[From].Out.push_back(To);
    return true;
  }

  bool node(int Index, Frag &F) {
    const Node &N = Tree[Index];
    switch (N.Kind) {
    case Node::Empty: {
      int E = state(NState::Eps);
      F = {E, E};
      return E >= 0;
    }
    case Node::Caret:
    case Node::Dollar: {
      int A = state(N.Kind == Node::Caret ? NState::Caret : NState::Dollar,
                    N.Offset);
      int E = state(NState::Eps);
      if (A < 0 || E < 0)
        return false;
      link(A, E);
      F = {A, E};
      return true;
    }
    case Node::Set: {
      int S = state(NState::Eps), E = state(NState::Eps);
      if (S < 0 || E < 0)
        return false;
      F = {S, E};
      std::vector<std::vector<std::pair<uint8_t, uint8_t>>> Seqs;
      for (const Range &R : N.Chars)
        utf8Sequences(R.first, R.second, Seqs);
      for (const auto &Seq : Seqs) {
        int Prev = S;
        for (const auto &B : Seq) {
          int T = state(NState::Byte);
          if (T < 0)
            return false;
          Nfa[T].Lo = B.first;
          Nfa[T].Hi = B.second;
          link(Prev, T);
          Prev = T;
        }
        link(Prev, E);
      }
      return true;
    }
    case Node::Concat: {
      Frag Acc;
      for (int K : N.Kids) {
        Frag Part;
        if (!node(K, Part))
          return false;
        if (Acc.Start < 0)
          Acc = Part;
        else {
          link(Acc.End, Part.Start);
          Acc.End = Part.End;
        }
      }
      F = Acc;
      return true;
    }
    case Node::Alt: {
      int S = state(NState::Eps), E = state(NState::Eps);
      if (S < 0 || E < 0)
        return false;
      for (int K : N.Kids) {
        Frag Part;
        if (!node(K, Part))
          return false;
        link(S, Part.Start);
        link(Part.End, E);
      }
      F = {S, E};
      return true;
    }
    case Node::Repeat: {
      int S = state(NState::Eps);
      if (S < 0)
        return false;
      int Cur = S;
      for (unsigned K = 0; K < N.Min; ++K) {
        Frag Part;
        if (!node(N.Kids.front(), Part))
          return false;
        link(Cur, Part.Start);
        Cur = Part.End;
      }
      int E = state(NState::Eps);
      if (E < 0)
        return false;
      if (N.Max == Unbounded) {
        Frag Part;
        int Loop = state(NState::Eps);
        if (Loop < 0 || !node(N.Kids.front(), Part))
          return false;
        link(Cur, Loop);
        link(Loop, Part.Start);
        link(Part.End, Loop);
        link(Loop, E);
      } else {
        // Nested optional copies, each of which may end the repeat.
        for (unsigned K = N.Min; K < N.Max; ++K) {
          Frag Part;
          if (!node(N.Kids.front(), Part))
            return false;
          link(Cur, Part.Start);
          link(Cur, E);
          Cur = Part.End;
        }
        link(Cur, E);
      }
      F = {S, E};
      return true;
    }
    }
    return false;
  }
};

/// States reachable from \p Seeds by epsilon moves, each seen once.
class Reach {
public:
  explicit Reach(const std::vector<NState> &Nfa)
      : Nfa(Nfa), Mark(Nfa.size(), 0) {}

  template <typename Fn> void run(const std::vector<int> &Seeds, Fn Visit) {
    ++Generation;
    Stack.assign(Seeds.begin(), Seeds.end());
    while (!Stack.empty()) {
      int S = Stack.back();
      Stack.pop_back();
      if (Mark[S] == Generation)
        continue;
      Mark[S] = Generation;
      ++Work;
      Visit(S);
      if (Nfa[S].Kind != NState::Byte)
        for (int T : Nfa[S].Out)
          Stack.push_back(T);
    }
  }
  uint64_t Work = 0;

private:
  const std::vector<NState> &Nfa;
  std::vector<uint32_t> Mark;
  uint32_t Generation = 0;
  std::vector<int> Stack;
};

/// Anchors are compiled as epsilon moves, which is exact only when '^' can
/// be reached before any byte and '$' after the last one; the other places
/// (a^b, a$b, (^a)*) are refused rather than given a surprising meaning.
bool checkAnchors(const std::vector<NState> &Nfa, Problem &Why) {
  Reach R(Nfa);
  std::vector<int> AfterBytes;
  for (const NState &S : Nfa)
    if (S.Kind == NState::Byte)
      AfterBytes.push_back(S.Out.front());
  size_t Bad = SIZE_MAX;
  R.run(AfterBytes, [&](int S) {
    if (Nfa[S].Kind == NState::Caret)
      Bad = std::min(Bad, Nfa[S].Offset);
  });
  if (Bad != SIZE_MAX) {
    Why = {Bad, true,
           "'^'" + at(Bad) +
               " can come after something to match, where it could only "
               "fail; it means the start of the value"};
    return false;
  }
  // Which states can reach a byte by epsilon moves: walk them backwards.
  std::vector<std::vector<int>> Back(Nfa.size());
  std::vector<int> Bytes;
  for (size_t S = 0; S < Nfa.size(); ++S) {
    if (Nfa[S].Kind == NState::Byte)
      Bytes.push_back(static_cast<int>(S));
    else
      for (int T : Nfa[S].Out)
        Back[T].push_back(static_cast<int>(S));
  }
  std::vector<uint8_t> Seen(Nfa.size(), 0);
  std::vector<int> Stack = Bytes;
  while (!Stack.empty()) {
    int S = Stack.back();
    Stack.pop_back();
    for (int P : Back[S])
      if (!Seen[P]) {
        Seen[P] = 1;
        Stack.push_back(P);
      }
  }
  for (size_t S = 0; S < Nfa.size(); ++S)
    if (Nfa[S].Kind == NState::Dollar && Seen[Nfa[S].Out.front()])
      Bad = std::min(Bad, Nfa[S].Offset);
  if (Bad != SIZE_MAX) {
    Why = {Bad, true,
           "'$'" + at(Bad) +
               " can come before something to match, where it could only "
               "fail; it means the end of the value"};
    return false;
  }
  return true;
}

Problem tooComplex() {
  return {0, true,
          "its automaton would need over " + std::to_string(MaxDfaStates) +
              " states; use fewer or smaller repeat counts, or max_length"};
}

/// Subset construction over byte classes; state 0 is the empty set.
bool determinize(const std::vector<NState> &Nfa, int Start, Dfa &Out,
                 uint64_t &Work, Problem &Why) {
  // Bytes no NFA range tells apart share a class.
  bool Cut[257] = {};
  for (const NState &S : Nfa)
    if (S.Kind == NState::Byte) {
      Cut[S.Lo] = true;
      Cut[S.Hi + 1] = true;
    }
  std::vector<uint8_t> Rep;
  for (unsigned B = 0; B < 256; ++B) {
    if (B == 0 || Cut[B])
      Rep.push_back(static_cast<uint8_t>(B));
    Out.ByteClass[B] = static_cast<uint8_t>(Rep.size() - 1);
  }
  const unsigned K = static_cast<unsigned>(Rep.size());
  Out.Classes = K;

  Reach R(Nfa);
  auto Closure = [&](const std::vector<int> &Seeds) {
    std::vector<int> Set;
    R.run(Seeds, [&](int S) {
      if (Nfa[S].Kind == NState::Byte || Nfa[S].Kind == NState::Match)
        Set.push_back(S);
    });
    std::sort(Set.begin(), Set.end());
    return Set;
  };
  std::map<std::vector<int>, unsigned> Ids;
  std::vector<const std::vector<int> *> Sets;
  auto Intern = [&](std::vector<int> Set, unsigned &Id) {
    auto [It, Fresh] =
        Ids.emplace(std::move(Set), static_cast<unsigned>(Sets.size()));
    if (Fresh) {
      if (Sets.size() >= MaxBuildStates)
        return false;
      Sets.push_back(&It->first);
    }
    Id = It->second;
    return true;
  };
  unsigned Dead, First;
  Intern({}, Dead);
  if (!Intern(Closure({Start}), First))
    return Why = tooComplex(), false;
  Out.Start = First;
  Out.Next.clear();
  for (size_t D = 0; D < Sets.size(); ++D) {
    for (unsigned C = 0; C < K; ++C) {
      std::vector<int> Seeds;
      for (int S : *Sets[D]) {
        ++Work;
        const NState &N = Nfa[S];
        if (N.Kind == NState::Byte && N.Lo <= Rep[C] && Rep[C] <= N.Hi)
          Seeds.push_back(N.Out.front());
      }
      unsigned To;
      if (!Intern(Closure(Seeds), To))
        return Why = tooComplex(), false;
      Out.Next.push_back(static_cast<uint16_t>(To));
    }
    if (Work + R.Work > MaxWork)
      return Why = tooComplex(), false;
  }
  Out.Accepting.assign(Sets.size(), 0);
  for (size_t D = 0; D < Sets.size(); ++D)
    for (int S : *Sets[D])
      if (Nfa[S].Kind == NState::Match)
        Out.Accepting[D] = 1;
  Work += R.Work;
  return true;
}

/// The blocks of equivalent states of \p D (Hopcroft's partition
/// refinement, O(K N log N)): \p Block maps each state to one of the
/// returned number of blocks.
unsigned equivalentStates(const Dfa &D, std::vector<unsigned> &Block) {
  const unsigned N = D.states(), K = D.Classes;
  // Who moves to state T on class C: Pred[PredStart[C * (N + 1) + T] ...].
  std::vector<unsigned> PredStart(size_t(K) * (N + 1), 0), Pred(size_t(N) * K);
  for (unsigned S = 0; S < N; ++S)
    for (unsigned C = 0; C < K; ++C)
      ++PredStart[size_t(C) * (N + 1) + D.Next[size_t(S) * K + C] + 1];
  for (unsigned C = 0; C < K; ++C)
    for (unsigned T = 0; T < N; ++T)
      PredStart[size_t(C) * (N + 1) + T + 1] +=
          PredStart[size_t(C) * (N + 1) + T];
  {
    std::vector<unsigned> Fill(PredStart);
    for (unsigned S = 0; S < N; ++S)
      for (unsigned C = 0; C < K; ++C)
        Pred[size_t(C) * N +
             Fill[size_t(C) * (N + 1) + D.Next[size_t(S) * K + C]]++] = S;
  }
  // Blocks are runs of Elems: First[B] to End[B]; the marked states of a
  // block are moved to its front.
  std::vector<unsigned> Elems(N), Loc(N), First, End, Marked;
  Block.assign(N, 0);
  std::vector<uint8_t> Waiting;
  std::vector<unsigned> Work;
  unsigned Next = 0;
  for (uint8_t Accepting : {uint8_t(0), uint8_t(1)}) {
    unsigned Begin = Next;
    for (unsigned S = 0; S < N; ++S)
      if (D.Accepting[S] == Accepting) {
        Elems[Next] = S;
        Loc[S] = Next++;
        Block[S] = static_cast<unsigned>(First.size());
      }
    if (Next == Begin)
      continue;
    Work.push_back(static_cast<unsigned>(First.size()));
    Waiting.push_back(1);
    First.push_back(Begin);
    End.push_back(Next);
    Marked.push_back(0);
  }
  std::vector<unsigned> Splitter, Touched;
  while (!Work.empty()) {
    unsigned A = Work.back();
    Work.pop_back();
    Waiting[A] = 0;
    Splitter.assign(Elems.begin() + First[A], Elems.begin() + End[A]);
    for (unsigned C = 0; C < K; ++C) {
      for (unsigned T : Splitter)
        for (unsigned I = PredStart[size_t(C) * (N + 1) + T],
                      E = PredStart[size_t(C) * (N + 1) + T + 1];
             I < E; ++I) {
          unsigned S = Pred[size_t(C) * N + I], B = Block[S];
          unsigned To = First[B] + Marked[B];
          if (Loc[S] < To)
            continue; // marked already
          if (Marked[B]++ == 0)
            Touched.push_back(B);
          std::swap(Elems[Loc[S]], Elems[To]);
          Loc[Elems[Loc[S]]] = Loc[S];
          Loc[S] = To;
        }
      for (unsigned B : Touched) {
        unsigned Split = First[B] + Marked[B];
        Marked[B] = 0;
        if (Split == End[B])
          continue; // all of B moves alike
        unsigned NB = static_cast<unsigned>(First.size());
        First.push_back(First[B]);
        End.push_back(Split);
        Marked.push_back(0);
        Waiting.push_back(0);
        First[B] = Split;
        for (unsigned I = First[NB]; I < End[NB]; ++I)
          Block[Elems[I]] = NB;
        unsigned Add =
            Waiting[B] || End[NB] - First[NB] < End[B] - First[B] ? NB : B;
        if (!Waiting[Add]) {
          Waiting[Add] = 1;
          Work.push_back(Add);
        }
      }
      Touched.clear();
    }
  }
  return static_cast<unsigned>(First.size());
}

/// Merges equivalent states and then byte classes no state tells apart.
void minimize(Dfa &D) {
  const unsigned N = D.states(), K = D.Classes;
  std::vector<unsigned> Block;
  const unsigned Blocks = equivalentStates(D, Block);
  // Renumber: the dead state's block is 0, the others in order of first use.
  std::vector<unsigned> Id(Blocks, ~0u);
  unsigned Count = 0;
  Id[Block[0]] = Count++;
  for (unsigned S = 0; S < N; ++S)
    if (Id[Block[S]] == ~0u)
      Id[Block[S]] = Count++;
  std::vector<uint16_t> Next(size_t(Count) * K);
  std::vector<uint8_t> Accepting(Count);
  for (unsigned S = 0; S < N; ++S) {
    unsigned B = Id[Block[S]];
    Accepting[B] = D.Accepting[S];
    for (unsigned C = 0; C < K; ++C)
      Next[size_t(B) * K + C] =
          static_cast<uint16_t>(Id[Block[D.Next[S * K + C]]]);
  }
  D.Start = Id[Block[D.Start]];
  D.Accepting = std::move(Accepting);
  // Byte classes whose columns are equal become one.
  std::map<std::vector<uint16_t>, unsigned> Columns;
  std::vector<unsigned> ColumnOf(K);
  for (unsigned C = 0; C < K; ++C) {
    std::vector<uint16_t> Col(Count);
    for (unsigned S = 0; S < Count; ++S)
      Col[S] = Next[size_t(S) * K + C];
    ColumnOf[C] =
        Columns.emplace(std::move(Col), static_cast<unsigned>(Columns.size()))
            .first->second;
  }
  const unsigned NewK = static_cast<unsigned>(Columns.size());
  D.Next.assign(size_t(Count) * NewK, 0);
  for (unsigned S = 0; S < Count; ++S)
    for (unsigned C = 0; C < K; ++C)
      D.Next[size_t(S) * NewK + ColumnOf[C]] = Next[size_t(S) * K + C];
  for (uint8_t &B : D.ByteClass)
    B = static_cast<uint8_t>(ColumnOf[B]);
  D.Classes = NewK;
}

/// End positions (bit I: after code point I) of \p Index's matches that
/// start at a position of \p Starts, over the code points \p Text.
uint64_t ends(const std::vector<Node> &Tree, int Index, uint64_t Starts,
              const std::vector<uint32_t> &Text) {
  const Node &N = Tree[static_cast<size_t>(Index)];
  const size_t Len = Text.size();
  switch (N.Kind) {
  case Node::Empty:
    return Starts;
  case Node::Caret:
    return Starts & 1;
  case Node::Dollar:
    return Starts & (uint64_t(1) << Len);
  case Node::Set: {
    uint64_t Out = 0;
    for (size_t P = 0; P < Len; ++P) {
      if (!(Starts >> P & 1))
        continue;
      for (const Range &R : N.Chars)
        if (R.first <= Text[P] && Text[P] <= R.second)
          Out |= uint64_t(1) << (P + 1);
    }
    return Out;
  }
  case Node::Concat:
    for (int K : N.Kids)
      Starts = ends(Tree, K, Starts, Text);
    return Starts;
  case Node::Alt: {
    uint64_t Out = 0;
    for (int K : N.Kids)
      Out |= ends(Tree, K, Starts, Text);
    return Out;
  }
  case Node::Repeat: {
    uint64_t Cur = Starts;
    for (unsigned I = 0; I < N.Min && Cur; ++I)
      Cur = ends(Tree, N.Kids.front(), Cur, Text);
    uint64_t Out = Cur;
    for (unsigned I = N.Min; (N.Max == Unbounded || I < N.Max) && Cur; ++I) {
      uint64_t Next = ends(Tree, N.Kids.front(), Cur, Text);
      if ((Out | Next) == Out && (N.Max == Unbounded || Next == Cur))
        break; // nothing new can come of more copies
      Out |= Next;
      Cur = Next;
    }
    return Out;
  }
  }
  return 0;
}

} // namespace

std::optional<bool> referenceMatch(std::string_view Pattern,
                                   std::string_view Value) {
  std::vector<Node> Tree;
  Problem Why;
  int Root = Parser(Pattern, Tree, Why).parse();
  if (Root < 0 || Pattern.size() > MaxPatternBytes)
    return std::nullopt;
  std::vector<uint32_t> Text;
  for (size_t I = 0; I < Value.size();) {
    uint32_t C;
    if (!decodeUtf8(Value, I, C))
      return false;
    Text.push_back(C);
  }
  if (Text.size() > 63)
    return std::nullopt;
  return (ends(Tree, Root, 1, Text) >> Text.size() & 1) != 0;
}

bool Dfa::matches(std::string_view Value) const {
  const detail::pattern_dfa<uint16_t> Table{ByteClass.data(), Next.data(),
                                            Accepting.data(), Classes,
                                            static_cast<uint16_t>(Start)};
  return detail::pattern_matches(Value, Table);
}

bool compile(std::string_view Pattern, Dfa &Out, Problem &Why) {
  Why = Problem();
  if (Pattern.size() > MaxPatternBytes) {
    Why = {0, true,
           "the pattern is longer than " + std::to_string(MaxPatternBytes) +
               " bytes"};
    return false;
  }
  std::vector<Node> Tree;
  int Root = Parser(Pattern, Tree, Why).parse();
  if (Root < 0)
    return false;
  Builder B(Tree, Why);
  int Start = B.build(Root);
  if (Start < 0 || !checkAnchors(B.Nfa, Why))
    return false;
  Dfa D;
  uint64_t Work = 0;
  if (!determinize(B.Nfa, Start, D, Work, Why))
    return false;
  minimize(D);
  if (D.states() > MaxDfaStates) {
    Why = tooComplex();
    return false;
  }
  Out = std::move(D);
  return true;
}

} // namespace pattern
} // namespace trailguard
