//===--- SchemaReaderTest.cpp - schema.yaml reader tests ------------------===//
//
// The reader's model of a full schema, and the exact place and text of every
// error it reports.
//
//===----------------------------------------------------------------------===//

#include "Schema.h"

#include "gtest/gtest.h"

#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>

namespace trailguard {
namespace gen {
namespace {

const char FullSchema[] = R"(format: 1
namespace: shop::audit
service: shop
version: "1.2"
events:
  - name: authn.login_success
    version: "1.0"
    description: A user logged in.
    outcome: success
    ocsf: { class_uid: 3002, activity_id: 1 }
    ecs: { category: [authentication], type: [start] }
    context: [actor, session, source_address, request_id]
    fields:
      - name: user_id
        type: string
        tier: restricted
        required: true
        description: The user's id.
        max_length: 64
        pattern: "^[a-z0-9_]+$"
      - name: method
        type: enum
        tier: unrestricted
        members: [password, totp, webauthn]
      - name: roles
        type: string_list
        tier: unrestricted
        max_length: 32
      - name: legacy_method
        type: string
        tier: unrestricted
        deprecated: { since: "1.1", replaced_by: method }
  - name: authn.login_failure
    version: "2.3"
    outcome: failure
    context: [source_address]
    deprecated: { since: "1.3", replaced_by: authn.login_success }
    fields:
      - { name: attempts, type: uint64, tier: unrestricted }
      - { name: delta, type: int64, tier: unrestricted }
      - { name: score, type: double, tier: unrestricted }
      - { name: at, type: timestamp, tier: unrestricted }
      - { name: took, type: duration, tier: unrestricted }
      - { name: peer, type: ip_address, tier: sensitive }
      - { name: locked, type: bool, tier: unrestricted, required: false }
)";

TEST(SchemaReader, FullSchema) {
  std::string Error;
  std::optional<Schema> S = parseSchema(FullSchema, "s.yaml", Error);
  ASSERT_TRUE(S) << Error;
  EXPECT_EQ(S->Path, "s.yaml");
  EXPECT_EQ(S->FormatVersion, 1u);
  EXPECT_EQ(S->Namespace, "shop::audit");
  EXPECT_EQ(S->Service, "shop");
  EXPECT_EQ(S->SchemaVersion.Major, 1u);
  EXPECT_EQ(S->SchemaVersion.Minor, 2u);
  ASSERT_EQ(S->Events.size(), 2u);

  const Event &E = S->Events[0];
  EXPECT_EQ(E.Name, "authn.login_success");
  EXPECT_EQ(E.EventVersion.Major, 1u);
  EXPECT_EQ(E.EventVersion.Minor, 0u);
  EXPECT_EQ(E.Description, "A user logged in.");
  EXPECT_EQ(E.Outcome, std::optional<std::string>("success"));
  EXPECT_EQ(E.Mappings.OcsfClassUid, std::optional<unsigned>(3002));
  EXPECT_EQ(E.Mappings.OcsfActivityId, std::optional<unsigned>(1));
  EXPECT_EQ(E.Mappings.EcsCategory, std::vector<std::string>{"authentication"});
  EXPECT_EQ(E.Mappings.EcsType, std::vector<std::string>{"start"});
  EXPECT_EQ(E.Context, (std::vector<ContextField>{ContextField::Actor,
                                                  ContextField::Session,
                                                  ContextField::SourceAddress,
                                                  ContextField::RequestId}));
  EXPECT_EQ(E.DeprecatedSince, "");
  EXPECT_EQ(E.Pos.Line, 6u);
  EXPECT_EQ(E.Pos.Column, 5u);
  ASSERT_EQ(E.Fields.size(), 4u);

  const Field &U = E.Fields[0];
  EXPECT_EQ(U.Name, "user_id");
  EXPECT_EQ(U.Type, FieldType::String);
  EXPECT_EQ(U.Tier, FieldTier::restricted);
  EXPECT_TRUE(U.Required);
  EXPECT_EQ(U.Description, "The user's id.");
  EXPECT_EQ(U.MaxLength, std::optional<uint64_t>(64));
  EXPECT_EQ(U.Pattern, "^[a-z0-9_]+$");
  EXPECT_TRUE(U.EnumMembers.empty());
  EXPECT_EQ(U.Pos.Line, 14u);
  EXPECT_EQ(U.Pos.Column, 9u);

  const Field &M = E.Fields[1];
  EXPECT_EQ(M.Type, FieldType::Enum);
  EXPECT_EQ(M.Tier, FieldTier::unrestricted);
  EXPECT_FALSE(M.Required);
  EXPECT_EQ(M.EnumMembers,
            (std::vector<std::string>{"password", "totp", "webauthn"}));
  EXPECT_EQ(E.Fields[2].Type, FieldType::StringList);
  EXPECT_EQ(E.Fields[2].MaxLength, std::optional<uint64_t>(32));
  EXPECT_EQ(E.Fields[3].DeprecatedSince, "1.1");
  EXPECT_EQ(E.Fields[3].ReplacedBy, "method");

  const Event &F = S->Events[1];
  EXPECT_EQ(F.EventVersion.Major, 2u);
  EXPECT_EQ(F.EventVersion.Minor, 3u);
  EXPECT_EQ(F.Outcome, std::optional<std::string>("failure"));
  EXPECT_FALSE(F.Mappings.OcsfClassUid.has_value());
  EXPECT_EQ(F.Context, std::vector<ContextField>{ContextField::SourceAddress});
  EXPECT_EQ(F.DeprecatedSince, "1.3");
  EXPECT_EQ(F.ReplacedBy, "authn.login_success");
  ASSERT_EQ(F.Fields.size(), 7u);
  const FieldType Types[] = {FieldType::UInt64,   FieldType::Int64,
                             FieldType::Double,   FieldType::Timestamp,
                             FieldType::Duration, FieldType::IpAddress,
                             FieldType::Bool};
  for (size_t I = 0; I < 7; ++I)
    EXPECT_EQ(F.Fields[I].Type, Types[I]) << I;
  EXPECT_EQ(F.Fields[5].Tier, FieldTier::sensitive);
}

TEST(SchemaReader, DefaultContextIsAllFour) {
  std::string Error;
  std::optional<Schema> S = parseSchema(
      "format: 1\nnamespace: a\nservice: a\nversion: \"1.0\"\nevents:\n"
      "  - name: ping\n    version: \"1.0\"\n",
      "s.yaml", Error);
  ASSERT_TRUE(S) << Error;
  EXPECT_EQ(S->Events[0].Context.size(), 4u);
  EXPECT_TRUE(S->Events[0].Fields.empty());
}

TEST(SchemaReader, Names) {
  EXPECT_EQ(typeName(FieldType::IpAddress), "ip_address");
  EXPECT_EQ(typeName(FieldType::StringList), "string_list");
  EXPECT_EQ(typeName(FieldType::UInt64), "uint64");
  EXPECT_EQ(tierName(FieldTier::sensitive), "sensitive");
  EXPECT_EQ(tierName(FieldTier::restricted), "restricted");
  EXPECT_EQ(tierName(FieldTier::unrestricted), "unrestricted");
  EXPECT_EQ(contextName(ContextField::SourceAddress), "source_address");
  EXPECT_EQ(contextName(ContextField::RequestId), "request_id");
  EXPECT_EQ(eventTypeName("authn.login_success"), "AuthnLoginSuccess");
  EXPECT_EQ(eventTypeName("ping"), "Ping");
}

TEST(SchemaReader, ReadSchemaFromFile) {
  char Path[] = "/tmp/schema-XXXXXX.yaml";
  int FD = ::mkstemps(Path, 5);
  ASSERT_GE(FD, 0);
  ::close(FD);
  {
    std::ofstream OS(Path, std::ios::binary);
    OS << FullSchema;
    ASSERT_TRUE(OS.good());
  }
  std::string Error;
  std::optional<Schema> S = readSchema(Path, Error);
  std::remove(Path);
  ASSERT_TRUE(S) << Error;
  EXPECT_EQ(S->Events.size(), 2u);

  std::optional<Schema> Missing = readSchema("/nonexistent/schema.yaml", Error);
  ASSERT_FALSE(Missing);
  EXPECT_EQ(Error,
            "cannot read /nonexistent/schema.yaml: no such file or directory; "
            "check the path");
}

const char Head[] =
    "format: 1\nnamespace: a\nservice: a\nversion: \"1.0\"\nevents:\n";

/// The error for a schema; Head is lines 1-5, so the first event is line 6.
std::string errorOf(const std::string &Text) {
  std::string Error;
  std::optional<Schema> S = parseSchema(Text, "s.yaml", Error);
  if (S)
    return "<no error>";
  return Error;
}

std::string withField(const std::string &FieldText) {
  return std::string(Head) +
         "  - name: ping\n    version: \"1.0\"\n"
         "    fields:\n" +
         FieldText;
}

struct Case {
  const char *Name;
  std::string Text;
  const char *Error;
};

class SchemaErrors : public ::testing::TestWithParam<Case> {};

TEST_P(SchemaErrors, ExactMessage) {
  EXPECT_EQ(errorOf(GetParam().Text), GetParam().Error);
}

// Line 9 is the first field line in withField().
const Case Cases[] = {
    {"UnknownTopKey", "format: 1\nnamespce: a\n",
     "s.yaml:2:1: unknown key 'namespce'; did you mean 'namespace'?"},
    {"UnknownFieldKey", withField("      - name: x\n        tpye: string\n"),
     "s.yaml:10:9: unknown key 'tpye' in field 'x' of event 'ping'; did you "
     "mean 'type'?"},
    {"UnknownEventKey",
     std::string(Head) + "  - name: ping\n    verison: \"1.0\"\n",
     "s.yaml:7:5: unknown key 'verison' in event 'ping'; did you mean "
     "'version'?"},
    {"DuplicateYamlKey", "format: 1\nformat: 1\n",
     "s.yaml:2:1: duplicate key 'format'; it is already set at line 1, "
     "remove one of them"},
    {"DuplicateEvent",
     std::string(Head) + "  - name: ping\n    version: \"1.0\"\n"
                         "  - name: ping\n    version: \"1.0\"\n",
     "s.yaml:8:5: duplicate event 'ping'; it is already defined at line 6, "
     "rename or remove one of them"},
    {"StructNameCollision",
     std::string(Head) + "  - name: a.b_c\n    version: \"1.0\"\n"
                         "  - name: a_b.c\n    version: \"1.0\"\n",
     "s.yaml:8:5: events 'a.b_c' and 'a_b.c' both generate the struct 'ABC'; "
     "rename one of them"},
    {"DuplicateField",
     withField("      - { name: x, type: bool, tier: unrestricted }\n"
               "      - { name: x, type: bool, tier: unrestricted }\n"),
     "s.yaml:10:11: duplicate field 'x' in event 'ping'; it is already "
     "defined at line 9, rename or remove one of them"},
    {"DuplicateMember",
     withField("      - { name: x, type: enum, tier: unrestricted, "
               "members: [a, b, a] }\n"),
     "s.yaml:9:68: duplicate enum member 'a' in field 'x' of event 'ping'; "
     "it is already listed at line 9, remove one of them"},
    {"KeywordField",
     withField("      - { name: class, type: bool, tier: unrestricted }\n"),
     "s.yaml:9:17: invalid field name 'class': it is a C++ keyword; use a "
     "snake_case C++ identifier such as user_id"},
    {"Cxx20KeywordMember",
     withField("      - { name: x, type: enum, tier: unrestricted, "
               "members: [co_await] }\n"),
     "s.yaml:9:62: invalid enum member 'co_await' in field 'x' of event "
     "'ping': it is a C++ keyword; use a C++ identifier such as password"},
    {"ReservedUnderscoreUpper",
     withField("      - { name: x, type: enum, tier: unrestricted, "
               "members: [_Secret] }\n"),
     "s.yaml:9:62: invalid enum member '_Secret' in field 'x' of event "
     "'ping': it starts with '_' and an uppercase letter, which is reserved "
     "in C++; use a C++ identifier such as password"},
    {"DoubleUnderscore",
     withField("      - { name: a__b, type: bool, tier: unrestricted }\n"),
     "s.yaml:9:17: invalid field name 'a__b': it contains '__', which is "
     "reserved in C++; use a snake_case C++ identifier such as user_id"},
    {"NotSnakeCase",
     withField("      - { name: userId, type: bool, tier: unrestricted }\n"),
     "s.yaml:9:17: invalid field name 'userId': it is not snake_case; use a "
     "snake_case C++ identifier such as user_id"},
    {"KeywordNamespace", "format: 1\nnamespace: shop::new\n",
     "s.yaml:2:12: invalid namespace 'shop::new': 'new' is a C++ keyword; "
     "write C++ identifiers separated by '::', such as shop::audit"},
    {"BadEventName",
     std::string(Head) + "  - name: Authn.Login\n    version: \"1.0\"\n",
     "s.yaml:6:11: invalid event name 'Authn.Login'; write lowercase "
     "identifiers joined by dots, such as authn.login_success"},
    {"UnknownType", withField("      - name: x\n        type: strng\n"),
     "s.yaml:10:15: unknown type 'strng' in field 'x' of event 'ping'; did "
     "you mean 'string'?"},
    {"MissingTier", withField("      - name: user_id\n        type: string\n"),
     "s.yaml:9:9: field 'user_id' of event 'ping' has no tier; add 'tier: "
     "sensitive|restricted|unrestricted' — there is no default"},
    {"UnknownTier",
     withField("      - { name: x, type: bool, tier: secret }\n"),
     "s.yaml:9:38: unknown tier 'secret' in field 'x' of event 'ping'; "
     "write sensitive, restricted or unrestricted"},
    {"VersionWithoutMinor",
     "format: 1\nnamespace: a\nservice: a\nversion: \"1\"\n",
     "s.yaml:4:10: invalid version '1' for 'version'; write major.minor in "
     "quotes, such as \"1.0\""},
    {"VersionX", "format: 1\nnamespace: a\nservice: a\nversion: 1.x\n",
     "s.yaml:4:10: invalid version '1.x' for 'version'; write major.minor in "
     "quotes, such as \"1.0\""},
    {"VersionAsFloat", "format: 1\nnamespace: a\nservice: a\nversion: 1.10\n",
     "s.yaml:4:10: version 1.10 for 'version' is written as a YAML number "
     "(other YAML readers take 1.10 as 1.1); quote it: \"1.10\""},
    {"MissingRequiredTopKey",
     "format: 1\nnamespace: a\nversion: \"1.0\"\nevents:\n"
     "  - name: ping\n    version: \"1.0\"\n",
     "s.yaml:1:1: missing 'service'; add 'service: shop'"},
    {"MissingEventVersion", std::string(Head) + "  - name: ping\n",
     "s.yaml:6:5: missing 'version' in event 'ping'; add 'version: \"1.0\"'"},
    {"WrongNodeKind", "format: 1\nevents: ping\n",
     "s.yaml:2:9: expected a list for 'events'; write one '- name: ...' "
     "entry per event"},
    {"WrongFieldsKind",
     std::string(Head) + "  - name: ping\n    version: \"1.0\"\n"
                         "    fields: { name: x }\n",
     "s.yaml:8:15: expected a list for 'fields'; write one '- name: ...' "
     "entry per field"},
    {"UnsupportedFormat", "format: 2\n",
     "s.yaml:1:9: unsupported schema format '2'; this trailguard-gen reads "
     "'format: 1'"},
    {"SyntaxError", "format: 1\nnamespace: [a\n",
     "s.yaml:3:1: did not find expected ',' or ']' (while parsing a flow "
     "sequence that starts at line 2); fix the YAML syntax at this place"},
    {"Tab", "format: 1\n\tnamespace: a\n",
     "s.yaml:2:1: found a tab character that violates indentation (while "
     "scanning a plain scalar that starts at line 1); indent with spaces, "
     "YAML takes no tabs there"},
    {"EmptyEvents",
     "format: 1\nnamespace: a\nservice: a\nversion: \"1.0\"\n"
     "events: []\n",
     "s.yaml:5:10: 'events' is empty; list at least one event"},
    {"Empty", "", "s.yaml: the schema is empty; start with 'format: 1'"},
    {"MembersOnString",
     withField("      - { name: x, type: string, tier: unrestricted, "
               "members: [a] }\n"),
     "s.yaml:9:64: 'members' in field 'x' of event 'ping' is only for enum "
     "fields; remove it or write 'type: enum'"},
    {"EnumWithoutMembers",
     withField("      - { name: x, type: enum, tier: unrestricted }\n"),
     "s.yaml:9:11: enum field 'x' of event 'ping' has no members; add 'members: [a, b]'"},
    {"MaxLengthOnBool",
     withField("      - { name: x, type: bool, tier: unrestricted, "
               "max_length: 3 }\n"),
     "s.yaml:9:64: 'max_length' in field 'x' of event 'ping' is only for "
     "string and string_list fields; remove it"},
    {"UnknownContext",
     std::string(Head) + "  - name: ping\n    version: \"1.0\"\n"
                         "    context: [actor, sesion]\n",
     "s.yaml:8:22: unknown context field 'sesion' in event 'ping'; did you "
     "mean 'session'?"},
    {"BadOutcome",
     std::string(Head) + "  - name: ping\n    version: \"1.0\"\n"
                         "    outcome: ok\n",
     "s.yaml:8:14: invalid outcome 'ok' in event 'ping'; write success or "
     "failure, or omit it"},
    {"ReplacedByUnknownField",
     withField(
         "      - name: x\n        type: bool\n        tier: unrestricted\n"
         "        deprecated: { since: \"1.1\", replaced_by: y }\n"),
     "s.yaml:12:50: field 'x' of event 'ping' is replaced by 'y', which is not "
     "another field of the event; name an existing field in 'replaced_by'"},
    {"ReplacedByUnknownEvent",
     std::string(Head) +
         "  - name: ping\n    version: \"1.0\"\n"
         "    deprecated: { since: \"1.1\", replaced_by: pong }\n",
     "s.yaml:8:46: event 'ping' is replaced by 'pong', which is not another "
     "event of the schema; name an existing event in 'replaced_by'"},
    {"DeprecatedWithoutSince",
     std::string(Head) + "  - name: ping\n    version: \"1.0\"\n"
                         "    deprecated: { replaced_by: pong }\n",
     "s.yaml:8:19: missing 'since' under 'deprecated' in event 'ping'; add "
     "'since: \"1.1\"', the version that deprecated it"},
    {"DuplicateContext",
     std::string(Head) + "  - name: ping\n    version: \"1.0\"\n"
                         "    context: [actor, actor]\n",
     "s.yaml:8:22: duplicate context field 'actor' in event 'ping'; remove one "
     "of them"},
    {"MissingFieldName",
     withField("      - { type: bool, tier: unrestricted }\n"),
     "s.yaml:9:11: missing 'name' in a field of event 'ping'; add 'name: "
     "user_id'"},
    {"Alias", "format: &f 1\nnamespace: *f\n",
     "s.yaml:2:12: aliases ('*...') are not supported; write the value out"},
    {"SecondDocument",
     std::string(Head) + "  - name: ping\n    version: \"1.0\"\n---\nx: 1\n",
     "s.yaml:9:1: a second YAML document; the schema is one document: remove "
     "the '---' line above"},
    {"TopLevelList", "- a\n",
     "s.yaml:1:1: expected keys at the top level, starting with 'format: 1'"},
    {"DeepNesting", "format: 1\nevents: " + std::string(200, '[') + "\n",
     "s.yaml:2:72: nesting deeper than 64 levels; flatten the structure"},
    // Runs that made LLVM's parser recurse once per ',' and per '...',
    // whatever the nesting: a syntax error, and nothing, to libyaml.
    {"CommaRun", "format: 1\nevents: [" + std::string(1000000, ',') + "]\n",
     "s.yaml:2:10: did not find expected node content (while parsing a flow "
     "node that starts at line 2); fix the YAML syntax at this place"},
    {"CommaRunInMapping",
     "format: 1\nevents: {a: 1" + std::string(1000000, ',') + "}\n",
     "s.yaml:2:15: did not find expected node content (while parsing a flow "
     "node that starts at line 2); fix the YAML syntax at this place"},
    {"DocumentEndRun", "format: 1\n" + [] {
       std::string Ends;
       for (int I = 0; I < 1000000; ++I)
         Ends += "...\n";
       return Ends;
     }(),
     "s.yaml:1:1: missing 'namespace'; add 'namespace: shop::audit'"},
};

INSTANTIATE_TEST_SUITE_P(All, SchemaErrors, ::testing::ValuesIn(Cases),
                         [](const ::testing::TestParamInfo<Case> &I) {
                           return std::string(I.param.Name);
                         });

// Shown text is cut on a character boundary, and bytes that are not UTF-8 or
// that control the terminal are escaped.
TEST(SchemaReader, ShownTextIsCutOnACharacter) {
  std::string Name = std::string(59, 'a') + "\u00e9\u00e9";
  EXPECT_EQ(errorOf(withField("      - { name: \"" + Name +
                              "\", type: bool, tier: unrestricted }\n")),
            "s.yaml:9:17: invalid field name '" + std::string(59, 'a') +
                "\u00e9...': it contains '\u00e9', which is not allowed in a "
                "C++ identifier; use a snake_case C++ identifier such as "
                "user_id");
}

TEST(SchemaReader, ShownTextIsEscaped) {
  EXPECT_EQ(errorOf(withField("      - { name: \"a\\rb\\u202e\\x85\", type: "
                              "bool, tier: unrestricted }\n")),
            "s.yaml:9:17: invalid field name 'a\\x0db\\u202e\\u0085': it "
            "contains '\\x0d', which is not allowed in a C++ identifier; use "
            "a snake_case C++ identifier such as user_id");
  // A byte that is not UTF-8 never reaches a message: YAML text is UTF-8.
  EXPECT_EQ(errorOf(withField("      - { name: \"a\\rb\\u202e\xff\", type: "
                              "bool, tier: unrestricted }\n")),
            "s.yaml:9:28: the text is not UTF-8 (byte 0xff starts no UTF-8 "
            "character); save the file as UTF-8");
}

TEST(SchemaReader, BadPatternMessageEndsWithFix) {
  std::string E =
      errorOf(withField("      - { name: x, type: string, tier: unrestricted, "
                        "pattern: \"[a-\" }\n"));
  // The middle is the standard library's own explanation.
  const std::string Start =
      "s.yaml:9:63: invalid regular expression '[a-' in 'pattern': ";
  const std::string End =
      "; write an ECMAScript regular expression such as \"^[a-z]+$\"";
  EXPECT_EQ(E.compare(0, Start.size(), Start), 0) << E;
  EXPECT_TRUE(E.size() >= End.size() &&
              E.compare(E.size() - End.size(), End.size(), End) == 0)
      << E;
}

} // namespace
} // namespace gen
} // namespace trailguard
