// The schema pattern engine (support/Pattern.h): what it accepts means what
// std::regex_match meant wherever std::regex is safe (short ASCII values),
// non-ASCII is matched by code point, and what it refuses is refused with a
// reason and within its limits.
#include "Pattern.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <regex>
#include <string>
#include <vector>

namespace {

using trailguard::pattern::compile;
using trailguard::pattern::Dfa;
using trailguard::pattern::Problem;

Dfa compiled(const std::string &Pattern) {
  Dfa D;
  Problem Why;
  EXPECT_TRUE(compile(Pattern, D, Why)) << Pattern << ": " << Why.Message;
  return D;
}

std::string refusal(const std::string &Pattern, bool *Unsupported = nullptr) {
  Dfa D;
  Problem Why;
  if (compile(Pattern, D, Why))
    return "(accepted)";
  if (Unsupported)
    *Unsupported = Why.Unsupported;
  return Why.Message;
}

// Every value of up to MaxLen characters from Alphabet.
std::vector<std::string> allValues(const std::string &Alphabet, size_t MaxLen) {
  std::vector<std::string> Out = {""};
  for (size_t Begin = 0, Len = 1; Len <= MaxLen; ++Len) {
    size_t End = Out.size();
    for (size_t I = Begin; I < End; ++I)
      for (char C : Alphabet)
        Out.push_back(Out[I] + C);
    Begin = End;
  }
  return Out;
}

// Compares the engine with std::regex_match on every value; false (with a
// failure) on the first disagreement.
bool agreesWithStdRegex(const std::string &Pattern,
                        const std::vector<std::string> &Values) {
  Dfa D;
  Problem Why;
  if (!compile(Pattern, D, Why)) {
    ADD_FAILURE() << Pattern << " refused: " << Why.Message;
    return false;
  }
  std::regex R(Pattern, std::regex::ECMAScript);
  for (const std::string &V : Values)
    if (D.matches(V) != std::regex_match(V, R)) {
      ADD_FAILURE() << "pattern " << Pattern << " on \"" << V
                    << "\": engine says " << D.matches(V);
      return false;
    }
  return true;
}

// The patterns of the schemas, examples and tests in this repository.
TEST(Pattern, RepositoryPatternsAgreeWithStdRegex) {
  const std::vector<std::string> Values = allValues("az09_/.:-A \n", 3);
  for (const char *P : {"^[a-z]+$", "^[a-z0-9_]+$", "^/[a-z/]*$", "^[0-9]{4}$",
                        "^[A-Za-z0-9._:-]+$", "^(a|b)*\\d+[^\\s]$"})
    EXPECT_TRUE(agreesWithStdRegex(P, Values));
}

TEST(Pattern, HandWrittenPatternsAgreeWithStdRegex) {
  const std::vector<std::string> Values = allValues("ab1-.\n", 4);
  for (const char *P : {"",
                        "a",
                        "ab",
                        "a|b",
                        "a|",
                        "(a|b)*",
                        "(?:ab)+",
                        "a*?b",
                        "a+?",
                        "a??b",
                        "a{2}",
                        "a{1,3}",
                        "a{2,}",
                        "a{0,0}b",
                        "(a|ab)(c|bcd)?",
                        "[ab]+",
                        "[^a]*",
                        "[a-b1]",
                        "[-a]",
                        "[a-]",
                        "[\\-]",
                        ".",
                        ".*",
                        "\\.",
                        "\\d+",
                        "\\D",
                        "\\w*",
                        "\\W",
                        "\\s",
                        "\\S+",
                        "[\\d-]",
                        "[\\w.]+",
                        "^a$",
                        "^(a|b)$",
                        "^a|b$",
                        "(^a|^b)1",
                        "a(b$|1$)",
                        "$",
                        "^",
                        "^$",
                        "(a*)*",
                        "(a*)+b",
                        "(a|aa)+$",
                        "((a|b)(1|-))*",
                        "\\x61",
                        "\\u0062",
                        "\\n",
                        "[\\n.]",
                        "\\-",
                        "a\\|b",
                        "\\(a\\)",
                        "\\[",
                        "\\]",
                        "\\{",
                        "\\}",
                        "()",
                        "(|a)",
                        "a{1}?",
                        "(?:a{2}){2}",
                        "[^\\d]",
                        "[^\\s-]",
                        "[^.]"})
    EXPECT_TRUE(agreesWithStdRegex(P, Values));
}

// A small random grammar of the syntax both engines read the same way.
std::string randomPattern(std::mt19937 &Rng, int Depth) {
  auto Pick = [&](int N) { return static_cast<int>(Rng() % unsigned(N)); };
  static const char *const Atoms[] = {"a",   "b",    "1",    "-",
                                      ".",   "[ab]", "[^a]", "[a-b]",
                                      "\\d", "\\w",  "\\s",  "[^\\d.]"};
  static const char *const Quantifiers[] = {
      "", "", "", "*", "+", "?", "{2}", "{0,2}", "{1,}", "*?", "+?", "{1,2}?"};
  std::string Out;
  int Alternatives = 1 + (Pick(4) == 0);
  for (int A = 0; A < Alternatives; ++A) {
    if (A)
      Out += '|';
    int Items = Pick(4);
    for (int I = 0; I < Items; ++I) {
      if (Depth > 0 && Pick(4) == 0)
        Out += (Pick(2) ? "(" : "(?:") + randomPattern(Rng, Depth - 1) + ")";
      else
        Out += Atoms[Pick(12)];
      Out += Quantifiers[Pick(12)];
    }
  }
  return Out;
}

TEST(Pattern, RandomPatternsAgreeWithStdRegex) {
  std::mt19937 Rng(12);
  const std::vector<std::string> Values = allValues("ab1-\n", 4);
  for (int I = 0; I < 1500; ++I) {
    // One level of groups: deeper nests of quantifiers make std::regex's
    // backtracking exponential even on values of four characters.
    std::string P = randomPattern(Rng, 1);
    if (Rng() % 4 == 0)
      P = "^(?:" + P + ")$";
    if (!agreesWithStdRegex(P, Values))
      break;
  }
}

// Beyond ASCII, where std::regex reads bytes: the automaton against the
// engine's own slow reference (sets of positions over the parse tree).
TEST(Pattern, AutomatonAgreesWithReferenceOnUnicode) {
  std::mt19937 Rng(8);
  const char *const Atoms[] = {"a",
                               "\xc3\xa9",
                               ".",
                               "[^a]",
                               "[\xc3\xa0-\xc3\xbf]",
                               "\\S",
                               "\\s",
                               "[\\u0100-\\uffff]",
                               "\\W",
                               "\xf0\x9f\x98\x80"};
  const char *const Quantifiers[] = {"", "", "*", "+", "?", "{2}", "{0,3}"};
  const char *const Pieces[] = {
      "a",  "\xc3\xa9", "\xe2\x80\xa8", "\xf0\x9f\x98\x80", " ", "\xc2\xa0",
      "\n", "\xff",     "\xc3",         "\xed\xa0\x80"};
  for (int I = 0; I < 400; ++I) {
    std::string P;
    for (unsigned K = Rng() % 4 + 1; K > 0; --K) {
      P += Rng() % 5 ? Atoms[Rng() % 10]
                     : "(?:a|" + std::string(Atoms[Rng() % 10]) + ")";
      P += Quantifiers[Rng() % 7];
    }
    Dfa D = compiled(P);
    for (int V = 0; V < 100; ++V) {
      std::string Value;
      for (unsigned K = Rng() % 5; K > 0; --K)
        Value += Pieces[Rng() % 10];
      std::optional<bool> Expected =
          trailguard::pattern::referenceMatch(P, Value);
      ASSERT_TRUE(Expected.has_value()) << P;
      ASSERT_EQ(D.matches(Value), *Expected)
          << "pattern " << P << " value " << Value;
    }
  }
}

// Issue 12, defect 8: the values and patterns that crashed or stalled
// std::regex. The automaton's size, not a time, is the bound tested.
TEST(Pattern, HostileValuesAreOneStepPerByte) {
  Dfa Letters = compiled("^[a-z]+$");
  EXPECT_TRUE(Letters.matches(std::string(100000, 'a')));
  EXPECT_FALSE(Letters.matches(std::string(100000, 'a') + "1"));
  Dfa Ambiguous = compiled("(a|aa)+$");
  EXPECT_LE(Ambiguous.states(), 3u);
  EXPECT_FALSE(Ambiguous.matches(std::string(40, 'a') + "b"));
  EXPECT_TRUE(Ambiguous.matches(std::string(1000000, 'a')));
  Dfa Nested = compiled("^(a*)*b$");
  EXPECT_FALSE(Nested.matches(std::string(100000, 'a')));
}

// Values are UTF-8; '.', negated classes and \S take one whole code point,
// as JSON Schema's ECMAScript patterns do, and bytes that are not UTF-8
// match nothing.
TEST(Pattern, CodePointsNotBytes) {
  Dfa One = compiled("^.$");
  EXPECT_TRUE(One.matches("a"));
  EXPECT_TRUE(One.matches("\xc3\xa9"));         // é
  EXPECT_TRUE(One.matches("\xe2\x82\xac"));     // €
  EXPECT_TRUE(One.matches("\xf0\x9f\x98\x80")); // U+1F600
  EXPECT_FALSE(One.matches("\xc3"));
  EXPECT_FALSE(One.matches("\xff"));
  EXPECT_FALSE(One.matches("\xed\xa0\x80")); // a surrogate
  EXPECT_FALSE(One.matches("\xc0\x80"));     // overlong
  EXPECT_FALSE(One.matches("\n"));
  EXPECT_FALSE(One.matches("\xe2\x80\xa8")); // U+2028, a line terminator
  Dfa NotA = compiled("^[^a]{2}$");
  EXPECT_TRUE(NotA.matches("\xc3\xa9z"));
  EXPECT_FALSE(NotA.matches("\xc3\xa9"));
  Dfa Range = compiled("^[à-ÿ]+$");
  EXPECT_TRUE(Range.matches("\xc3\xa9\xc3\xbf"));
  EXPECT_FALSE(Range.matches("e"));
  Dfa Escaped = compiled("^\\u00e9\\uD83D\\uDE00$");
  EXPECT_TRUE(Escaped.matches("\xc3\xa9\xf0\x9f\x98\x80"));
  Dfa Space = compiled("^\\s$");
  EXPECT_TRUE(Space.matches("\xc2\xa0"));     // U+00A0
  EXPECT_TRUE(Space.matches("\xe3\x80\x80")); // U+3000
  Dfa Any = compiled("^[\\s\\S]*$");
  EXPECT_TRUE(Any.matches("a\n\xc3\xa9"));
  EXPECT_FALSE(Any.matches("a\xff"));
}

TEST(Pattern, RefusesWhatIsNotLinearOrNotPortable) {
  bool Unsupported = false;
  EXPECT_EQ(refusal("(a)\\1", &Unsupported),
            "'\\1' at character 4 is a back-reference");
  EXPECT_TRUE(Unsupported);
  EXPECT_EQ(refusal("(?=a)a"), "'(?=' at character 1 is a lookahead");
  EXPECT_EQ(refusal("(?<!a)b"), "'(?<!' at character 1 is a lookbehind");
  EXPECT_EQ(refusal("(?<n>a)"),
            "'(?<' at character 1 is a named group; write (?:...)");
  EXPECT_EQ(refusal("a\\b"), "'\\b' at character 2 is a word boundary");
  EXPECT_EQ(refusal("\\p{L}"),
            "'\\p' at character 1 is a Unicode property escape");
  EXPECT_EQ(refusal("\\uD800"),
            "'\\uD800' at character 1 is a lone surrogate, which no UTF-8 "
            "text holds; write the character itself");
  EXPECT_NE(refusal("a^b").find("'^' at character 2 can come after"),
            std::string::npos);
  EXPECT_NE(refusal("(^a)*").find("'^' at character 2"), std::string::npos);
  EXPECT_NE(refusal("a$b").find("'$' at character 2 can come before"),
            std::string::npos);
  EXPECT_NE(refusal("(a$)+").find("'$' at character 3"), std::string::npos);
  EXPECT_EQ(refusal("[a-"), "'[' at character 1 is never closed");
  EXPECT_EQ(refusal("(a"), "'(' at character 1 is never closed");
  EXPECT_EQ(refusal("a)"), "')' at character 2 closes no group");
  EXPECT_EQ(refusal("[z-a]"), "the range 'z-a' at character 2 is out of order");
  EXPECT_EQ(refusal("a{3,2}"),
            "the numbers of '{3,2}' at character 2 are out of order");
  EXPECT_EQ(refusal("*a"), "'*' at character 1 has nothing to repeat; "
                           "write \\* for the character");
  EXPECT_EQ(refusal("a**"), "'*' at character 3 repeats a repeat; put the "
                            "first in a group (?:...)");
  EXPECT_EQ(refusal("^*"),
            "'*' at character 2 repeats an anchor, which means nothing");
  EXPECT_EQ(refusal("[]"), "'[]' at character 1 is not portable; write "
                           "[\\s\\S] for any character, \\] for a bracket");
  EXPECT_EQ(refusal("[[:alpha:]]"),
            "'[' at character 2 inside a class is not portable; write \\[");
  EXPECT_EQ(refusal("\\q"), "the escape '\\q' at character 1 means nothing");
  EXPECT_EQ(refusal("\\"), "'\\' at the end escapes nothing");
  EXPECT_EQ(refusal("\xff"), "the pattern is not UTF-8 at character 1");
}

TEST(Pattern, Limits) {
  EXPECT_EQ(refusal("(a|b)*"), "(accepted)");
  EXPECT_EQ(refusal("a{1000}"), "(accepted)");
  EXPECT_EQ(refusal("a{1001}"), "the repeat count '{1001}' at character 2 is "
                                "over 1000; bound a long value with "
                                "max_length instead");
  EXPECT_EQ(refusal("a{99999999999999999999}"),
            "the repeat count '{99999999999999999999}' at character 2 is "
            "over 1000; bound a long value with max_length instead");
  // 2^21 states without a cap.
  EXPECT_EQ(refusal("(a|b)*a(a|b){20}"),
            "its automaton would need over 4096 states; use fewer or "
            "smaller repeat counts, or max_length");
  EXPECT_NE(refusal("(a{1000}){1000}").find("too large"), std::string::npos);
  EXPECT_NE(refusal(std::string(65, '(') + std::string(65, ')'))
                .find("groups nest deeper than 64"),
            std::string::npos);
  EXPECT_EQ(refusal(std::string(1025, 'a')),
            "the pattern is longer than 1024 bytes");
  // 6122 states before minimisation, 2552 after: within the limit.
  Dfa Chars = compiled("^.{1,255}$");
  EXPECT_LE(Chars.states(), trailguard::pattern::MaxDfaStates);
  std::string E255;
  for (int I = 0; I < 255; ++I)
    E255 += "\xc3\xa9";
  EXPECT_TRUE(Chars.matches(E255));
  EXPECT_FALSE(Chars.matches(E255 + "a"));
  Dfa Counted = compiled("^[a-z]{1,1000}$");
  EXPECT_LE(Counted.states(), trailguard::pattern::MaxDfaStates);
  EXPECT_TRUE(Counted.matches(std::string(1000, 'q')));
  EXPECT_FALSE(Counted.matches(std::string(1001, 'q')));
}

// Minimisation: equivalent states are merged, so equal languages give
// tables of the same size.
TEST(Pattern, MinimalAutomata) {
  EXPECT_EQ(compiled("(a|b)*").states(), compiled("[ab]*").states());
  EXPECT_EQ(compiled("a+?").states(), compiled("aa*").states());
  EXPECT_EQ(compiled("^[a-z]+$").states(), 3u); // dead, start, letters
}

} // namespace
