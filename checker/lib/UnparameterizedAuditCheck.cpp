//===--- UnparameterizedAuditCheck.cpp - trailguard-unparameterized-audit -===//
//
// An audit message must be a compile-time constant; runtime values belong in
// structured parameters. A message built at run time, or formatted with
// runtime arguments (printf-, fmt- or stream-style), lets whoever controls
// those values forge what the audit trail says.
//
//===----------------------------------------------------------------------===//

#include "UnparameterizedAuditCheck.h"
#include "LibraryModel.h"
#include "ProgramFacts.h"
#include "SourceText.h"
#include "SinkCatalog.h"
#include "TierModel.h"

#include "clang/AST/Attr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/DenseMap.h"

#include <map>
#include <set>

using namespace clang;

namespace trailguard {
namespace {

/// `const char *`, `const wchar_t *`, string classes and format strings.
bool isStringType(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    return PT->getPointeeType()->isAnyCharacterType();
  return library::find(library::Role::AuditMessageType,
                       T->getAsCXXRecordDecl());
}

bool isFormatStringType(QualType T) {
  return library::find(library::Role::FormatStringType,
                       T.getNonReferenceType()->getAsCXXRecordDecl());
}

const Expr *strip(const Expr *E) {
  while (true) {
    const Expr *Next = skipWrappers(E);
    if (const auto *CE = dyn_cast<ConstantExpr>(Next))
      Next = CE->getSubExpr();
    if (Next == E)
      return E;
    E = Next;
  }
}

/// Finds whether a local variable only ever holds constants, and where it
/// was last given a runtime value.
class LocalWrites : public RecursiveASTVisitor<LocalWrites> {
public:
  LocalWrites(const VarDecl *VD,
              llvm::function_ref<bool(const Expr *)> IsConstant)
      : VD(VD), IsConstant(IsConstant) {}

  bool refersToVar(const Expr *E) const {
    const auto *DRE = dyn_cast<DeclRefExpr>(strip(E));
    return DRE && DRE->getDecl() == VD;
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isAssignmentOp() && refersToVar(BO->getLHS()))
      if (BO->isCompoundAssignmentOp() || !IsConstant(BO->getRHS()))
        RuntimeWrite = BO;
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *OC) {
    if (OC->getNumArgs() == 2 && refersToVar(OC->getArg(0))) {
      if (OC->getOperator() == OO_Equal) {
        if (!IsConstant(OC->getArg(1)))
          RuntimeWrite = OC;
      } else if (OC->isAssignmentOp() || OC->getOperator() == OO_LessLess) {
        RuntimeWrite = OC; // +=, <<
      }
    }
    return true;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *MC) {
    if (const CXXMethodDecl *M = MC->getMethodDecl();
        M && !M->isConst() && refersToVar(MC->getImplicitObjectArgument()))
      RuntimeWrite = MC; // append, insert, assign, ...
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (UO->getOpcode() == UO_AddrOf && refersToVar(UO->getSubExpr()))
      RuntimeWrite = UO; // written through a pointer, for all we know
    return true;
  }

  const VarDecl *VD;
  llvm::function_ref<bool(const Expr *)> IsConstant;
  const Stmt *RuntimeWrite = nullptr;
};

class AuditCheck : public RecursiveASTVisitor<AuditCheck> {
public:
  AuditCheck(ASTContext &Ctx, const CheckOptions &Opts,
             FindingCollector &Findings)
      : Ctx(Ctx), SM(Ctx.getSourceManager()),
        Model(&Opts.Cfg, /*InferNames=*/false), Findings(Findings),
        Facts(Opts.Facts) {}

  /// Leaves for the whole program which functions of this unit return
  /// only compile-time constants (provided the functions of other units
  /// they return the results of do).
  void exportConstants();

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitLambdaBody() const { return true; }

  bool VisitCallExpr(CallExpr *CE) {
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE);
        OC && OC->getOperator() == OO_LessLess && OC->getNumArgs() == 2) {
      checkAuditStream(OC);
      return true;
    }
    const FunctionDecl *Callee = CE->getDirectCallee();
    std::optional<unsigned> MessageArg;
    if (!Callee || !Model.isAuditSink(Callee, &MessageArg))
      return true;
    checkAuditCall(CE, Callee, MessageArg);
    return true;
  }

