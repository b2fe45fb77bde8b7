//===--- ConfigTest.cpp - .trailguard.yaml --------------------------------===//
//
// Reading the configuration file: a complete file, the defaults, and each
// mistake reported at its exact line and column with how to fix it.
//
//===----------------------------------------------------------------------===//

#include "Config.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <string>

using trailguard::Config;
using trailguard::ConfigLoader;
using trailguard::loadConfig;
using trailguard::Tier;

namespace {

/// A temporary .yaml file holding some text, removed at the end of the test.
class TempYaml {
public:
  explicit TempYaml(llvm::StringRef Text) {
    int FD;
    EXPECT_FALSE(llvm::sys::fs::createTemporaryFile("trailguard-config", "yaml",
                                                    FD, Path));
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Text;
  }
  ~TempYaml() { llvm::sys::fs::remove(Path); }
  llvm::StringRef path() const { return Path; }

private:
  llvm::SmallString<128> Path;
};

/// Loads \p Text as a configuration file; "" if it is valid, else the error
/// message with the file's path replaced by "PATH".
std::string errorFor(llvm::StringRef Text) {
  TempYaml File(Text);
  llvm::Expected<Config> C = loadConfig(File.path());
  if (C)
    return "";
  std::string Message = llvm::toString(C.takeError());
  if (llvm::StringRef(Message).starts_with(File.path()))
    Message = "PATH" + Message.substr(File.path().size());
  return Message;
}

Config load(llvm::StringRef Text) {
  TempYaml File(Text);
  llvm::Expected<Config> C = loadConfig(File.path());
  if (!C) {
    ADD_FAILURE() << llvm::toString(C.takeError());
    return Config();
  }
  return std::move(*C);
}

const char *const FullFile = R"(# .trailguard.yaml
version: 1
checks: "trailguard-*,-trailguard-unparameterized-audit"
header-filter: "src/.*"
infer-sensitive-names: true
sources:
  - name: "legacy::User::password"
    tier: sensitive
  - name: legacy::User::email
    tier: restricted
  - name: "::legacy::token"
log-sinks:
  - name: "mylog::write"
    args: [1, 2]
  - name: mylog::all
audit-sinks:
  - name: "audit::record"
    message-arg: 0
  - name: audit::note
declassifiers:
  - "crypto::hmac_hex"
  - redact
log-sink-classes:
  - mylib::DebugStream
policy:
  log: restricted
)";

TEST(ConfigTest, FullFile) {
  TempYaml File(FullFile);
  llvm::Expected<Config> Read = loadConfig(File.path());
  ASSERT_TRUE(static_cast<bool>(Read)) << llvm::toString(Read.takeError());
  const Config &C = *Read;
  EXPECT_EQ(C.Path, File.path().str());
  EXPECT_EQ(C.Checks, "trailguard-*,-trailguard-unparameterized-audit");
  EXPECT_EQ(C.HeaderFilter, "src/.*");
  EXPECT_TRUE(C.InferSensitiveNames);

  ASSERT_EQ(C.Sources.size(), 3u);
  EXPECT_EQ(C.Sources[0].Name, "legacy::User::password");
  EXPECT_EQ(C.Sources[0].T, Tier::sensitive);
  EXPECT_EQ(C.Sources[1].Name, "legacy::User::email");
  EXPECT_EQ(C.Sources[1].T, Tier::restricted);
  EXPECT_EQ(C.Sources[2].Name, "legacy::token"); // leading '::' dropped
  EXPECT_EQ(C.Sources[2].T, Tier::sensitive);    // the default tier

  ASSERT_EQ(C.LogSinks.size(), 2u);
  EXPECT_EQ(C.LogSinks[0].Name, "mylog::write");
  EXPECT_EQ(C.LogSinks[0].Args, (std::vector<unsigned>{1, 2}));
  EXPECT_EQ(C.LogSinks[1].Name, "mylog::all");
  EXPECT_TRUE(C.LogSinks[1].Args.empty());

  ASSERT_EQ(C.AuditSinks.size(), 2u);
  EXPECT_EQ(C.AuditSinks[0].Name, "audit::record");
  EXPECT_EQ(C.AuditSinks[0].MessageArg, 0u);
  EXPECT_EQ(C.AuditSinks[1].Name, "audit::note");
  EXPECT_FALSE(C.AuditSinks[1].MessageArg.has_value());

  EXPECT_EQ(C.Declassifiers,
            (std::vector<std::string>{"crypto::hmac_hex", "redact"}));
  EXPECT_EQ(C.LogSinkClasses,
            (std::vector<std::string>{"mylib::DebugStream"}));
  EXPECT_EQ(C.LogCeiling, Tier::restricted);

  // Every name with its list and place, for the unmatched-name warnings.
  ASSERT_EQ(C.Names.size(), 10u);
  EXPECT_EQ(C.Names[0].Name, "legacy::User::password");
  EXPECT_EQ(C.Names[0].List, "sources");
  EXPECT_EQ(C.Names[0].Line, 7u);
  EXPECT_EQ(C.Names[0].Column, 11u);
  EXPECT_EQ(C.Names[9].Name, "mylib::DebugStream");
  EXPECT_EQ(C.Names[9].List, "log-sink-classes");
  EXPECT_EQ(C.Names[9].Line, 24u);
  EXPECT_EQ(C.Names[9].Column, 5u);
}

