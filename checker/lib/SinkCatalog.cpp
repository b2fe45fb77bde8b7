//===--- SinkCatalog.cpp - the logging APIs C++ code really uses ----------===//
//
// Recognizes log sinks by the library model's rules (LibraryModel.cpp) and by
// the type of the stream a value is inserted into, so that macros
// (SPDLOG_INFO, LOG, qDebug, BOOST_LOG_TRIVIAL) are recognized through what
// they expand to.
//
//===----------------------------------------------------------------------===//

#include "SinkCatalog.h"
#include "LibraryModel.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;

namespace trailguard {

const Expr *skipWrappers(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(Next))
      Next = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(Next))
      Next = B->getSubExpr();
    else if (const auto *C = dyn_cast<ExprWithCleanups>(Next))
      Next = C->getSubExpr();
    else if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(Next))
      Next = F->getSubExpr();
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

namespace {

/// The record a (possibly reference/pointer) type names, if any.
const CXXRecordDecl *recordOf(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  return T->getAsCXXRecordDecl();
}

} // namespace

const FunctionSink *SinkCatalog::functionSink(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  FD = FD->getCanonicalDecl();
  auto [It, Inserted] = Cache.try_emplace(FD);
  if (!Inserted)
    return It->second ? &*It->second : nullptr;

  std::optional<FunctionSink> Sink;
  std::vector<unsigned> Args;
  if (Model.isLogSink(FD, &Args)) {
    Sink = FunctionSink{qualifiedName(FD), 0, false, std::move(Args)};
  } else if (const library::Rule *R =
                 library::find(library::Role::LogCall, FD)) {
    std::string Name = R->S == library::Scope::CFunction ? FD->getName().str()
                                                         : qualifiedName(FD);
    Sink = FunctionSink{library::display(*R, Name, FD->getName()),
                        R->FirstArg,
                        (R->Flags & library::SkipLeadingStream) != 0,
                        {},
                        (R->Flags & library::NamedByMacro) != 0};
  }
  It->second = std::move(Sink);
  return It->second ? &*It->second : nullptr;
}

std::string SinkCatalog::streamSink(const Expr *Stream) {
  // Walk down `a << b << c` to `a`.
  const Expr *E = skipWrappers(Stream);
  while (true) {
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
        Op && Op->getOperator() == OO_LessLess && Op->getNumArgs() == 2) {
      E = skipWrappers(Op->getArg(0));
      continue;
    }
    break;
  }

  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        VD && VD->hasGlobalStorage()) {
      std::string Q = qualifiedName(VD);
      if (library::findName(library::Role::LogStreamObject, Q))
        return Q;
    }
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    if (const CXXMethodDecl *M = MC->getMethodDecl();
        M && M->getIdentifier())
      if (const library::Rule *R =
              library::find(library::Role::LogStreamMethod, M))
        return library::display(*R, M->getName(), M->getName());

  const CXXRecordDecl *RD = recordOf(E->getType());
  if (!RD)
    return "";
  auto [It, Inserted] = RecordSinks.try_emplace(RD);
  if (Inserted)
    It->second = recordSink(RD);
  return It->second;
}

std::string SinkCatalog::recordSink(const CXXRecordDecl *RD) {
  if (const library::Rule *R = library::find(library::Role::LogStreamType, RD))
    return library::display(*R, qualifiedName(RD),
                            RD->getIdentifier() ? RD->getName() : "");
  return "";
}

bool SinkCatalog::isStringLike(const CXXRecordDecl *RD) {
  if (!RD)
    return false;
  auto [It, Inserted] = StringLike.try_emplace(RD, false);
  if (!Inserted)
    return It->second;
  return It->second = library::find(library::Role::PlainText, RD) != nullptr;
}

} // namespace trailguard
