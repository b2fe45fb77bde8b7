//===--- YamlTest.cpp - the one YAML reader (support/Yaml.h) --------------===//
//
// What the three readers rely on: the tree, its positions in bytes, the
// Null rules, the refusals (aliases, non-scalar keys, limits, bad text) and
// the typed scalars.
//
//===----------------------------------------------------------------------===//

#include "Yaml.h"
#include "YamlDiagnostics.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <unistd.h>

using namespace trailguard;
using namespace trailguard::yaml;

namespace {

/// The one document of \p Text, failing the test when it does not parse.
const Node *root(std::optional<Stream> &S, std::string_view Text,
                 const Limits &L = Limits()) {
  Error Err;
  S = parse(Text, L, Err);
  EXPECT_TRUE(S) << Err.At.Line << ":" << Err.At.Column << ": " << Err.Message;
  if (!S)
    return nullptr;
  EXPECT_EQ(S->documents().size(), 1u);
  return S->documents().empty() ? nullptr : S->documents()[0];
}

/// The error parsing \p Text gives; fails the test when it parses.
Error failure(std::string_view Text, const Limits &L = Limits()) {
  Error Err;
  std::optional<Stream> S = parse(Text, L, Err);
  EXPECT_FALSE(S) << "parsed: " << Text.substr(0, 80);
  return Err;
}

const Node *get(const Node *M, std::string_view Key) {
  if (!M || !M->isMapping())
    return nullptr;
  for (const KeyValue &KV : M->Entries)
    if (KV.Key->Value == Key)
      return KV.Value;
  return nullptr;
}

TEST(YamlTest, BlockMappingAndSequence) {
  std::optional<Stream> S;
  const Node *R = root(S, "name: shop\nitems:\n  - a\n  - b\nnested:\n  k: v\n");
  ASSERT_TRUE(R && R->isMapping());
  EXPECT_FALSE(R->Flow);
  ASSERT_EQ(R->Entries.size(), 3u);
  EXPECT_EQ(R->Entries[0].Key->Value, "name");
  EXPECT_EQ(R->Entries[0].Value->Value, "shop");
  const Node *Items = get(R, "items");
  ASSERT_TRUE(Items && Items->isSequence());
  ASSERT_EQ(Items->Items.size(), 2u);
  EXPECT_EQ(Items->Items[1]->Value, "b");
  const Node *Nested = get(R, "nested");
  ASSERT_TRUE(Nested && Nested->isMapping());
  EXPECT_EQ(get(Nested, "k")->Value, "v");
}

TEST(YamlTest, FlowCollections) {
  std::optional<Stream> S;
  const Node *R = root(S, "{a: [1, 2, [x]], b: {c: d}}");
  ASSERT_TRUE(R && R->isMapping());
  EXPECT_TRUE(R->Flow);
  const Node *A = get(R, "a");
  ASSERT_TRUE(A && A->isSequence());
  EXPECT_TRUE(A->Flow);
  ASSERT_EQ(A->Items.size(), 3u);
  EXPECT_TRUE(A->Items[2]->isSequence());
  EXPECT_EQ(A->Items[2]->Items[0]->Value, "x");
  EXPECT_EQ(get(get(R, "b"), "c")->Value, "d");
}

TEST(YamlTest, PositionsAreLinesAndByteColumns) {
  std::optional<Stream> S;
  // "é" and "ü" are two bytes each, "€" three: libyaml counts them as one.
  const Node *R = root(S, "é: ü\nkey: €€ x\n  # c\nlast: [a, bb]\n");
  ASSERT_TRUE(R);
  const KeyValue &First = R->Entries[0];
  EXPECT_EQ(First.Key->Start.Line, 1u);
  EXPECT_EQ(First.Key->Start.Column, 1u);
  EXPECT_EQ(First.Value->Start.Column, 5u);
  EXPECT_EQ(First.Value->Start.Offset, 4u);
  EXPECT_EQ(First.Value->End.Column, 7u);
  const Node *V = get(R, "key");
  EXPECT_EQ(V->Start.Line, 2u);
  EXPECT_EQ(V->Start.Column, 6u);
  EXPECT_EQ(V->Start.Offset, 12u);
  EXPECT_EQ(V->Value, "€€ x");
  const Node *Last = get(R, "last");
  EXPECT_EQ(Last->Start.Line, 4u);
  EXPECT_EQ(Last->Start.Column, 7u);
  EXPECT_EQ(Last->Items[1]->Start.Column, 11u);
  EXPECT_EQ(Last->End.Column, 14u);
}

TEST(YamlTest, PositionsFarIntoALongLine) {
  // Past several of the reader's checkpoints (every 32 characters).
  std::string Wide;
  for (int I = 0; I < 100; ++I)
    Wide += "\xc3\xa9";
  Error Err = failure("k: v\n" + Wide + ": *a\n");
  EXPECT_EQ(Err.At.Line, 2u);
  EXPECT_EQ(Err.At.Column, 203u);
  EXPECT_EQ(Err.At.Offset, 5u + 202);
  std::optional<Stream> S;
  const Node *R = root(S, Wide + ": [" + Wide + ", x]\n");
  ASSERT_TRUE(R);
  const Node *L = R->Entries[0].Value;
  EXPECT_EQ(L->Start.Column, 203u);
  EXPECT_EQ(L->Items[0]->Start.Column, 204u);
  EXPECT_EQ(L->Items[1]->Start.Column, 406u);
}

TEST(YamlTest, ByteOrderMarkIsSkipped) {
  std::optional<Stream> S;
  const Node *R = root(S, "\xef\xbb\xbf" "a: 1\n");
  ASSERT_TRUE(R && R->isMapping());
  EXPECT_EQ(R->Entries[0].Key->Value, "a");
  // Columns count from after the mark, offsets from the start of the text.
  EXPECT_EQ(R->Entries[0].Key->Start.Column, 1u);
  EXPECT_EQ(R->Entries[0].Value->Start.Column, 4u);
  EXPECT_EQ(R->Entries[0].Value->Start.Offset, 6u);
}

TEST(YamlTest, CarriageReturnLineEnds) {
  std::optional<Stream> S;
  const Node *R = root(S, "a: 1\r\nb: 2\r\n");
  ASSERT_TRUE(R);
  EXPECT_EQ(get(R, "b")->Start.Line, 2u);
  EXPECT_EQ(get(R, "b")->Start.Column, 4u);
}

TEST(YamlTest, NullRules) {
  std::optional<Stream> S;
  const Node *R = root(S, "a:\nb: ~\nc: null\nd: Null\ne: NULL\nf: nULL\n"
                          "g: 'null'\nh: \"\"\ni: !!str ~\nj: nil\n");
  ASSERT_TRUE(R);
  for (const char *K : {"a", "b", "c", "d", "e"}) {
    ASSERT_TRUE(get(R, K)) << K;
    EXPECT_TRUE(get(R, K)->isNull()) << K;
  }
  for (const char *K : {"f", "g", "h", "i", "j"}) {
    ASSERT_TRUE(get(R, K)) << K;
    EXPECT_TRUE(get(R, K)->isScalar()) << K;
  }
  // A missing value is a Null where it would be.
  EXPECT_EQ(get(R, "a")->Start.Line, 1u);
  EXPECT_EQ(get(R, "a")->Start.Column, 3u);
  // "null" as a key is the word.
  const Node *K = root(S, "null: 1\n");
  ASSERT_TRUE(K);
  EXPECT_TRUE(K->Entries[0].Key->isScalar());
  EXPECT_EQ(K->Entries[0].Key->Value, "null");
  // Items and flow values may be missing too.
  const Node *L = root(S, "- \n- x\n");
  ASSERT_TRUE(L && L->isSequence());
  EXPECT_TRUE(L->Items[0]->isNull());
  const Node *F = root(S, "{a: , b}");
  ASSERT_TRUE(F);
  EXPECT_TRUE(get(F, "a")->isNull());
  EXPECT_TRUE(get(F, "b")->isNull());
}

TEST(YamlTest, QuotedAndPlainScalars) {
  std::optional<Stream> S;
  const Node *R =
      root(S, "a: true\nb: \"true\"\nc: 'it''s'\nd: \"tab\\there\\u00e9\"\n");
  ASSERT_TRUE(R);
  EXPECT_TRUE(get(R, "a")->isPlain());
  EXPECT_EQ(get(R, "b")->Style, ScalarStyle::DoubleQuoted);
  EXPECT_FALSE(get(R, "b")->isPlain());
  EXPECT_EQ(get(R, "c")->Style, ScalarStyle::SingleQuoted);
  EXPECT_EQ(get(R, "c")->Value, "it's");
  EXPECT_EQ(get(R, "d")->Value, "tab\there\xc3\xa9");
  EXPECT_EQ(asBool(*get(R, "a")), true);
  // Typed from the text, quoted or not, as the readers always took them.
  EXPECT_EQ(asBool(*get(R, "b")), true);
  EXPECT_EQ(asBool(*get(R, "c")), std::nullopt);
}

TEST(YamlTest, BlockScalars) {
  std::optional<Stream> S;
  const Node *R = root(S, "lit: |\n  one\n  two\nfold: >-\n  one\n  two\n");
  ASSERT_TRUE(R);
  EXPECT_EQ(get(R, "lit")->Style, ScalarStyle::Literal);
  EXPECT_EQ(get(R, "lit")->Value, "one\ntwo\n");
  EXPECT_EQ(get(R, "fold")->Style, ScalarStyle::Folded);
  EXPECT_EQ(get(R, "fold")->Value, "one two");
}

TEST(YamlTest, TagsKeptAnchorsDropped) {
  std::optional<Stream> S;
  const Node *R = root(S, "a: !!str 3\nb: &x [1]\nc: !local {k: v}\nd: 4\n");
  ASSERT_TRUE(R);
  EXPECT_EQ(get(R, "a")->Tag, "!!str");
  EXPECT_EQ(get(R, "a")->Value, "3");
  EXPECT_TRUE(get(R, "b")->isSequence());
  EXPECT_EQ(get(R, "b")->Tag, "");
  EXPECT_EQ(get(R, "c")->Tag, "!local");
  EXPECT_TRUE(get(R, "c")->isMapping());
  EXPECT_EQ(get(R, "d")->Tag, "");
}

TEST(YamlTest, DocumentsOfAStream) {
  Error Err;
  std::optional<Stream> S = parse("a: 1\n---\nb: 2\n---\n", Limits(), Err);
  ASSERT_TRUE(S) << Err.Message;
  ASSERT_EQ(S->documents().size(), 3u);
  EXPECT_TRUE(S->documents()[0]->isMapping());
  EXPECT_TRUE(S->documents()[2]->isNull());
  S = parse("", Limits(), Err);
  ASSERT_TRUE(S);
  EXPECT_EQ(S->documents().size(), 0u);
  S = parse(std::string_view(), Limits(), Err);
  ASSERT_TRUE(S);
  EXPECT_EQ(S->documents().size(), 0u);
  S = parse("# only a comment\n", Limits(), Err);
  ASSERT_TRUE(S);
  EXPECT_EQ(S->documents().size(), 0u);
  S = parse("---\n", Limits(), Err);
  ASSERT_TRUE(S);
  ASSERT_EQ(S->documents().size(), 1u);
  EXPECT_TRUE(S->documents()[0]->isNull());
}

TEST(YamlTest, StreamMovesKeepNodes) {
  Error Err;
  std::optional<Stream> S = parse("a: [b, c]\n", Limits(), Err);
  ASSERT_TRUE(S);
  const Node *Before = S->documents()[0];
  Stream Moved = std::move(*S);
  EXPECT_EQ(Moved.documents()[0], Before);
  EXPECT_EQ(get(Moved.documents()[0], "a")->Items[1]->Value, "c");
}

TEST(YamlTest, AliasesAreRefused) {
  Error Err = failure("a: &x 1\nb: *x\n");
  EXPECT_EQ(Err.Message,
            "aliases ('*...') are not supported; write the value out");
  EXPECT_EQ(Err.At.Line, 2u);
  EXPECT_EQ(Err.At.Column, 4u);
}

TEST(YamlTest, KeysMustBeScalars) {
  Error Err = failure("a: 1\n[x]: 2\n");
  EXPECT_EQ(Err.Message,
            "expected a key name, not a list; fix the YAML syntax at this place");
  EXPECT_EQ(Err.At.Line, 2u);
  EXPECT_EQ(Err.At.Column, 1u);
  Err = failure("? {k: v}\n: 2\n");
  EXPECT_EQ(Err.Message,
            "expected a key name, not a mapping; fix the YAML syntax at this place");
  Err = failure("a: 1\n? \n: v\n");
  EXPECT_EQ(Err.Message,
            "expected a key name before ':'; fix the YAML syntax at this place");
}

TEST(YamlTest, NestingLimit) {
  std::string Deep(1000000, '[');
  auto Start = std::chrono::steady_clock::now();
  Error Err = failure(Deep);
  auto Took = std::chrono::steady_clock::now() - Start;
  EXPECT_EQ(Err.Message.rfind("nesting deeper than 64 levels; ", 0), 0u)
      << Err.Message;
  EXPECT_EQ(Err.At.Line, 1u);
  EXPECT_EQ(Err.At.Column, 65u);
  EXPECT_LT(Took, std::chrono::seconds(2));
  // Exactly at the limit is fine, block or flow.
  std::string AtLimit = std::string(64, '[') + std::string(64, ']');
  std::optional<Stream> S;
  EXPECT_TRUE(root(S, AtLimit));
  Limits Small;
  Small.MaxNesting = 2;
  EXPECT_TRUE(root(S, "a: [1]\nb:\n  - 2\n", Small));
  Err = failure("a: [1]\nb:\n  c:\n    - 1\n", Small);
  EXPECT_EQ(Err.Message, "nesting deeper than 2 levels; flatten the structure");
  EXPECT_EQ(Err.At.Line, 4u);
  EXPECT_EQ(Err.At.Column, 5u);
}

TEST(YamlTest, NodeLimit) {
  Limits L;
  L.MaxNodes = 4;
  std::optional<Stream> S;
  EXPECT_TRUE(root(S, "[1, 2, 3]", L));
  Error Err = failure("[1, 2, 3, 4]", L);
  EXPECT_EQ(Err.Message, "more than 4 values in the text; no file trailguard "
                         "reads needs that many");
  EXPECT_EQ(Err.At.Column, 11u);
  // A long flat list stops at the limit, not at its end.
  std::string Many = "[";
  for (int I = 0; I < 200000; ++I)
    Many += "1,";
  Many += "1]";
  L.MaxNodes = 1000;
  Err = failure(Many, L);
  // The list is the first value, item 999 the 1001st.
  EXPECT_EQ(Err.At.Column, 2u + 2 * 999);
}

TEST(YamlTest, ByteLimit) {
  Limits L;
  L.MaxBytes = 8;
  std::optional<Stream> S;
  EXPECT_TRUE(root(S, "a: 12345", L));
  Error Err = failure("a: 123456", L);
  EXPECT_EQ(Err.Message, "the text is larger than 8 bytes; no file trailguard "
                         "reads needs that much");
}

TEST(YamlTest, TextThatIsNotUtf8) {
  Error Err = failure("a: 1\nb: x\xff\n");
  EXPECT_EQ(Err.Message, "the text is not UTF-8 (byte 0xff starts no UTF-8 "
                         "character); save the file as UTF-8");
  EXPECT_EQ(Err.At.Line, 2u);
  EXPECT_EQ(Err.At.Column, 5u);
  EXPECT_EQ(Err.At.Offset, 9u);
  // Overlong forms and surrogates are not UTF-8 either.
  EXPECT_NE(failure("a: \xc0\xaf").Message.find("not UTF-8"), std::string::npos);
  EXPECT_NE(failure("a: \xed\xa0\x80").Message.find("not UTF-8"),
            std::string::npos);
  // A truncated character at the very end.
  EXPECT_EQ(failure("a: \xc3").At.Column, 4u);
}

TEST(YamlTest, ControlCharacters) {
  Error Err = failure(std::string_view("a: 1\nb: x\0y\n", 12));
  EXPECT_EQ(Err.Message, "the text has a control character (U+0000) that "
                         "YAML does not allow; remove it");
  EXPECT_EQ(Err.At.Line, 2u);
  EXPECT_EQ(Err.At.Column, 5u);
}

TEST(YamlTest, SyntaxErrors) {
  Error Err = failure("a: 1\nb: 2\n  c: 3\n");
  EXPECT_EQ(Err.Message, "invalid YAML: mapping values are not allowed in this "
                         "context; fix the YAML syntax at this place");
  EXPECT_EQ(Err.At.Line, 3u);
  EXPECT_EQ(Err.At.Column, 4u);
  // " b" ends the inner mapping; the outer one wants a key in column 1.
  Err = failure("x: 1\ny:\n  a: 1\n b: 2\n");
  EXPECT_EQ(Err.Message, "invalid YAML: did not find expected key (while "
                         "parsing a block mapping that starts at line 1); fix "
                         "the YAML syntax at this place");
  EXPECT_EQ(Err.At.Line, 4u);
  EXPECT_EQ(Err.At.Column, 2u);
  // At the end of the text, the error is where the list that is not
  // closed starts; after multi-byte characters the column is in bytes.
  Err = failure("é: [ü, ü\n");
  EXPECT_EQ(Err.At.Line, 1u);
  EXPECT_EQ(Err.At.Column, 5u);
  EXPECT_NE(Err.Message.find("that starts here and is not closed"), std::string::npos)
      << Err.Message;
  Err = failure("é: \"ü\\q\"\n");
  EXPECT_EQ(Err.Message.rfind("invalid YAML: found unknown escape character", 0), 0u)
      << Err.Message;
  EXPECT_EQ(Err.At.Line, 1u);
  EXPECT_EQ(Err.At.Column, 8u);
  Err = failure("a:\n\t- b\n");
  EXPECT_NE(Err.Message.find("; indent with spaces"), std::string::npos)
      << Err.Message;
}

// The keys of a mapping, in the one style of all three readers.
TEST(YamlTest, KeyChecker) {
  std::optional<Stream> S;
  const Node *R = root(S, "colr: 1\nsize: 2\nsize: 3\n\"a\\nb\": 4\nq: 5\n");
  ASSERT_TRUE(R && R->isMapping());
  KeyChecker Keys({"color", "size", "q"}, {'_', 4, 0});
  EXPECT_FALSE(Keys.isKnown("colr"));
  EXPECT_EQ(Keys.check(*R->Entries[0].Key, " under 'x'"),
            "unknown key 'colr' under 'x'; did you mean 'color'?");
  EXPECT_EQ(Keys.check(*R->Entries[1].Key, " under 'x'"), std::nullopt);
  EXPECT_EQ(Keys.check(*R->Entries[2].Key, " under 'x'"),
            "duplicate key 'size' under 'x'; it is already set at line 2, "
            "remove one of them");
  // Hostile key text is shown escaped, on one line.
  EXPECT_EQ(Keys.check(*R->Entries[3].Key, ""),
            "unknown key 'a\\nb'; valid keys: color, size, q");
  EXPECT_EQ(Keys.unknown("zzz", " in event 'e'"),
            "unknown key 'zzz' in event 'e'; valid keys here: color, size, q");
  EXPECT_EQ(Keys.check(*R->Entries[4].Key, ""), std::nullopt);
}

// The readers took YAML 1.1's words through LLVM's parser; they still do.
TEST(YamlTest, BooleansTakeYaml11Words) {
  std::optional<Stream> S;
  const Node *R = root(S, "[yes, No, ON, off, y, N, 'yes', Yes!]");
  ASSERT_TRUE(R && R->isSequence());
  const std::optional<bool> Want[] = {true, false, true, false, true, false,
                                      true, std::nullopt};
  for (size_t I = 0; I < std::size(Want); ++I)
    EXPECT_EQ(asBool(*R->Items.at(I)), Want[I]) << I;
}

TEST(YamlTest, TypedScalars) {
  std::optional<Stream> S;
  const Node *R = root(
      S, "[true, True, TRUE, false, False, FALSE, tRUE, yEs, 'on', '1', 42, -7, "
         "+8, 007, 18446744073709551615, 18446744073709551616, "
         "9223372036854775807, 9223372036854775808, -9223372036854775808, "
         "-9223372036854775809, 0x10, 1e3, '5', '', -, 1_000]");
  ASSERT_TRUE(R && R->isSequence());
  auto At = [&](size_t I) -> const Node & { return *R->Items.at(I); };
  EXPECT_EQ(asBool(At(0)), true);
  EXPECT_EQ(asBool(At(1)), true);
  EXPECT_EQ(asBool(At(2)), true);
  EXPECT_EQ(asBool(At(3)), false);
  EXPECT_EQ(asBool(At(4)), false);
  EXPECT_EQ(asBool(At(5)), false);
  for (size_t I : {6, 7, 9, 10})
    EXPECT_EQ(asBool(At(I)), std::nullopt) << I;
  EXPECT_EQ(asBool(At(8)), true);  // 'on', quoted
  EXPECT_EQ(asInteger(At(10)), 42);
  EXPECT_EQ(asUnsigned(At(10)), 42u);
  EXPECT_EQ(asInteger(At(11)), -7);
  EXPECT_EQ(asUnsigned(At(11)), std::nullopt);
  EXPECT_EQ(asInteger(At(12)), 8);
  EXPECT_EQ(asUnsigned(At(12)), std::nullopt);
  EXPECT_EQ(asInteger(At(13)), 7);
  EXPECT_EQ(asUnsigned(At(14)), 18446744073709551615ull);
  EXPECT_EQ(asInteger(At(14)), std::nullopt);
  EXPECT_EQ(asUnsigned(At(15)), std::nullopt);
  EXPECT_EQ(asInteger(At(16)), 9223372036854775807ll);
  EXPECT_EQ(asInteger(At(17)), std::nullopt);
  EXPECT_EQ(asInteger(At(18)), -9223372036854775807ll - 1);
  EXPECT_EQ(asInteger(At(19)), std::nullopt);
  EXPECT_EQ(asUnsigned(At(9)), 1u);  // '1', quoted
  EXPECT_EQ(asInteger(At(22)), 5);   // '5'
  for (size_t I : {20, 21, 23, 24, 25}) {
    EXPECT_EQ(asInteger(At(I)), std::nullopt) << I;
    EXPECT_EQ(asUnsigned(At(I)), std::nullopt) << I;
  }
  Node Null;
  EXPECT_EQ(asBool(Null), std::nullopt);
  EXPECT_EQ(asInteger(Null), std::nullopt);
}

TEST(YamlTest, ReadTextFile) {
  std::string Text, Why;
  EXPECT_FALSE(readTextFile("/", 1024, Text, Why));
  EXPECT_EQ(Why, "is a directory");
  EXPECT_FALSE(readTextFile("/nonexistent/trailguard.yaml", 1024, Text, Why));
  EXPECT_EQ(Why, "no such file or directory");

  char Name[] = "/tmp/trailguard-yaml-test-XXXXXX";
  int Fd = mkstemp(Name);
  ASSERT_GE(Fd, 0);
  ASSERT_EQ(write(Fd, "a: 1\n", 5), 5);
  close(Fd);
  EXPECT_TRUE(readTextFile(Name, 5, Text, Why)) << Why;
  EXPECT_EQ(Text, "a: 1\n");
  EXPECT_FALSE(readTextFile(Name, 4, Text, Why));
  EXPECT_EQ(Why, "is larger than 4 bytes");
  EXPECT_TRUE(Text.empty());
  std::remove(Name);
}

TEST(YamlTest, FormatError) {
  EXPECT_EQ(formatError("a.yaml", {3, 7, 20}, "expected a key name"),
            "a.yaml:3:7: expected a key name");
  EXPECT_EQ(formatError("a\nb.yaml", {1, 1, 0}, "m"), "a\\nb.yaml:1:1: m");
  EXPECT_EQ(formatError("a.yaml", Mark(), "m"), "a.yaml: m");
}

TEST(YamlDiagnosticsTest, ClosestWord) {
  std::vector<std::string_view> Keys = {"header-filter", "checks", "version"};
  EXPECT_EQ(closestWord("checsk", Keys, {'-', 5, 0}), "checks");
  EXPECT_EQ(closestWord("Header_Filter", Keys, {'-', 5, 0}), "header-filter");
  EXPECT_EQ(closestWord("zzzzzzzzzz", Keys, {'-', 5, 0}), std::nullopt);
  // A hostile long key costs a bounded comparison.
  std::string Long(1 << 20, 'c');
  auto Start = std::chrono::steady_clock::now();
  closestWord(Long, Keys, {'-', 5, 0});
  EXPECT_LT(std::chrono::steady_clock::now() - Start, std::chrono::seconds(1));
  EXPECT_EQ(editDistance("kitten", "sitting", 0), 3u);
  EXPECT_EQ(editDistance("kitten", "sitting", 2), 3u);
  EXPECT_EQ(editDistance("", "abc", 0), 3u);
  EXPECT_EQ(editDistance("abc", "abc", 1), 0u);
}

TEST(YamlDiagnosticsTest, ShownText) {
  EXPECT_EQ(shownText("a\nb\xff"), "a\\nb\\xff");
  EXPECT_EQ(shownText("x\xe2\x80\xae"), "x\\u202e");
}

} // namespace