TEST(ConfigTest, DestructorSink) {
  EXPECT_EQ(errorFor("version: 1\nlog-sinks:\n  - name: a::S::~S\n"),
            "PATH:3:11: 'a::S::~S' in 'log-sinks' is a destructor, which has "
            "no arguments; to treat what objects of the class write as a "
            "log, list the class under 'log-sink-classes': '- a::S'");
  EXPECT_EQ(errorFor("version: 1\nlog-sink-classes:\n  - name: a::S\n"),
            "PATH:3:5: entries of 'log-sink-classes' are plain names: write "
            "'- mylib::DebugStream', not '- name: ...'");
}

TEST(ConfigTest, FlowStyleAndChecksList) {
  Config C = load("{version: 1, sources: [{name: a, tier: unrestricted}],\n"
                  " checks: [\"-*\", trailguard-tier-leak]}\n");
  ASSERT_EQ(C.Sources.size(), 1u);
  EXPECT_EQ(C.Sources[0].T, Tier::unrestricted);
  EXPECT_EQ(C.Checks, "-*,trailguard-tier-leak");
}

TEST(ConfigTest, EmptyFileMeansDefaults) {
  for (llvm::StringRef Text : {"", "\n", "# nothing yet\n", "---\n"}) {
    Config C = load(Text);
    Config Defaults;
    EXPECT_EQ(C.Checks, Defaults.Checks) << Text.str();
    EXPECT_EQ(C.HeaderFilter, "");
    EXPECT_FALSE(C.InferSensitiveNames);
    EXPECT_TRUE(C.Sources.empty());
    EXPECT_TRUE(C.LogSinks.empty());
    EXPECT_TRUE(C.AuditSinks.empty());
    EXPECT_TRUE(C.Declassifiers.empty());
    EXPECT_EQ(C.LogCeiling, Tier::unrestricted);
  }
}

TEST(ConfigTest, VersionAloneMeansDefaults) {
  Config C = load("version: 1\n");
  EXPECT_EQ(C.Checks, "trailguard-*");
  EXPECT_EQ(C.LogCeiling, Tier::unrestricted);
}

TEST(ConfigTest, EmptyListsAndPolicyAreAllowed) {
  Config C = load("version: 1\nsources:\nlog-sinks: []\ndeclassifiers:\n"
                  "policy:\n");
  EXPECT_TRUE(C.Sources.empty());
  EXPECT_TRUE(C.LogSinks.empty());
  EXPECT_TRUE(C.Declassifiers.empty());
}

TEST(ConfigTest, ErrorsNameTheRealPath) {
  TempYaml File("version: 1\nsink: x\n");
  llvm::Expected<Config> C = loadConfig(File.path());
  ASSERT_FALSE(static_cast<bool>(C));
  EXPECT_EQ(llvm::toString(C.takeError()),
            (File.path() + ":2:1: unknown key 'sink'; did you mean "
                           "'log-sinks'?")
                .str());
}

TEST(ConfigTest, UnreadableFile) {
  llvm::Expected<Config> C = loadConfig("/nonexistent/dir/.trailguard.yaml");
  ASSERT_FALSE(static_cast<bool>(C));
  EXPECT_EQ(llvm::toString(C.takeError()),
            "cannot read /nonexistent/dir/.trailguard.yaml: no such file or "
            "directory");
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("trailguard-config", Dir));
  llvm::Expected<Config> D = loadConfig(Dir);
  ASSERT_FALSE(static_cast<bool>(D));
  EXPECT_EQ(llvm::toString(D.takeError()),
            ("cannot read " + Dir + ": is a directory").str());
  llvm::sys::fs::remove(Dir);
}

