//===--- SinkCatalog.cpp - the logging APIs C++ code really uses ----------===//
//
// Recognizes log sinks by qualified name and by the type of the stream a
// value is inserted into, so that macros (SPDLOG_INFO, LOG, qDebug,
// BOOST_LOG_TRIVIAL) are recognized through what they expand to.
//
//===----------------------------------------------------------------------===//

#include "SinkCatalog.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringSwitch.h"

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

/// C functions: name -> first logged argument.
std::optional<FunctionSink> cSink(llvm::StringRef Name) {
  auto First = llvm::StringSwitch<int>(Name)
                   .Cases("printf", "vprintf", "wprintf", "vwprintf", 0)
                   .Cases("puts", "perror", "fputs", "fputws", 0)
                   .Cases("fprintf", "vfprintf", "fwprintf", "vfwprintf", 1)
                   .Cases("dprintf", "vdprintf", "syslog", "vsyslog", 1)
                   .Default(-1);
  if (First < 0)
    return std::nullopt;
  return FunctionSink{Name.str(), unsigned(First)};
}

bool isLogMethodName(llvm::StringRef Name) {
  return llvm::StringSwitch<bool>(Name)
      .Cases("trace", "debug", "info", "warn", "error", "critical", true)
      .Case("log", true)
      .Default(false);
}

/// The record a (possibly reference/pointer) type names, if any.
const CXXRecordDecl *recordOf(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  return T->getAsCXXRecordDecl();
}

bool derivesFrom(const CXXRecordDecl *RD,
                 llvm::function_ref<bool(llvm::StringRef)> Match) {
  if (!RD)
    return false;
  if (Match(qualifiedName(RD)))
    return true;
  if (!RD->hasDefinition())
    return false;
  for (const CXXBaseSpecifier &B : RD->bases())
    if (derivesFrom(B.getType()->getAsCXXRecordDecl(), Match))
      return true;
  return false;
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
  } else if (const IdentifierInfo *II = FD->getIdentifier()) {
    llvm::StringRef Name = II->getName();
    const DeclContext *DC = FD->getDeclContext()->getRedeclContext();
    if (DC->isTranslationUnit() || FD->isExternC()) {
      Sink = cSink(Name);
    } else {
      std::string Q = qualifiedName(FD);
      llvm::StringRef QN(Q);
      if (QN == "fmt::print" || QN == "fmt::println" || QN == "std::print" ||
          QN == "std::println" || QN == "fmt::vprint")
        Sink = FunctionSink{Q, 0, /*SkipLeadingStream=*/true};
      else if (QN.starts_with("spdlog::") && isLogMethodName(Name) &&
               (QN.count("::") == 1 || QN.starts_with("spdlog::logger::")))
        Sink = FunctionSink{Q, 0};
      // qDebug("%s", ...) is the printf-style QMessageLogger::debug.
      else if (QN.starts_with("QMessageLogger::") &&
               llvm::StringSwitch<bool>(Name)
                   .Cases("debug", "info", "warning", "critical", "fatal",
                          true)
                   .Default(false) &&
               FD->isVariadic())
        Sink = FunctionSink{"q" + Name.substr(0, 1).upper() +
                                Name.substr(1).str(),
                            0};
    }
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
      if (llvm::StringSwitch<bool>(Q)
              .Cases("std::cout", "std::cerr", "std::clog", true)
              .Cases("std::wcout", "std::wcerr", "std::wclog", true)
              .Default(false))
        return Q;
    }
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    if (const CXXMethodDecl *M = MC->getMethodDecl();
        M && M->getIdentifier()) {
      // glog's LOG(...) is `google::LogMessage(...).stream() << ...`.
      if (M->getName() == "stream" &&
          derivesFrom(M->getParent(), [](llvm::StringRef N) {
            return N.starts_with("google::");
          }))
        return "LOG";
      // qWarning() is `QMessageLogger(...).warning() << ...`.
      if (M->getParent()->getIdentifier() &&
          M->getParent()->getName() == "QMessageLogger")
        return ("q" + M->getName().substr(0, 1).upper() +
                M->getName().substr(1) + "()")
            .str();
    }

  const CXXRecordDecl *RD = recordOf(E->getType());
  if (!RD)
    return "";
  auto [It, Inserted] = RecordSinks.try_emplace(RD);
  if (Inserted)
    It->second = recordSink(RD);
  return It->second;
}

std::string SinkCatalog::recordSink(const CXXRecordDecl *RD) {
  if (derivesFrom(RD, [](llvm::StringRef N) {
        return N == "std::basic_ofstream" || N == "std::basic_fstream";
      }))
    return "std::ofstream";
  if (derivesFrom(RD, [](llvm::StringRef N) { return N == "QDebug"; }))
    return "qDebug()";
  if (derivesFrom(RD, [](llvm::StringRef N) {
        return N.starts_with("absl::log_internal::LogMessage");
      }))
    return "LOG";
  if (derivesFrom(RD, [](llvm::StringRef N) {
        return N.starts_with("boost::log::") &&
               (N.ends_with("basic_record_ostream") ||
                N.ends_with("record_pump"));
      }))
    return "BOOST_LOG";
  return "";
}

bool SinkCatalog::isStringLike(const CXXRecordDecl *RD) {
  if (!RD)
    return false;
  auto [It, Inserted] = StringLike.try_emplace(RD, false);
  if (!Inserted)
    return It->second;
  return It->second = llvm::StringSwitch<bool>(qualifiedName(RD))
                          .Cases("std::basic_string", "std::basic_string_view",
                                 true)
                          .Cases("std::basic_ostringstream",
                                 "std::basic_stringstream", true)
                          .Cases("fmt::basic_string_view",
                                 "fmt::basic_memory_buffer", true)
                          .Cases("fmt::basic_format_string",
                                 "fmt::format_string", true)
                          .Cases("QString", "QByteArray", "QStringView", true)
                          .Cases("absl::string_view", "absl::Cord", true)
                          .Default(false);
}

} // namespace trailguard