private:
  void checkAuditCall(const CallExpr *CE, const FunctionDecl *Callee,
                      std::optional<unsigned> MessageArg);
  void checkAuditStream(const CXXOperatorCallExpr *OC);
  bool isConstant(const Expr *E, unsigned Depth = 0);
  bool isConstantVar(const VarDecl *VD, unsigned Depth);
  /// Whether every return of \p FD (defined here) is a constant.
  bool returnsOnlyConstants(const FunctionDecl *FD, unsigned Depth);
  /// A function of the project defined in another unit, by USR ("" if
  /// it is not one).
  std::string externalUsr(const FunctionDecl *FD);
  /// Reports \p Message at \p At now, or, if the message is constant only
  /// provided functions of other units return constants, when the whole
  /// program says they do not.
  void reportUnlessConstant(const Expr *At, std::string Message,
                            std::vector<FindingNote> Notes,
                            std::vector<std::string> Needs);
  std::vector<FindingNote> howBuilt(const Expr *Message);
  const Expr *firstRuntimeLeaf(const Expr *E);
  void report(const Expr *At, std::string Message,
              std::vector<FindingNote> Notes);

  ASTContext &Ctx;
  SourceManager &SM;
  TierModel Model;
  FindingCollector &Findings;
  llvm::DenseMap<const VarDecl *, bool> ConstantVars;
  /// The same while collecting Needs, for one message at a time: a
  /// variable's answer there depends on Needs not kept with it.
  llvm::DenseMap<const VarDecl *, bool> PendingVars;
  llvm::DenseMap<const VarDecl *, const Stmt *> RuntimeWrites;
  TUFacts *Facts;
  /// Functions of other units the constant just decided relies on.
  std::vector<std::string> Needs;
  /// While deciding an audit message (not the values interpolated into
  /// it), a function of another unit counts as returning constants, and is
  /// added to Needs.
  bool CollectNeeds = false;
  struct ConstantReturn {
    bool Constant = false;
    std::vector<std::string> Needs;
  };
  std::map<std::pair<const FunctionDecl *, bool>, ConstantReturn>
      ConstantReturns;
};

/// Finds the values a function returns.
class Returns : public RecursiveASTVisitor<Returns> {
public:
  bool VisitReturnStmt(ReturnStmt *RS) {
    Values.push_back(RS->getRetValue());
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; } // not ours
  std::vector<const Expr *> Values;
};

bool AuditCheck::isConstant(const Expr *E, unsigned Depth) {
  if (!E || Depth > 16)
    return false;
  E = strip(E);
  if (isa<StringLiteral, PredefinedExpr, CharacterLiteral, IntegerLiteral,
          CXXNullPtrLiteralExpr, GNUNullExpr, UserDefinedLiteral>(E))
    return true;
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E))
    return isConstant(CO->getTrueExpr(), Depth + 1) &&
           isConstant(CO->getFalseExpr(), Depth + 1);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return isConstantVar(VD, Depth);
    return isa<EnumConstantDecl>(DRE->getDecl());
  }
  // std::string("..."), std::string_view(kName), fmt::format_string("...").
  if (const auto *CCE = dyn_cast<CXXConstructExpr>(E)) {
    for (const Expr *Arg : CCE->arguments())
      if (!isa<CXXDefaultArgExpr>(Arg) && !isConstant(Arg, Depth + 1))
        return false;
    return true;
  }
  // "user " + std::string("logged in"): constants put together.
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E);
      OC && OC->getOperator() == OO_Plus)
    return llvm::all_of(OC->arguments(), [&](const Expr *Arg) {
      return isConstant(Arg, Depth + 1);
    });
  // kMessage.c_str() / .data() of a constant string.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    if (const CXXMethodDecl *M = MC->getMethodDecl();
        M && library::find(library::Role::ConstantView, M))
      return isConstant(MC->getImplicitObjectArgument(), Depth + 1);
  // Anything the compiler can fold (constexpr functions of constants).
  if (!E->isValueDependent() && !E->isTypeDependent() &&
      E->isEvaluatable(Ctx))
    return true;
  // A helper that returns only literals (a message per event kind).
  if (const auto *CE = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *FD = CE->getDirectCallee()) {
      const FunctionDecl *Def = nullptr;
      if (FD->hasBody(Def) && Def && !SM.isInSystemHeader(Def->getLocation()))
        return returnsOnlyConstants(Def, Depth + 1);
      if (std::string Usr = CollectNeeds ? externalUsr(FD) : "";
          !Usr.empty()) {
        Needs.push_back(std::move(Usr));
        return true; // provided the whole program agrees
      }
    }
  return false;
}