TEST(ConfigTest, UnknownKeys) {
  EXPECT_EQ(errorFor("version: 1\nsink:\n  - name: x\n"),
            "PATH:2:1: unknown key 'sink'; did you mean 'log-sinks'?");
  EXPECT_EQ(errorFor("version: 1\nheader_filter: x\n"),
            "PATH:2:1: unknown key 'header_filter'; did you mean "
            "'header-filter'?");
  EXPECT_EQ(errorFor("Version: 1\n"),
            "PATH:1:1: unknown key 'Version'; did you mean 'version'?");
  EXPECT_EQ(errorFor("version: 1\ndeclassify: [f]\n"),
            "PATH:2:1: unknown key 'declassify'; did you mean "
            "'declassifiers'?");
  EXPECT_EQ(errorFor("version: 1\nfrobnicate: 3\n"),
            "PATH:2:1: unknown key 'frobnicate'; valid keys: version, "
            "checks, header-filter, infer-sensitive-names, sources, "
            "log-sinks, audit-sinks, declassifiers, log-sink-classes, "
            "policy");
  EXPECT_EQ(errorFor("version: 1\nsources:\n  - name: x\n    tiers: "
                     "sensitive\n"),
            "PATH:4:5: unknown key 'tiers' in an entry of 'sources'; did "
            "you mean 'tier'?");
  EXPECT_EQ(errorFor("version: 1\npolicy:\n  logs: restricted\n"),
            "PATH:3:3: unknown key 'logs' under 'policy'; did you mean "
            "'log'?");
  EXPECT_EQ(errorFor("version: 1\naudit-sinks:\n  - name: a\n    "
                     "frobnicate: 1\n"),
            "PATH:4:5: unknown key 'frobnicate' in an entry of "
            "'audit-sinks'; valid keys here: name, message-arg");
}

TEST(ConfigTest, KeysInTheWrongPlace) {
  EXPECT_EQ(errorFor("version: 1\nsources:\n  - name: x\ntier: sensitive\n"),
            "PATH:4:1: unknown key 'tier'; 'tier' belongs in an entry of "
            "'sources' (check the indentation)");
  EXPECT_EQ(errorFor("version: 1\nname: x\n"),
            "PATH:2:1: unknown key 'name'; 'name' belongs in an entry of "
            "'sources', 'log-sinks' or 'audit-sinks' (check the "
            "indentation)");
  EXPECT_EQ(errorFor("version: 1\nsources:\n  - name: x\n    log-sinks: []\n"),
            "PATH:4:5: unknown key 'log-sinks' in an entry of 'sources'; "
            "'log-sinks' is a top-level key (check the indentation)");
  EXPECT_EQ(errorFor("version: 1\nsources:\n  - name: x\n    args: [1]\n"),
            "PATH:4:5: unknown key 'args' in an entry of 'sources'; 'args' "
            "belongs in an entry of 'log-sinks' (check the indentation)");
  EXPECT_EQ(errorFor("version: 1\nlog: restricted\n"),
            "PATH:2:1: unknown key 'log'; 'log' belongs under 'policy' "
            "(check the indentation)");
}

TEST(ConfigTest, DuplicateKeys) {
  EXPECT_EQ(errorFor("version: 1\nchecks: \"trailguard-*\"\nchecks: \"-*\"\n"),
            "PATH:3:1: duplicate key 'checks'; it is already set at line 2, "
            "remove one of them");
  EXPECT_EQ(errorFor("version: 1\nlog-sinks:\n  - name: a\n    name: b\n"),
            "PATH:4:5: duplicate key 'name' in an entry of 'log-sinks'; it "
            "is already set at line 3, remove one of them");
}

TEST(ConfigTest, DuplicateEntries) {
  EXPECT_EQ(errorFor("version: 1\nsources:\n  - name: a::b\n  - name: "
                     "\"::a::b\"\n    tier: restricted\n"),
            "PATH:4:5: 'a::b' is already listed in 'sources' at line 3; "
            "remove one of the entries");
  EXPECT_EQ(errorFor("version: 1\ndeclassifiers:\n  - f\n  - g\n  - f\n"),
            "PATH:5:5: 'f' is already listed in 'declassifiers' at line 3; "
            "remove one of the entries");
}

