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
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

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

/// A std::ostringstream (or other std::basic_ostream) member: the buffer of
/// a class that wraps a stream rather than deriving from one.
bool isStreamField(const FieldDecl *F) {
  return library::find(library::Role::OutputStreamBase,
                       F->getType()->getAsCXXRecordDecl());
}

/// `this`, or a stream member of it (`this->buf`, `buf`).
bool isThisStream(const Expr *E) {
  if (isa<CXXThisExpr>(E))
    return true;
  const auto *ME = dyn_cast<MemberExpr>(E);
  const auto *F = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
  return F && isa<CXXThisExpr>(skipWrappers(ME->getBase())) && isStreamField(F);
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

const Expr *SinkCatalog::streamRoot(const Expr *Stream) {
  const Expr *E = skipWrappers(Stream);
  while (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getOperator() != OO_LessLess || Op->getNumArgs() != 2)
      break;
    E = skipWrappers(Op->getArg(0));
  }
  return E;
}

std::string SinkCatalog::streamSink(const Expr *Stream, bool *ByMacro) {
  const Expr *E = streamRoot(Stream);
  if (ByMacro)
    *ByMacro = false;

  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        VD && VD->hasGlobalStorage()) {
      std::string Q = qualifiedName(VD);
      if (library::findName(library::Role::LogStreamObject, Q))
        return Q;
    }
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    if (const CXXMethodDecl *M = MC->getMethodDecl(); M && M->getIdentifier())
      if (const library::Rule *R =
              library::find(library::Role::LogStreamMethod, M)) {
        if (ByMacro)
          *ByMacro = R->Flags & library::NamedByMacro;
        return library::display(*R, M->getName(), M->getName());
      }
  if (isa<CXXMemberCallExpr>(E))
    if (const CXXRecordDecl *Sink = classSinkDecl(E))
      return qualifiedName(Sink);

  const CXXRecordDecl *RD = recordOf(E->getType());
  if (!RD)
    return "";
  if (ByMacro)
    *ByMacro = RecordsByMacro.contains(RD);
  if (auto It = RecordSinks.find(RD); It != RecordSinks.end())
    return It->second;
  // Not a sink while it is being decided: a destructor may write into an
  // object of its own class. recordSink() may grow the map, so the entry
  // is looked up again.
  RecordSinks[RD] = "";
  std::string Sink = recordSink(RD);
  RecordSinks[RD] = Sink;
  if (ByMacro)
    *ByMacro = RecordsByMacro.contains(RD);
  return Sink;
}

std::string SinkCatalog::recordSink(const CXXRecordDecl *RD) {
  if (const library::Rule *R =
          library::find(library::Role::LogStreamType, RD)) {
    if (R->Flags & library::NamedByMacro)
      RecordsByMacro.insert(RD);
    return library::display(*R, qualifiedName(RD),
                            RD->getIdentifier() ? RD->getName() : "");
  }
  return sinkClass(RD);
}

const CXXRecordDecl *SinkCatalog::classSinkDecl(const Expr *Object) {
  const Expr *Root = streamRoot(Object);
  if (const CXXRecordDecl *Sink = sinkClassDecl(recordOf(Root->getType())))
    return Sink;
  // LogLine().stream() << x: the stream a sink class hands out is what it
  // writes to its log.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Root))
    if (library::find(library::Role::OutputStreamBase, recordOf(MC->getType())))
      return sinkClassDecl(
          recordOf(MC->getImplicitObjectArgument()->getType()));
  return nullptr;
}

std::string SinkCatalog::classSink(const Expr *Object) {
  const CXXRecordDecl *Sink = classSinkDecl(Object);
  return Sink ? qualifiedName(Sink) : "";
}

std::optional<FindingNote> SinkCatalog::classSinkNote(const Expr *Object) {
  const CXXRecordDecl *RD = classSinkDecl(Object);
  auto It = RD ? Flushes.find(RD) : Flushes.end();
  if (It == Flushes.end())
    return std::nullopt;
  return It->second;
}

std::string SinkCatalog::sinkClass(const CXXRecordDecl *RD) {
  const CXXRecordDecl *Sink = sinkClassDecl(RD);
  return Sink ? qualifiedName(Sink) : "";
}