bool AuditCheck::returnsOnlyConstants(const FunctionDecl *FD, unsigned Depth) {
  if (Depth > 16 || FD->isDependentContext() || !isStringType(FD->getReturnType()))
    return false;
  auto Key = std::make_pair(FD, CollectNeeds);
  auto [It, New] = ConstantReturns.try_emplace(Key);
  if (!New) {
    // Not constant while in progress: recursion is not.
    Needs.insert(Needs.end(), It->second.Needs.begin(), It->second.Needs.end());
    return It->second.Constant;
  }
  std::vector<std::string> Outer = std::move(Needs);
  Needs.clear();
  Returns R;
  R.TraverseStmt(FD->getBody());
  bool Result = !R.Values.empty() &&
                llvm::all_of(R.Values, [&](const Expr *V) {
                  return V && isConstant(V, Depth + 1);
                });
  ConstantReturn &Memo = ConstantReturns[Key];
  Memo.Constant = Result;
  Memo.Needs = Result ? Needs : std::vector<std::string>();
  Outer.insert(Outer.end(), Memo.Needs.begin(), Memo.Needs.end());
  Needs = std::move(Outer);
  return Result;
}

std::string AuditCheck::externalUsr(const FunctionDecl *FD) {
  if (!Facts || FD->isDependentContext() ||
      SM.isInSystemHeader(SM.getFileLoc(FD->getLocation())) ||
      !isStringType(FD->getReturnType()))
    return "";
  llvm::SmallString<128> Usr;
  if (index::generateUSRForDecl(FD, Usr))
    return "";
  return std::string(Usr);
}

void AuditCheck::reportUnlessConstant(const Expr *At, std::string Message,
                                      std::vector<FindingNote> Notes,
                                      std::vector<std::string> Needed) {
  if (Needed.empty()) {
    report(At, std::move(Message), std::move(Notes));
    return;
  }
  SourceLocation FileLoc = SM.getFileLoc(At->getBeginLoc());
  if (!Facts || FileLoc.isInvalid() || !Findings.reportable()(FileLoc))
    return;
  FactConstantReport R;
  R.Where = resolveLocation(SM, FileLoc, std::move(Message), &R.LineText);
  for (const FindingNote &N : Notes)
    R.Notes.push_back(resolveLocation(SM, SM.getFileLoc(N.Loc), N.Message));
  R.Needs = std::move(Needed);
  R.RawLoc = At->getBeginLoc().getRawEncoding();
  Facts->ConstantReports.push_back(std::move(R));
}

void AuditCheck::exportConstants() {
  if (!Facts)
    return;
  // Every function of this unit that another unit may ask about.
  class Defined : public RecursiveASTVisitor<Defined> {
  public:
    bool VisitFunctionDecl(FunctionDecl *FD) {
      if (FD->doesThisDeclarationHaveABody() && !FD->isDependentContext() &&
          isStringType(FD->getReturnType()))
        Found.push_back(FD);
      return true;
    }
    std::vector<const FunctionDecl *> Found;
  } D;
  D.TraverseDecl(Ctx.getTranslationUnitDecl());
  for (const FunctionDecl *FD : D.Found) {
    if (SM.isInSystemHeader(SM.getFileLoc(FD->getLocation())))
      continue;
    Needs.clear();
    PendingVars.clear();
    CollectNeeds = true;
    bool Constant = returnsOnlyConstants(FD, 0);
    CollectNeeds = false;
    if (!Constant)
      continue;
    FactConstant C;
    llvm::SmallString<128> Usr;
    if (index::generateUSRForDecl(FD, Usr))
      continue;
    C.Usr = std::string(Usr);
    C.Needs = Needs;
    Facts->Constants.push_back(std::move(C));
  }
  llvm::sort(Facts->Constants, [](const FactConstant &L, const FactConstant &R) {
    return L.Usr < R.Usr;
  });
}