TEST(ConfigTest, WrongNodeKinds) {
  EXPECT_EQ(errorFor("version: 1\nsources:\n  name: x\n"),
            "PATH:3:3: expected a list of entries under 'sources' (one per "
            "line, each starting with '- ')");
  EXPECT_EQ(errorFor("version: 1\nlog-sinks: mylog::write\n"),
            "PATH:2:12: expected a list of entries under 'log-sinks' (one "
            "per line, each starting with '- ')");
  EXPECT_EQ(errorFor("version: 1\nsources:\n  - legacy::x\n"),
            "PATH:3:5: expected an entry with keys (name, tier) in "
            "'sources'; write '- name: ns::thing'");
  EXPECT_EQ(errorFor("version: 1\ndeclassifiers: crypto::hmac\n"),
            "PATH:2:16: expected a list of function names under "
            "'declassifiers' (one per line, each starting with '- ')");
  EXPECT_EQ(errorFor("version: 1\ndeclassifiers:\n  - name: crypto::hmac\n"),
            "PATH:3:5: entries of 'declassifiers' are plain names: write "
            "'- crypto::hmac_hex', not '- name: ...'");
  EXPECT_EQ(errorFor("version: 1\npolicy: restricted\n"),
            "PATH:2:9: expected keys under 'policy', such as 'log: "
            "restricted' on the next line, indented");
  EXPECT_EQ(errorFor("version: 1\nchecks: {a: b}\n"),
            "PATH:2:10: expected a string of comma-separated globs for "
            "'checks', such as \"trailguard-*\"");
  EXPECT_EQ(errorFor("version: 1\nsources:\n  - name: [a]\n"),
            "PATH:3:12: expected a qualified name such as "
            "'ns::Class::member'");
  EXPECT_EQ(errorFor("- version: 1\n"),
            "PATH:1:1: expected keys at the top level, starting with "
            "'version: 1'");
  // Both refused by the YAML reader itself (support/Yaml.h).
  EXPECT_EQ(errorFor("version: 1\n? [a, b]\n: c\n"),
            "PATH:2:3: expected a key name, not a list; fix the YAML syntax "
            "at this place");
  EXPECT_EQ(errorFor("version: 1\nheader-filter: &h \"x\"\nchecks: *h\n"),
            "PATH:3:9: aliases ('*...') are not supported; write the value "
            "out");
}

TEST(ConfigTest, EmptyEntriesAndValues) {
  EXPECT_EQ(errorFor("version: 1\nsources:\n  -\n  - name: x\n"),
            "PATH:3:3: empty entry in 'sources'; write '- name: ns::thing' "
            "after the '-' or remove it");
  EXPECT_EQ(errorFor("version: 1\nsources:\n  - name: x\n  -\n"),
            "PATH:4:3: empty entry in 'sources'; write '- name: ns::thing' "
            "after the '-' or remove it");
  EXPECT_EQ(errorFor("version: 1\ndeclassifiers:\n  - f\n  -\n"),
            "PATH:4:3: empty entry in 'declassifiers'; write a function name "
            "after the '-' or remove it");
  EXPECT_EQ(errorFor("version: 1\nsources:\n  - name:\n    tier: "
                     "sensitive\n"),
            "PATH:3:5: missing value for 'name'; write it after the colon, "
            "as in 'name: ns::Class::member'");
  EXPECT_EQ(errorFor("version: 1\npolicy:\n  log:\n"),
            "PATH:3:3: missing value for 'log'; write it after the colon, "
            "as in 'log: restricted'");
}

TEST(ConfigTest, MissingName) {
  EXPECT_EQ(errorFor("version: 1\nsources:\n  - tier: sensitive\n"),
            "PATH:3:5: missing 'name' in this entry of 'sources'; add "
            "'name: ns::Class::member'");
  EXPECT_EQ(errorFor("version: 1\nlog-sinks:\n  - args: [0]\n"),
            "PATH:3:5: missing 'name' in this entry of 'log-sinks'; add "
            "'name: ns::function'");
  EXPECT_EQ(errorFor("version: 1\naudit-sinks:\n  - {message-arg: 1}\n"),
            "PATH:3:6: missing 'name' in this entry of 'audit-sinks'; add "
            "'name: ns::function'");
}

