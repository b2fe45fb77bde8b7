//===--- Compat.h - LLVM/Clang version differences ------------------------===//
//
// Every difference between the supported LLVM majors (the range is stated in
// cmake/TrailguardLLVM.cmake) is absorbed here, so the rest of the checker is
// written against one API.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_COMPAT_H
#define TRAILGUARD_CHECKER_COMPAT_H

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/Version.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "llvm/Config/llvm-config.h"

#include <memory>

#if LLVM_VERSION_MAJOR < 18 || LLVM_VERSION_MAJOR > 22
#error "trailguard supports LLVM 18 through 22 (see cmake/TrailguardLLVM.cmake)"
#endif

/// LLVM 22 gave RecursiveASTVisitor's TraverseType and TraverseTypeLoc a
/// second parameter (whether to traverse the type's qualifier), which it
/// passes; a visitor overriding them declares
///   bool TraverseTypeLoc(TypeLoc TRAILGUARD_TRAVERSE_TYPE_PARAMS)
/// and is called with one argument before LLVM 22, with two from it on.
#if LLVM_VERSION_MAJOR >= 22
#define TRAILGUARD_TRAVERSE_TYPE_PARAMS , bool = true
#else
#define TRAILGUARD_TRAVERSE_TYPE_PARAMS
#endif

namespace trailguard {
namespace compat {

/// "19.1.7": the Clang version the checker was built against.
inline const char *clangVersionString() { return CLANG_VERSION_STRING; }

/// A diagnostics engine that prints clang-style text to \p OS. LLVM 21 made
/// DiagnosticOptions a reference instead of a ref-counted pointer.
struct TextDiagnostics {
#if LLVM_VERSION_MAJOR >= 21
  clang::DiagnosticOptions Opts;
  clang::TextDiagnosticPrinter Printer;
  clang::DiagnosticsEngine Engine;
  explicit TextDiagnostics(llvm::raw_ostream &OS, bool Colors)
      : Opts(makeOpts(Colors)), Printer(OS, Opts),
        Engine(clang::DiagnosticIDs::create(), Opts, &Printer, false) {}
  static clang::DiagnosticOptions makeOpts(bool Colors) {
    clang::DiagnosticOptions O;
    O.ShowColors = Colors;
    return O;
  }
#else
  llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> Opts;
  clang::TextDiagnosticPrinter Printer;
  clang::DiagnosticsEngine Engine;
  explicit TextDiagnostics(llvm::raw_ostream &OS, bool Colors)
      : Opts(makeOpts(Colors)), Printer(OS, Opts.get()),
        Engine(new clang::DiagnosticIDs(), Opts, &Printer, false) {}
  static clang::DiagnosticOptions *makeOpts(bool Colors) {
    auto *O = new clang::DiagnosticOptions();
    O->ShowColors = Colors;
    return O;
  }
#endif

  /// An ID for a diagnostic whose whole text is the single argument %0.
  unsigned customID(clang::DiagnosticsEngine::Level L) {
    return Engine.getCustomDiagID(L, "%0");
  }
};

} // namespace compat
} // namespace trailguard

#endif // TRAILGUARD_CHECKER_COMPAT_H