bool AuditCheck::isConstantVar(const VarDecl *VD, unsigned Depth) {
  llvm::DenseMap<const VarDecl *, bool> &ConstantVars =
      CollectNeeds ? PendingVars : this->ConstantVars;
  auto It = ConstantVars.find(VD);
  if (It != ConstantVars.end())
    return It->second;
  ConstantVars[VD] = false; // a variable defined by itself is not constant
  bool Result = false;
  const Expr *Init = VD->getAnyInitializer();
  if (isa<ParmVarDecl>(VD)) {
    Result = false; // comes from the caller
  } else if (VD->isConstexpr()) {
    Result = true;
  } else if (VD->getType().isConstQualified() ||
             (VD->getType()->isArrayType() &&
              VD->getType()->getArrayElementTypeNoTypeQual() &&
              VD->getType().getCanonicalType().isConstQualified())) {
    Result = Init && isConstant(Init, Depth + 1);
  } else if (VD->isLocalVarDecl() && Init && isConstant(Init, Depth + 1)) {
    // A local that is only ever given constants holds a constant.
    if (const auto *Fn =
            dyn_cast_or_null<FunctionDecl>(VD->getParentFunctionOrMethod())) {
      auto IsConstant = [&](const Expr *E) { return isConstant(E, Depth + 1); };
      LocalWrites W(VD, IsConstant);
      W.TraverseStmt(Fn->getBody());
      Result = !W.RuntimeWrite;
      if (W.RuntimeWrite)
        RuntimeWrites[VD] = W.RuntimeWrite;
    }
  } else if (const auto *VT = VD->getType()->getAs<PointerType>();
             VT && VT->getPointeeType().isConstQualified() &&
             VD->hasGlobalStorage() && Init && isConstant(Init, Depth + 1)) {
    // `static const char *kMsg = "..."` at namespace scope: mutable in
    // principle, constant in practice unless written; accept it.
    Result = true;
  }
  ConstantVars[VD] = Result;
  return Result;
}

/// The first runtime value inside \p E, for a note.
const Expr *AuditCheck::firstRuntimeLeaf(const Expr *E) {
  E = strip(E);
  if (isConstant(E))
    return nullptr;
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
    for (const Expr *Arg : OC->arguments())
      if (const Expr *Leaf = firstRuntimeLeaf(Arg))
        return Leaf;
    return E;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (const Expr *Leaf = firstRuntimeLeaf(BO->getLHS()))
      return Leaf;
    if (const Expr *Leaf = firstRuntimeLeaf(BO->getRHS()))
      return Leaf;
  }
  if (const auto *CCE = dyn_cast<CXXConstructExpr>(E))
    for (const Expr *Arg : CCE->arguments())
      if (const Expr *Leaf = firstRuntimeLeaf(Arg))
        return Leaf;
  return E;
}

std::vector<FindingNote> AuditCheck::howBuilt(const Expr *Message) {
  std::vector<FindingNote> Notes;
  const Expr *E = strip(Message);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    if (const CXXMethodDecl *M = MC->getMethodDecl();
        M && library::find(library::Role::MessageView, M))
      E = strip(MC->getImplicitObjectArgument());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return Notes;
    std::string Name = VD->getNameAsString();
    if (isa<ParmVarDecl>(VD)) {
      Notes.push_back({VD->getLocation(),
                       "'" + Name + "' is a parameter: the message comes "
                                    "from the caller at run time"});
      return Notes;
    }
    if (const Expr *Init = VD->getAnyInitializer();
        Init && !isConstant(Init)) {
      Notes.push_back(
          {Init->getBeginLoc(), "message '" + Name + "' is built here"});
      if (const Expr *Leaf = firstRuntimeLeaf(Init); Leaf && Leaf != strip(Init))
        Notes.push_back({Leaf->getBeginLoc(), "from this runtime value"});
    }
    auto It = RuntimeWrites.find(VD);
    if (It != RuntimeWrites.end())
      Notes.push_back({It->second->getBeginLoc(),
                       "message '" + Name + "' is given a runtime value here"});
    return Notes;
  }
  if (const Expr *Leaf = firstRuntimeLeaf(E); Leaf && Leaf != E)
    Notes.push_back({Leaf->getBeginLoc(),
                     "the message includes this runtime value"});
  return Notes;
}

void AuditCheck::report(const Expr *At, std::string Message,
                        std::vector<FindingNote> Notes) {
  if (Finding *F = Findings.report(At->getBeginLoc(), std::move(Message)))
    F->Notes = std::move(Notes);
}