TEST(ConfigTest, BadNames) {
  EXPECT_EQ(errorFor("version: 1\ndeclassifiers:\n  - crypto::hmac(const "
                     "char *)\n"),
            "PATH:3:5: name 'crypto::hmac(const char *)' has a parameter "
            "list; write the qualified name alone, as 'crypto::hmac'");
  EXPECT_EQ(errorFor("version: 1\ndeclassifiers:\n  - \"a::\"\n"),
            "PATH:3:5: 'a::' is not a qualified name; separate the parts "
            "with '::', as in 'ns::Class::member'");
  EXPECT_EQ(errorFor("version: 1\nlog-sinks:\n  - name: mylog:write\n"),
            "PATH:3:11: 'mylog:write' is not a qualified name; separate the "
            "parts with '::', as in 'ns::Class::member'");
  EXPECT_EQ(errorFor("version: 1\ndeclassifiers:\n  - \"\"\n"),
            "PATH:3:5: empty name in 'declassifiers'; write a qualified name "
            "such as 'ns::Class::member'");
  // Operators keep their parentheses.
  EXPECT_EQ(
      errorFor("version: 1\ndeclassifiers:\n  - \"ns::Mask::operator()\"\n"),
      "");
}

TEST(ConfigTest, UnknownTier) {
  EXPECT_EQ(errorFor("version: 1\nsources:\n  - name: x\n    tier: secret\n"),
            "PATH:4:11: unknown tier 'secret'; use sensitive, restricted or "
            "unrestricted");
  EXPECT_EQ(errorFor("version: 1\npolicy:\n  log: public\n"),
            "PATH:3:8: unknown tier 'public'; use sensitive, restricted or "
            "unrestricted");
}

TEST(ConfigTest, ArgumentIndices) {
  EXPECT_EQ(errorFor("version: 1\nlog-sinks:\n  - name: w\n    args: [1, "
                     "-2]\n"),
            "PATH:4:15: negative argument index -2 in 'args'; indices are "
            "0-based: the first argument is 0");
  EXPECT_EQ(errorFor("version: 1\nlog-sinks:\n  - name: w\n    args: "
                     "[first]\n"),
            "PATH:4:12: argument index 'first' in 'args' is not a whole "
            "number; indices are 0-based: the first argument is 0");
  EXPECT_EQ(errorFor("version: 1\naudit-sinks:\n  - name: w\n    "
                     "message-arg: 1.5\n"),
            "PATH:4:18: argument index '1.5' in 'message-arg' is not a whole "
            "number; indices are 0-based: the first argument is 0");
  EXPECT_EQ(errorFor("version: 1\naudit-sinks:\n  - name: w\n    "
                     "message-arg: -1\n"),
            "PATH:4:18: negative argument index -1 in 'message-arg'; indices "
            "are 0-based: the first argument is 0");
  EXPECT_EQ(errorFor("version: 1\naudit-sinks:\n  - name: w\n    "
                     "message-arg: 99999999999\n"),
            "PATH:4:18: argument index 99999999999 in 'message-arg' is too "
            "large; indices are 0-based: the first argument is 0");
  EXPECT_EQ(errorFor("version: 1\nlog-sinks:\n  - name: w\n    args: 1\n"),
            "PATH:4:11: expected a list of argument indices under 'args', "
            "such as [1] or [0, 2]");
  EXPECT_EQ(errorFor("version: 1\nlog-sinks:\n  - name: w\n    args: []\n"),
            "PATH:4:5: empty 'args'; list 0-based indices such as [0, 2], or "
            "omit 'args' for every argument");
  EXPECT_EQ(errorFor("version: 1\nlog-sinks:\n  - name: w\n    args:\n"),
            "PATH:4:5: missing value for 'args'; list 0-based indices such "
            "as [0, 2], or omit 'args' for every argument");
}

TEST(ConfigTest, Version) {
  EXPECT_EQ(errorFor("checks: \"trailguard-*\"\n"),
            "PATH:1:1: missing 'version'; add 'version: 1' as the first "
            "line");
  EXPECT_EQ(errorFor("version: 2\n"),
            "PATH:1:10: unsupported version '2'; the only version is 1: "
            "write 'version: 1'");
  EXPECT_EQ(errorFor("# config\nversion: one\n"),
            "PATH:2:10: unsupported version 'one'; the only version is 1: "
            "write 'version: 1'");
  EXPECT_EQ(errorFor("version:\n"),
            "PATH:1:1: missing value for 'version'; write it after the "
            "colon, as in 'version: 1'");
  EXPECT_EQ(errorFor("version: \"1\"\n"), "");
}

