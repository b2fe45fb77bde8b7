//===--- Compat.h - LLVM/Clang version differences ------------------------===//
//
// Every difference between the supported LLVM majors (the range is stated in
// cmake/TrailguardLLVM.cmake) is absorbed here, so the rest of the checker is
// written against one API.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_COMPAT_H
#define TRAILGUARD_CHECKER_COMPAT_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/Version.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <memory>
#include <type_traits>

#if LLVM_VERSION_MAJOR < 18 || LLVM_VERSION_MAJOR > 22
#error "trailguard supports LLVM 18 through 22 (see cmake/TrailguardLLVM.cmake)"
#endif

// LLVM 22 moved the driver's options out of clang/Driver into clang/Options.
#if LLVM_VERSION_MAJOR >= 22
#include "clang/Options/Options.h"
#else
#include "clang/Driver/Options.h"
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

/// The canonical type of the class \p RD. LLVM 22 dropped
/// ASTContext::getRecordType for getCanonicalTagType.
inline clang::QualType canonicalRecordType(const clang::ASTContext &Ctx,
                                           const clang::CXXRecordDecl *RD) {
#if LLVM_VERSION_MAJOR >= 22
  return Ctx.getCanonicalTagType(RD);
#else
  return Ctx.getRecordType(RD).getCanonicalType();
#endif
}

/// The driver's option IDs, flags and visibilities (OPT_W_Joined,
/// Unsupported, ClangOption): clang::driver::options before LLVM 22,
/// clang::options from it on.
#if LLVM_VERSION_MAJOR >= 22
namespace driver_options = clang::options;
#else
namespace driver_options = clang::driver::options;
#endif

/// The clang driver's option table (clang::getDriverOptTable from LLVM 22 on).
inline const llvm::opt::OptTable &driverOptTable() {
#if LLVM_VERSION_MAJOR >= 22
  return clang::getDriverOptTable();
#else
  return clang::driver::getDriverOptTable();
#endif
}

/// llvm::cl's registered options by name: a StringMap before LLVM 22, a
/// DenseMap from it on; find() and ->second work on both.
using RegisteredOptions =
    std::remove_reference_t<decltype(llvm::cl::getRegisteredOptions())>;

/// Makes \p Path absolute against \p Dir (LLVM 22 moved make_absolute with
/// a directory from sys::fs to sys::path).
inline void makeAbsolute(const llvm::Twine &Dir,
                         llvm::SmallVectorImpl<char> &Path) {
#if LLVM_VERSION_MAJOR >= 22
  llvm::sys::path::make_absolute(Dir, Path);
#else
  llvm::sys::fs::make_absolute(Dir, Path);
#endif
}

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