void AuditCheck::checkAuditCall(const CallExpr *CE, const FunctionDecl *Callee,
                                std::optional<unsigned> MessageArg) {
  // Arguments as the callee's parameters see them.
  llvm::SmallVector<const Expr *, 8> Args;
  unsigned First = 0;
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE))
    if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee); MD && MD->isInstance())
      First = 1;
  for (unsigned I = First; I < CE->getNumArgs(); ++I)
    Args.push_back(CE->getArg(I));

  std::optional<unsigned> Index = MessageArg;
  if (!Index)
    for (unsigned I = 0; I < Callee->getNumParams(); ++I)
      if (isStringType(Callee->getParamDecl(I)->getType())) {
        Index = I;
        break;
      }
  if (!Index || *Index >= Args.size())
    return; // no message: a fully structured entry point
  const Expr *Message = Args[*Index];
  std::string Name = qualifiedName(Callee);

  Needs.clear();
  PendingVars.clear();
  CollectNeeds = true;
  bool Constant = isConstant(Message);
  CollectNeeds = false;
  std::vector<std::string> Needed = std::move(Needs);
  Needs.clear();
  std::string NotConstant = "audit message passed to '" + Name +
                            "' is not a compile-time constant; pass a "
                            "constant message and the runtime values as "
                            "structured parameters";
  if (!Constant) {
    report(Message, NotConstant, howBuilt(Message));
    return;
  }
  if (!Needed.empty())
    reportUnlessConstant(
        Message, NotConstant,
        {{Message->getBeginLoc(),
          "the message is the result of a function that another "
          "translation unit defines to return more than compile-time "
          "constants, or that no unit analyzed defines"}},
        Needed);

  // A constant format with runtime arguments still puts runtime text in the
  // message.
  const char *Style = nullptr;
  unsigned NumNamed = Callee->getNumParams();
  bool HasFormatAttr = Callee->hasAttr<clang::FormatAttr>();
  if ((Callee->isVariadic() || HasFormatAttr) && *Index + 1 == NumNamed &&
      Args.size() > NumNamed)
    Style = "printf-style";
  else if (isFormatStringType(Callee->getParamDecl(*Index)->getType()) &&
           Args.size() > *Index + 1)
    Style = "fmt-style";
  if (!Style)
    return;
  const Expr *FirstArg = Args[*Index + 1];
  for (unsigned I = *Index + 1; I < Args.size(); ++I)
    if (!isConstant(Args[I])) {
      FirstArg = Args[I];
      break;
    }
  report(Message,
         "audit message passed to '" + Name +
             "' interpolates runtime values with " + Style +
             " formatting; pass them as structured parameters",
         {{FirstArg->getBeginLoc(), "runtime value interpolated here"}});
}

void AuditCheck::checkAuditStream(const CXXOperatorCallExpr *OC) {
  // AUDIT() << "user " << name: the root of the chain is an audit sink call.
  const Expr *Root = strip(OC->getArg(0));
  while (const auto *Inner = dyn_cast<CXXOperatorCallExpr>(Root)) {
    if (Inner->getOperator() != OO_LessLess || Inner->getNumArgs() != 2)
      break;
    Root = strip(Inner->getArg(0));
  }
  const auto *RootCall = dyn_cast<CallExpr>(Root);
  const FunctionDecl *Callee = RootCall ? RootCall->getDirectCallee() : nullptr;
  if (const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(RootCall);
      MC && (!Callee || !Model.isAuditSink(Callee)))
    if (const auto *Obj = dyn_cast<CallExpr>(strip(MC->getImplicitObjectArgument())))
      if (const FunctionDecl *ObjCallee = Obj->getDirectCallee();
          ObjCallee && Model.isAuditSink(ObjCallee))
        Callee = ObjCallee; // AUDIT().stream() << ...
  if (!Callee || !Model.isAuditSink(Callee))
    return;
  const Expr *Value = OC->getArg(1);
  if (isConstant(Value))
    return;
  report(Value,
         "runtime value inserted into the audit message of '" +
             qualifiedName(Callee) +
             "' with stream-style formatting; pass it as a structured "
             "parameter",
         {});
}

} // namespace

void runUnparameterizedAuditCheck(ASTContext &Ctx, const CheckOptions &Opts,
                                  FindingCollector &Findings) {
  AuditCheck Check(Ctx, Opts, Findings);
  ReportablePred Reportable = Findings.reportable();
  SourceManager &SM = Ctx.getSourceManager();
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    SourceLocation Loc = SM.getFileLoc(D->getLocation());
    if (Loc.isValid() && !SM.isInSystemHeader(Loc) && Reportable(Loc))
      Check.TraverseDecl(D);
  }
  Check.exportConstants();
}

} // namespace trailguard