TEST(ConfigTest, Globs) {
  EXPECT_EQ(errorFor("version: 1\nchecks: "
                     "\"trailguard-*,-trailguard-unparameterised-audit\"\n"),
            "PATH:2:23: glob '-trailguard-unparameterised-audit' in 'checks' "
            "matches no trailguard check; did you mean "
            "'-trailguard-unparameterized-audit'?");
  EXPECT_EQ(errorFor("version: 1\nchecks:\n  - \"-*\"\n  - "
                     "trailguard-tierleak\n"),
            "PATH:4:5: glob 'trailguard-tierleak' in 'checks' matches no "
            "trailguard check; did you mean 'trailguard-tier-leak'?");
  EXPECT_EQ(errorFor("version: 1\nchecks: \"bugprone-*\"\n"),
            "PATH:2:10: glob 'bugprone-*' in 'checks' matches no trailguard "
            "check; the checks are trailguard-tier-leak and "
            "trailguard-unparameterized-audit");
  EXPECT_EQ(errorFor("version: 1\nchecks: \"trailguard-?\"\n"),
            "PATH:2:10: invalid character '?' in glob 'trailguard-?' in "
            "'checks'; a glob is a check name with '*' as its only "
            "wildcard, '-' in front disables, ',' separates");
  EXPECT_EQ(errorFor("version: 1\nchecks: 'trailguard-*, -'\n"),
            "PATH:2:24: empty glob '-' in 'checks'; write a check name after "
            "the '-', such as '-trailguard-unparameterized-audit'");
  EXPECT_EQ(errorFor("version: 1\nchecks: \"\"\n"),
            "PATH:2:9: 'checks' is empty; omit it to run every check, or "
            "write \"-*\" to run none");
  // Spaces, a trailing comma and line folding are harmless.
  EXPECT_EQ(errorFor("version: 1\nchecks: >\n  -*,\n  trailguard-tier-leak,\n"),
            "");
  EXPECT_EQ(errorFor("version: 1\nchecks: \"-*\"\n"), "");
}

TEST(ConfigTest, HeaderFilter) {
  EXPECT_EQ(errorFor("version: 1\nheader-filter: \"src/(.*\"\n"),
            "PATH:2:16: invalid regular expression 'src/(.*' in "
            "'header-filter': parentheses not balanced; write an extended "
            "regular expression such as 'src/.*'");
  EXPECT_EQ(errorFor("version: 1\nheader-filter: \"*.h\"\n"),
            "PATH:2:16: invalid regular expression '*.h' in 'header-filter': "
            "repetition-operator operand invalid; it is a regular "
            "expression, not a glob: write '.*' for any characters");
}

TEST(ConfigTest, Booleans) {
  EXPECT_EQ(errorFor("version: 1\ninfer-sensitive-names: maybe\n"),
            "PATH:2:24: expected true or false for 'infer-sensitive-names', "
            "not 'maybe'");
  EXPECT_FALSE(
      load("version: 1\ninfer-sensitive-names: false\n").InferSensitiveNames);
}

// Booleans and indices are typed scalars, as in every trailguard file:
// true/false (or YAML 1.1's yes/no, on/off) or a whole number, quoted or
// not, as LLVM's parser took them.
TEST(ConfigTest, TypedScalars) {
  EXPECT_TRUE(
      load("version: 1\ninfer-sensitive-names: yes\n").InferSensitiveNames);
  EXPECT_FALSE(
      load("version: 1\ninfer-sensitive-names: off\n").InferSensitiveNames);
  EXPECT_EQ(errorFor("version: 1\ninfer-sensitive-names: yEs\n"),
            "PATH:2:24: expected true or false for 'infer-sensitive-names', "
            "not 'yEs'");
  // Quoted, as LLVM's parser took it: a file that was accepted stays so.
  EXPECT_TRUE(load("version: 1\ninfer-sensitive-names: \"true\"\n")
                  .InferSensitiveNames);
  EXPECT_TRUE(
      load("version: 1\ninfer-sensitive-names: True\n").InferSensitiveNames);
  EXPECT_EQ(errorFor("version: 1\naudit-sinks:\n  - name: w\n    "
                     "message-arg: \"0\"\n"),
            "");
  EXPECT_EQ(errorFor("version: 1\nlog-sinks:\n  - name: w\n    args: [1, "
                     "'x']\n"),
            "PATH:4:15: argument index 'x' in 'args' is not a whole number; "
            "indices are 0-based: the first argument is 0");
  // 'null' and '~' are no value, not a name.
  EXPECT_EQ(errorFor("version: 1\nsources:\n  - name: null\n"),
            "PATH:3:5: missing value for 'name'; write it after the colon, "
            "as in 'name: ns::Class::member'");
}