const CXXRecordDecl *SinkCatalog::sinkClassDecl(const CXXRecordDecl *RD) {
  if (!RD)
    return nullptr;
  if (auto It = ClassSinks.find(RD); It != ClassSinks.end())
    return It->second;
  ClassSinks[RD] = nullptr;
  const CXXRecordDecl *Sink = nullptr;
  if (Model.isLogSinkClass(RD) || flushesToLog(RD))
    Sink = RD;
  else if (RD->hasDefinition())
    for (const CXXBaseSpecifier &B : RD->getDefinition()->bases())
      if ((Sink = sinkClassDecl(B.getType()->getAsCXXRecordDecl())))
        break;
  ClassSinks[RD] = Sink;
  return Sink;
}

bool SinkCatalog::flushesToLog(const CXXRecordDecl *RD) {
  if (!RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  // The standard streams themselves write where they are told to.
  if (RD->getASTContext().getSourceManager().isInSystemHeader(
          RD->getLocation()) ||
      !(library::find(library::Role::OutputStreamBase, RD) ||
        llvm::any_of(RD->fields(), isStreamField)))
    return false;
  for (const CXXMethodDecl *M : RD->methods()) {
    bool Flushing = isa<CXXDestructorDecl>(M) ||
                    (M->getIdentifier() &&
                     (M->getName() == "flush" || M->getName() == "sync"));
    const FunctionDecl *Def = nullptr;
    if (!Flushing || !M->hasBody(Def) || !Def)
      continue;
    if (auto Write = writesOwnBuffer(Def->getBody())) {
      std::string In = isa<CXXDestructorDecl>(M)
                           ? "its destructor"
                           : "'" + M->getNameAsString() + "()'";
      Flushes[RD] = FindingNote{
          Write->first, "'" + qualifiedName(RD) +
                            "' is a log sink: it writes its buffer to log "
                            "sink '" +
                            Write->second + "' in " + In + " here"};
      return true;
    }
  }
  return false;
}

bool SinkCatalog::isOwnBuffer(const Expr *E, unsigned Depth) {
  if (!E || Depth > 8)
    return false;
  E = skipWrappers(E);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *M = MC->getMethodDecl();
    if (!M || !M->getIdentifier())
      return false;
    const Expr *Obj = skipWrappers(MC->getImplicitObjectArgument());
    llvm::StringRef Name = M->getName();
    if (isThisStream(Obj))
      return MC->getNumArgs() == 0 &&
             (Name == "str" || Name == "rdbuf" || Name == "view");
    // str().c_str(), str().substr(n)
    if (library::find(library::Role::MessageView, M) || Name == "substr")
      return isOwnBuffer(Obj, Depth + 1);
    return false;
  }
  // std::string line = str(); ... line ...
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    return VD && VD->isLocalVarDecl() && isOwnBuffer(VD->getInit(), Depth + 1);
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E))
    return CE->getNumArgs() > 0 && isOwnBuffer(CE->getArg(0), Depth + 1);
  // str() + "\n"
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E);
      OC && OC->getOperator() == OO_Plus)
    return llvm::any_of(OC->arguments(), [&](const Expr *Arg) {
      return isOwnBuffer(Arg, Depth + 1);
    });
  return false;
}

std::optional<std::pair<SourceLocation, std::string>>
SinkCatalog::writesOwnBuffer(const Stmt *S) {
  if (!S)
    return std::nullopt;
  if (const auto *CE = dyn_cast<CallExpr>(S)) {
    auto FirstBuffer = [&](unsigned From) -> const Expr * {
      for (unsigned I = From; I < CE->getNumArgs(); ++I)
        if (isOwnBuffer(CE->getArg(I)))
          return CE->getArg(I);
      return nullptr;
    };
    // fprintf(stderr, "%s", str().c_str()), syslog, a TG_LOG_SINK function.
    if (const FunctionSink *FS = functionSink(CE->getDirectCallee()))
      if (const Expr *Arg = FirstBuffer(FS->FirstArg))
        return std::make_pair(Arg->getBeginLoc(), FS->Name);
    // std::cerr << str(), std::clog << rdbuf(), std::clog.write(...).
    const Expr *Stream = nullptr;
    unsigned First = 0;
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE)) {
      if (OC->getOperator() == OO_LessLess && OC->getNumArgs() == 2) {
        Stream = OC->getArg(0);
        First = 1;
      }
    } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
      Stream = MC->getImplicitObjectArgument();
    }
    if (const Expr *Arg = Stream ? FirstBuffer(First) : nullptr)
      if (std::string Sink = streamSink(Stream); !Sink.empty())
        return std::make_pair(Arg->getBeginLoc(), Sink);
  }
  for (const Stmt *Child : S->children())
    if (auto Write = writesOwnBuffer(Child))
      return Write;
  return std::nullopt;
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
