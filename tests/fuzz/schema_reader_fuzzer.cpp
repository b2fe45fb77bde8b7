//===--- schema_reader_fuzzer.cpp - libFuzzer target for parseSchema ------===//
//
// Feeds arbitrary bytes to the schema reader, which must return a value or
// an error for every input and never crash, hang or overflow the stack.
// What it accepts goes through every generator: no schema text may end a
// comment or a literal in the header (a raw line break, a final backslash, a
// trigraph, a control character, a byte that is not UTF-8), nor put control
// characters in the docs, nor split a compat finding over two lines.
//
// The nesting limit is checked directly (yaml_depth.h).
//
//===----------------------------------------------------------------------===//

#include "SchemaCompat.h"
#include "CppEmitter.h"
#include "DocsEmitter.h"
#include "JsonSchemaEmitter.h"
#include "Schema.h"
#include "YamlDiagnostics.h"
#include "yaml_depth.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

namespace {

[[noreturn]] void fail(const llvm::Twine &What, llvm::StringRef Output,
                       size_t At) {
  llvm::errs() << "schema-reader-fuzzer: " << What << " at byte " << At
               << ": ..."
               << trailguard::shownText(
                      Output.slice(At < 40 ? 0 : At - 40, At + 20))
               << "\n";
  std::abort();
}

enum class Format { Cpp, Docs, Json };

/// Generated text is UTF-8 without control characters other than line
/// breaks (and tabs in C++ comments) or invisible ones (JSON escapes only
/// C0 controls, which is all a JSON reader needs); in C++, no line ends in
/// a backslash and no "??" makes a trigraph.
void checkGenerated(llvm::StringRef What, llvm::StringRef Output, Format F) {
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
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  llvm::Expected<trailguard::gen::Schema> S =
      trailguard::gen::parseSchema(Text, "fuzz.yaml");
  if (!S) {
    std::string Message = llvm::toString(S.takeError());
    trailguard::fuzz::checkNestingLimit("schema-reader-fuzzer", Text, Message);
    return 0;
  }
  // Exercise the name helpers on what was read.
  for (const trailguard::gen::Event &E : S->Events) {
    (void)trailguard::gen::eventTypeName(E.Name);
    for (const trailguard::gen::Field &F : E.Fields) {
      (void)trailguard::gen::typeName(F.Type);
      (void)trailguard::tierName(F.Tier);
    }
    for (trailguard::gen::ContextField C : E.Context)
      (void)trailguard::gen::contextName(C);
  }
  std::string Cpp, Docs, Json;
  llvm::raw_string_ostream CppOS(Cpp), DocsOS(Docs), JsonOS(Json);
  trailguard::gen::emitCpp(*S, CppOS);
  checkGenerated("the header", Cpp, Format::Cpp);
  trailguard::gen::emitDocs(*S, DocsOS);
  checkGenerated("the docs", Docs, Format::Docs);
  trailguard::gen::emitJsonSchema(*S, trailguard::gen::FieldTier::sensitive,
                                  JsonOS);
  checkGenerated("the JSON Schema", Json, Format::Json);
  // Against a schema with other text, so that compat has things to say.
  trailguard::gen::Schema Other = *S;
  Other.Service += "\n";
  for (const trailguard::gen::Incompatibility &I :
       trailguard::gen::checkCompat(*S, Other, {}))
    if (llvm::StringRef(trailguard::gen::formatIncompatibility(I))
            .find_first_of("\r\n") != llvm::StringRef::npos)
      fail("a compat finding spans lines", I.Message, 0);
  return 0;
}
