//===--- schema_reader_fuzzer.cpp - libFuzzer target for parseSchema ------===//
//
// Feeds arbitrary bytes to the schema reader, which must return a value or
// an error for every input and never crash, hang or overflow the stack.
// What it accepts goes through every generator: no schema text may end a
// comment or a literal in the header (a raw line break, a final backslash, a
// trigraph, a control character, a byte that is not UTF-8), nor put control
// characters in the docs, nor split a compat finding over two lines.
//
// The YAML reader's own promises (nesting and size limits, positions) are
// the yaml-fuzzer's; the schema reader walks the tree it builds without
// recursing.
//
//===----------------------------------------------------------------------===//

#include "SchemaCompat.h"
#include "CppEmitter.h"
#include "DocsEmitter.h"
#include "JsonSchemaEmitter.h"
#include "Schema.h"
#include "YamlDiagnostics.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(const std::string &What, std::string_view Output,
                       size_t At) {
  size_t From = std::min(At < 40 ? 0 : At - 40, Output.size());
  std::fprintf(stderr, "schema-reader-fuzzer: %s at byte %zu: ...%s\n",
               What.c_str(), At,
               trailguard::shownText(Output.substr(From, At + 20 - From))
                   .c_str());
  std::abort();
}

enum class Format { Cpp, Docs, Json };

/// Generated text is UTF-8 without control characters other than line
/// breaks (and tabs in C++ comments) or invisible ones (JSON escapes only
/// C0 controls, which is all a JSON reader needs); in C++, no line ends in
/// a backslash and no "??" makes a trigraph.
void checkGenerated(const std::string &What, std::string_view Output,
                    Format F) {
  bool Cpp = F == Format::Cpp;
  for (size_t I = 0; I < Output.size();) {
    size_t Start = I;
    std::optional<uint32_t> CP = trailguard::nextCodePoint(Output, I);
    if (!CP)
      fail(What + " has a byte that is not UTF-8", Output, Start);
    if (*CP != '\n' && !(Cpp && *CP == '\t') &&
        (F == Format::Json ? *CP < 0x20 : trailguard::isHiddenControl(*CP)))
      fail(What + " has a control character", Output, Start);
    if (Cpp && *CP == '\\' && (I == Output.size() || Output[I] == '\n'))
      fail(What + " has a line ending in a backslash", Output, Start);
    if (Cpp && *CP == '?' && I < Output.size() && Output[I] == '?')
      fail(What + " has '\?\?'", Output, Start);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string_view Text(reinterpret_cast<const char *>(Data), Size);
  std::string Error;
  std::optional<trailguard::gen::Schema> S =
      trailguard::gen::parseSchema(Text, "fuzz.yaml", Error);
  if (!S) {
    // One line, placed, never empty.
    if (Error.rfind("fuzz.yaml", 0) != 0 ||
        Error.find_first_of("\r\n") != std::string::npos)
      fail("an error message is not one line naming the file", Error, 0);
    return 0;
  }
  // Exercise the name helpers on what was read.
  for (const trailguard::gen::Event &E : S->Events) {
    (void)trailguard::gen::eventTypeName(E.Name);
    for (const trailguard::gen::Field &F : E.Fields) {
      (void)trailguard::gen::typeName(F.Type);
      (void)trailguard::gen::tierName(F.Tier);
    }
    for (trailguard::gen::ContextField C : E.Context)
      (void)trailguard::gen::contextName(C);
  }
  std::ostringstream CppOS, DocsOS, JsonOS;
  trailguard::gen::emitCpp(*S, CppOS);
  checkGenerated("the header", CppOS.str(), Format::Cpp);
  trailguard::gen::emitDocs(*S, DocsOS);
  checkGenerated("the docs", DocsOS.str(), Format::Docs);
  trailguard::gen::emitJsonSchema(*S, trailguard::gen::FieldTier::sensitive,
                                  JsonOS);
  checkGenerated("the JSON Schema", JsonOS.str(), Format::Json);
  // Against a schema with other text, so that compat has things to say.
  trailguard::gen::Schema Other = *S;
  Other.Service += "\n";
  for (const trailguard::gen::Incompatibility &I :
       trailguard::gen::checkCompat(*S, Other, {}))
    if (trailguard::gen::formatIncompatibility(I).find_first_of("\r\n") !=
        std::string::npos)
      fail("a compat finding spans lines", I.Message, 0);
  return 0;
}