// Syntax errors are the YAML reader's (libyaml's, in our style).
TEST(ConfigTest, YamlSyntaxErrors) {
  EXPECT_EQ(errorFor("version: 1\nsources: [\n"),
            "PATH:3:1: invalid YAML: did not find expected node content "
            "(while parsing a flow node that starts at line 3); fix the YAML "
            "syntax at this place");
  // At the end of the text: where the quote that is not closed starts.
  EXPECT_EQ(errorFor("version: 1\nchecks: \"trailguard-*\n"),
            "PATH:2:9: invalid YAML: found unexpected end of stream (while "
            "scanning a quoted scalar that starts here and is not closed); "
            "fix the YAML syntax at this place");
  EXPECT_EQ(errorFor("version: 1\n\tchecks: x\n"),
            "PATH:2:1: invalid YAML: found a tab character that violates "
            "indentation (while scanning a plain scalar that starts at line "
            "1); indent with spaces, YAML takes no tabs there");
  EXPECT_EQ(errorFor("version: 1\nchecks: \"trail\\qguard\"\n"),
            "PATH:2:15: invalid YAML: found unknown escape character (while "
            "parsing a quoted scalar that starts at line 2); fix the YAML "
            "syntax at this place");
  EXPECT_EQ(errorFor("version: 1\n: x\n"),
            "PATH:2:1: invalid YAML: did not find expected key (while parsing "
            "a block mapping that starts at line 1); fix the YAML syntax at "
            "this place");
  // A syntax error later in the file wins over what precedes it.
  EXPECT_EQ(errorFor("version: 1\nsink: 1\nsources: [\n"),
            "PATH:4:1: invalid YAML: did not find expected node content "
            "(while parsing a flow node that starts at line 4); fix the YAML "
            "syntax at this place");
}

TEST(ConfigTest, OneDocument) {
  EXPECT_EQ(errorFor("version: 1\n---\nversion: 1\n"),
            "PATH:3:1: a second YAML document; the configuration is one "
            "document: remove the '---' line above");
  EXPECT_EQ(errorFor("---\nversion: 1\n...\n"), "");
  // Not past an empty second document either.
  EXPECT_EQ(errorFor("version: 1\n---\n---\nversion: 1\n"),
            "PATH:4:1: a second YAML document; the configuration is one "
            "document: remove the '---' line above");
}

// Hostile files get an error at the place, not a stack overflow: the YAML
// reader does not recurse, and refuses nesting deeper than 64 levels (the
// top-level mapping is the first).
TEST(ConfigTest, HostileNesting) {
  auto ErrorIn = [](const std::string &Text) {
    llvm::Expected<Config> C = trailguard::parseConfig(Text, "PATH");
    return C ? std::string() : llvm::toString(C.takeError());
  };
  const char *TooDeep = "nesting deeper than 64 levels; flatten the "
                        "structure";
  EXPECT_EQ(ErrorIn("version: 1\nsources: " + std::string(1000000, '[')),
            std::string("PATH:2:73: ") + TooDeep);
  EXPECT_EQ(ErrorIn("version: 1\nsources: " + std::string(1000000, '{')),
            "PATH:2:11: expected a key name, not a mapping; fix the YAML "
            "syntax at this place");
  std::string Maps = "version: 1\nsources: ";
  for (int I = 0; I < 250000; ++I)
    Maps += "{a: ";
  EXPECT_EQ(ErrorIn(Maps), std::string("PATH:2:262: ") + TooDeep);
  std::string Dashes = "version: 1\nsources:\n";
  for (int I = 0; I < 1000000; ++I)
    Dashes += "- ";
  EXPECT_EQ(ErrorIn(Dashes + "x\n"), std::string("PATH:3:127: ") + TooDeep);
  EXPECT_EQ(ErrorIn("version: 1\nsources: [" + std::string(1000000, ',') + "]"),
            "PATH:2:11: invalid YAML: did not find expected node content "
            "(while parsing a flow node that starts at line 2); fix the YAML "
            "syntax at this place");
  // A run of document end markers is read without recursion: harmless.
  std::string Ends = "version: 1\n";
  for (int I = 0; I < 1000000; ++I)
    Ends += "...\n";
  EXPECT_EQ(ErrorIn(Ends), "");
  // The glob matcher does not recurse per '*' either.
  EXPECT_EQ(
      ErrorIn("version: 1\nchecks: \"" + std::string(1000000, '*') + "x\"\n")
          .rfind("PATH:2:10: glob '****", 0),
      0u);
  // A header-filter llvm::Regex would recurse on, or expand without end.
  EXPECT_EQ(ErrorIn("version: 1\nheader-filter: \"" +
                    std::string(200000, '(') + std::string(200000, ')') +
                    "\"\n")
                .rfind("PATH:2:16: regular expression '((((", 0),
            0u);
  EXPECT_NE(ErrorIn("version: 1\nheader-filter: \"" +
                    std::string(200000, '(') + "\"\n")
                .find("is too complex: groups nested deeper than 64 levels; "
                      "write a simpler one such as 'src/.*'"),
            std::string::npos);
  EXPECT_EQ(ErrorIn("version: 1\nheader-filter: "
                    "\"(((a{1,255}){1,255}){1,255}){1,255}\"\n"),
            "PATH:2:16: regular expression '(((a{1,255}){1,255}){1,255}){1,"
            "255}' in 'header-filter' is too complex: its repetition counts "
            "multiply to more than 100000 copies; write a simpler one such "
            "as 'src/.*'");
  EXPECT_EQ(ErrorIn("version: 1\nheader-filter: "
                    "'(src|include)/[a-z]{1,20}/(x{2,3}|y)+\\.h'\n"),
            "");
  // As deep as a configuration gets, and deeper, is fine.
  EXPECT_EQ(ErrorIn("version: 1\nlog-sinks: [{name: f, args: [[[[1]]]]}]\n"),
            "PATH:2:31: expected an argument index (0 is the first argument) "
            "in 'args'");
}

TEST(ConfigTest, MessagesStayOnOneLine) {
  std::string Message = errorFor("version: 1\nsource\n  s: x\n");
  EXPECT_EQ(Message.find('\n'), std::string::npos) << Message;
}

TEST(ConfigTest, LoaderPrefersExplicitThenNearestThenDefaults) {
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("trailguard-loader", Dir));
  llvm::SmallString<128> Sub(Dir), Yaml(Dir), Source;
  llvm::sys::path::append(Sub, "src");
  ASSERT_FALSE(llvm::sys::fs::create_directory(Sub));
  llvm::sys::path::append(Yaml, ".trailguard.yaml");
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Yaml, EC);
    ASSERT_FALSE(EC);
    OS << "version: 1\nchecks: \"-*,trailguard-tier-leak\"\n";
  }
  Source = Sub;
  llvm::sys::path::append(Source, "a.cpp");
  TempYaml Explicit("version: 1\nheader-filter: 'src/.*'\n");

  ConfigLoader Nearest;
  llvm::Expected<const Config *> A = Nearest.configFor(Source);
  ASSERT_TRUE(static_cast<bool>(A)) << llvm::toString(A.takeError());
  EXPECT_EQ((*A)->Path, std::string(Yaml));
  EXPECT_EQ((*A)->Checks, "-*,trailguard-tier-leak");
  // Read once: the same configuration for every file under it.
  llvm::Expected<const Config *> Again = Nearest.configFor(Source);
  ASSERT_TRUE(static_cast<bool>(Again));
  EXPECT_EQ(*Again, *A);
  // No source file: the defaults, nothing searched.
  llvm::Expected<const Config *> None = Nearest.configFor("");
  ASSERT_TRUE(static_cast<bool>(None));
  EXPECT_EQ((*None)->Path, "");
  EXPECT_EQ((*None)->Checks, "trailguard-*");

  ConfigLoader Given(Explicit.path().str());
  llvm::Expected<const Config *> B = Given.configFor(Source);
  ASSERT_TRUE(static_cast<bool>(B)) << llvm::toString(B.takeError());
  EXPECT_EQ((*B)->HeaderFilter, "src/.*");

  ConfigLoader Missing("/nonexistent/dir/.trailguard.yaml");
  llvm::Expected<const Config *> C = Missing.configFor(Source);
  ASSERT_FALSE(static_cast<bool>(C));
  EXPECT_EQ(llvm::toString(C.takeError()),
            "cannot read /nonexistent/dir/.trailguard.yaml: no such file or "
            "directory");

  llvm::sys::fs::remove(Yaml);
  llvm::sys::fs::remove(Sub);
  llvm::sys::fs::remove(Dir);
}

} // namespace
