//===--- TierLeakCheck.cpp - trailguard-tier-leak -------------------------===//
//
// A forward, flow-sensitive taint analysis over Clang's CFG, with function
// summaries inside the translation unit.
//
// Why not clang/Analysis/FlowSensitive: that framework models values and
// storage locations with a SAT-backed environment, built for proving facts
// such as "this optional has a value". A tier is a three-point lattice joined
// over a handful of variables; the framework's per-function setup and solver
// would cost more than parsing (our budget is 1.15x of -fsyntax-only) and
// still leave summaries, formatter following and sink recognition to us. So
// we reuse Clang's CFG, its PostOrderCFGView and ForwardDataflowWorklist, and
// write only the transfer functions and the summaries.
//
//===----------------------------------------------------------------------===//

#include "TierLeakCheck.h"
#include "SinkCatalog.h"
#include "TierModel.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclFriend.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/FlowSensitive/DataflowWorklist.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/thread.h"

#include <deque>
#include <map>
#include <memory>
#include <set>

using namespace clang;

namespace trailguard {
namespace {

/// Parameter i of the analyzed function is bit i; `this` is ThisBit.
constexpr unsigned ThisBit = 62;
constexpr unsigned MaxParams = 62;

/// One step of a finding's path, as a linked list from the sink back to the
/// source; rendered as notes.
struct Step {
  SourceLocation Loc;
  std::string Message;
  const Step *Prev;
};

/// A dependency on one field of a parameter (or of `this`): what the caller
/// stored in that field of its argument.
using FieldDep = std::pair<unsigned, const FieldDecl *>;

/// The abstract value: a tier, plus the parameters (whole, or one field of
/// them) it depends on, so that a function summary can be applied to any
/// caller's arguments.
struct Taint {
  Tier T = Tier::Unrestricted;
  uint64_t Params = 0;
  llvm::SmallVector<FieldDep, 2> Fields;
  const Step *Path = nullptr;

  bool clean() const {
    return T == Tier::Unrestricted && Params == 0 && Fields.empty();
  }
  bool hasDeps() const { return Params != 0 || !Fields.empty(); }
  bool sameAs(const Taint &O) const {
    return T == O.T && Params == O.Params && Fields == O.Fields;
  }
};

/// Past this many field dependencies a value depends on whole parameters.
constexpr unsigned MaxFieldDeps = 8;

Taint join(Taint A, const Taint &B) {
  if (B.T > A.T || (B.T == A.T && !A.Path))
    A.Path = B.Path;
  A.T = maxTier(A.T, B.T);
  A.Params |= B.Params;
  for (const FieldDep &D : B.Fields)
    if (!llvm::is_contained(A.Fields, D))
      A.Fields.push_back(D);
  if (A.Fields.size() > MaxFieldDeps) {
    for (const FieldDep &D : A.Fields)
      A.Params |= uint64_t(1) << D.first;
    A.Fields.clear();
  }
  llvm::sort(A.Fields);
  return A;
}

/// Only the dependencies of \p T (for summaries of what reaches a sink).
Taint depsOf(const Taint &T) {
  Taint D;
  D.Params = T.Params;
  D.Fields = T.Fields;
  D.Path = T.Path;
  return D;
}

/// A storage location: a local variable or parameter, one of its fields, or
/// (Var == nullptr) a field of `this`.
using Key = std::pair<const ValueDecl *, const FieldDecl *>;

struct State {
  llvm::DenseMap<Key, Taint> Vals;

  Taint get(Key K) const {
    auto It = Vals.find(K);
    return It == Vals.end() ? Taint() : It->second;
  }
  /// The fields recorded for \p Var (nullptr: the fields of `this`).
  llvm::SmallVector<std::pair<const FieldDecl *, Taint>, 4>
  fieldsOf(const ValueDecl *Var) const {
    llvm::SmallVector<std::pair<const FieldDecl *, Taint>, 4> Fields;
    for (const auto &[K, FV] : Vals)
      if (K.first == Var && K.second)
        Fields.push_back({K.second, FV});
    return Fields;
  }
  bool joinWith(const State &O) {
    bool Changed = false;
    for (const auto &[K, V] : O.Vals) {
      auto [It, Inserted] = Vals.try_emplace(K, V);
      if (Inserted) {
        Changed |= !V.clean();
        continue;
      }
      Taint J = join(It->second, V);
      if (!J.sameAs(It->second)) {
        It->second = J;
        Changed = true;
      }
    }
    return Changed;
  }
};

/// A place inside a callee that a parameter reaches and that accepts at most
/// Ceiling: a log sink, or a store into a lower-tier field.
struct ParamSink {
  Taint Deps; ///< which parameters (or fields of them) reach it
  Tier Ceiling;
  std::string What; ///< "log sink 'printf'", "field 'email' declared restricted"
  SourceLocation Loc; ///< the sink, or the call that leads to it
  const Step *Path;   ///< inside the function, from the parameter to Loc
  std::string Via;    ///< the callee called at Loc, when the sink is deeper
  std::vector<FindingNote> Tail; ///< the notes of the deeper calls
};

/// Past this many, a summary keeps no more sinks: enough to report every
/// kind of leak, bounded so that call trees cannot grow summaries
/// exponentially.
/// Calls are followed into their callees this deep: Clang's default
/// -ftemplate-depth, so that a chain of template instantiations the compiler
/// accepts is followed to its end. Each callee is analyzed once, so depth
/// costs stack, not time.
constexpr size_t MaxCallDepth = 1024;
/// The analysis continues on a fresh thread every this many levels ...
constexpr size_t CallDepthPerThread = 128;
/// ... with this much stack: far more than 128 levels take.
constexpr unsigned ThreadStackBytes = 16 << 20;
constexpr size_t MaxSinksPerSummary = 64;
constexpr size_t MaxTailNotes = 12;

struct Summary;
void addSink(Summary &S, ParamSink PS);

struct Summary {
  Taint Return;
  llvm::DenseMap<const FieldDecl *, Taint> ReturnFields;
  llvm::SmallVector<Taint, 4> Out; ///< written into reference/pointer params
  llvm::DenseMap<const FieldDecl *, Taint> ThisFields; ///< this->f = ...
  std::vector<ParamSink> Sinks;
  bool InProgress = false;
  bool Recursive = false;
  bool Stale = false; ///< computed from a partial summary of a cycle
  llvm::SmallPtrSet<const FunctionDecl *, 4> DependsOnMe;

  bool sameAs(const Summary &O) const {
    if (!Return.sameAs(O.Return) || Out.size() != O.Out.size() ||
        Sinks.size() != O.Sinks.size() ||
        ThisFields.size() != O.ThisFields.size() ||
        ReturnFields.size() != O.ReturnFields.size())
      return false;
    for (size_t I = 0; I < Out.size(); ++I)
      if (!Out[I].sameAs(O.Out[I]))
        return false;
    for (const auto &[F, V] : ThisFields) {
      auto It = O.ThisFields.find(F);
      if (It == O.ThisFields.end() || !It->second.sameAs(V))
        return false;
    }
    for (const auto &[F, V] : ReturnFields) {
      auto It = O.ReturnFields.find(F);
      if (It == O.ReturnFields.end() || !It->second.sameAs(V))
        return false;
    }
    return true;
  }
};

const CXXRecordDecl *recordOfValue(QualType T) {
  return T.getNonReferenceType()->getAsCXXRecordDecl();
}

/// How a function is named in diagnostics: qualified, and a lambda by its
/// call operator rather than by its enclosing function's mangled scope.
std::string displayName(const FunctionDecl *FD) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda())
      return "lambda operator()";
  return qualifiedName(FD);
}

/// Functions whose results carry no information about the contents: sizes,
/// lengths, counts of characters written, orderings.
bool isValueFree(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier())
    return false;
  llvm::StringRef Name = FD->getName();
  if (isa<CXXMethodDecl>(FD))
    return llvm::StringSwitch<bool>(Name)
        .Cases("size", "length", "empty", "capacity", "max_size", true)
        .Cases("has_value", "use_count", "bucket_count", "compare", true)
        .Cases("find", "rfind", "find_first_of", "find_last_of", true)
        .Cases("find_first_not_of", "find_last_not_of", "count", true)
        .Default(false);
  const DeclContext *DC = FD->getDeclContext()->getRedeclContext();
  if (!DC->isTranslationUnit() && !DC->isStdNamespace() && !FD->isExternC())
    return false;
  return llvm::StringSwitch<bool>(Name)
      .Cases("strlen", "strnlen", "wcslen", "wcsnlen", true)
      .Cases("strcmp", "strncmp", "memcmp", "wcscmp", "strcasecmp", true)
      .Cases("snprintf", "sprintf", "vsnprintf", "vsprintf", true)
      .Cases("swprintf", "vswprintf", true)
      .Cases("write", "pwrite", "send", "sendto", "fwrite", true)
      .Cases("read", "pread", "recv", "recvfrom", "fread", true)
      .Default(false);
}

/// By the naming convention of C code (sdslen, objlen, buffer_size,
/// item_count): an integer result of a function named like a length or a
/// count is one.
bool isNamedLikeALength(const FunctionDecl *FD) {
  if (!FD->getIdentifier() || !FD->getReturnType()->isIntegerType() ||
      FD->getReturnType()->isBooleanType())
    return false;
  std::string Name = FD->getName().lower();
  llvm::StringRef N(Name);
  return N.ends_with("len") || N.ends_with("length") || N.ends_with("size") ||
         N.ends_with("count");
}

class Analysis;

/// The dataflow over one function body.
class FunctionFlow {
public:
  FunctionFlow(Analysis &A, const FunctionDecl *FD, Summary &Sum)
      : A(A), FD(FD), Sum(Sum) {}

  /// Runs to a fixpoint; \p Seed is the enclosing state for a lambda body.
  void run(const State *Seed);

  /// The state when the function returns (after run()).
  const State &exitState() const { return Exit; }

private:
  // Transfer.
  void transfer(const Stmt *S);
  void transferInitializer(const CXXCtorInitializer *Init);
  Taint value(const Expr *E);
  Taint compute(const Expr *E);
  Taint computeImpl(const Expr *E);
  Taint declRefValue(const DeclRefExpr *DRE);
  Taint memberValue(const MemberExpr *ME);
  Taint fieldState(const Expr *Base, const FieldDecl *F);
  Taint callValue(const CallExpr *CE);
  Taint constructValue(const CXXConstructExpr *CCE);
  Taint initListValue(const InitListExpr *ILE, std::optional<Key> Into);
  Taint lambdaValue(const LambdaExpr *LE);
  Taint objectTaint(const Expr *E);
  Taint formattedTaint(const Expr *Arg);

  // Stores.
  struct Place {
    const ValueDecl *Var = nullptr; ///< null with Field set: this->Field
    const FieldDecl *Field = nullptr;
    bool Indirect = false; ///< through *p, p[i], &x: never a strong update
  };
  std::optional<Place> placeOf(const Expr *E);
  const ValueDecl *targetDecl(const Place &P) {
    return P.Field ? static_cast<const ValueDecl *>(P.Field) : P.Var;
  }
  void store(const Place &P, const Expr *Src, Taint V, SourceLocation Loc,
             bool Strong);
  void write(Key K, Taint V, bool Strong, SourceLocation Loc);
  bool copyFields(const ValueDecl *To, const Expr *Src);
  void checkCeiling(const ValueDecl *Target, const Taint &V,
                    SourceLocation Loc);
  void checkSink(const Expr *Arg, const Taint &V, llvm::StringRef SinkName,
                 llvm::StringRef Through = {});
  void writeInto(const Expr *Target, const Expr *Carrier, Taint V,
                 llvm::StringRef Through = {});

  // Calls.
  struct CallArgs {
    const Expr *Obj = nullptr;
    llvm::SmallVector<const Expr *, 8> Args;
    Taint ObjVal;
    llvm::SmallVector<Taint, 8> Vals;
  };
  CallArgs collectArgs(const CallExpr *CE, const FunctionDecl *Callee);
  /// \p T with its parameter dependencies replaced by the arguments.
  Taint bind(const Taint &T, const CallArgs &CA);
  Taint bindArg(const Taint &T, const CallArgs &CA, unsigned I);
  Taint argValue(const Expr *Arg, bool Whole);
  Taint argFieldValue(const Expr *Arg, const FieldDecl *F);
  Taint fieldOf(const Expr *Base, const FieldDecl *F);
  void applySummary(const Summary &S, const CallArgs &CA,
                    const FunctionDecl *Callee, SourceLocation CallLoc);
  void applyParamSinks(const Summary &S, const CallArgs &CA,
                       const FunctionDecl *Callee);
  bool paramWritable(const FunctionDecl *Callee, unsigned I);

  std::optional<unsigned> paramIndex(const ValueDecl *D) const {
    auto It = ParamIndex.find(D);
    if (It == ParamIndex.end())
      return std::nullopt;
    return It->second;
  }

  Analysis &A;
  const FunctionDecl *FD;
  Summary &Sum;
  State Cur;
  State Exit;
  llvm::DenseMap<const Expr *, Taint> Vals;
  llvm::DenseMap<const ValueDecl *, unsigned> ParamIndex;
};

class Analysis {
public:
  Analysis(ASTContext &Ctx, const CheckOptions &Opts,
           FindingCollector &Findings)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Opts(Opts),
        Model(&Opts.Cfg, Opts.InferSensitiveNames), Catalog(Model),
        Reportable(Findings.reportable()), Findings(Findings) {}

  void run();

  /// The summary of a function with a body (analyzing it on first use).
  /// Callers copy it: inside a cycle it is the summary being built, which
  /// the caller's own transfer functions may grow.
  const Summary &summaryOf(const FunctionDecl *FD);
  bool hasAnalyzableBody(const FunctionDecl *FD);
  /// Computes the summary of \p Def, one call deeper.
  void computeSummary(const FunctionDecl *Def, Summary &Out);
  void reportDepthLimit(const FunctionDecl *Cut);

  /// Bounds lambdas analyzed inside lambdas.
  bool enterLambda() {
    if (LambdaDepth >= 4)
      return false;
    ++LambdaDepth;
    return true;
  }
  void leaveLambda() { --LambdaDepth; }
  void analyzeLambdasIn(const Stmt *S);

  const Step *step(SourceLocation Loc, std::string Message, const Step *Prev) {
    Steps.push_back(Step{Loc, std::move(Message), Prev});
    return &Steps.back();
  }
  const Step *sourceStep(const NamedDecl *D, Tier T, bool IsType = false);

  void report(SourceLocation Loc, std::string Message, const Step *Path,
              std::vector<FindingNote> Extra = {});

  const FunctionDecl *fmtFormatMethod(const CXXRecordDecl *RD);
  const FunctionDecl *streamOperator(const CXXRecordDecl *RD);

  ASTContext &Ctx;
  SourceManager &SM;
  const CheckOptions &Opts;
  TierModel Model;
  SinkCatalog Catalog;

private:
  ReportablePred Reportable;
  void analyzeDecl(const Decl *D);
  void analyzeFunction(const FunctionDecl *FD);
  const ClassTemplateDecl *fmtFormatterTemplate();

  FindingCollector &Findings;
  std::deque<Step> Steps;
  llvm::DenseMap<const NamedDecl *, const Step *> SourceSteps;
  std::map<const FunctionDecl *, std::unique_ptr<Summary>> Summaries;
  llvm::DenseMap<const CXXRecordDecl *, const FunctionDecl *> FormatCache,
      StreamOpCache;
  std::optional<const ClassTemplateDecl *> FmtFormatter;
  std::vector<const FunctionDecl *> Stack;
  unsigned LambdaDepth = 0;
};

//===----------------------------------------------------------------------===//
// FunctionFlow
//===----------------------------------------------------------------------===//

void FunctionFlow::run(const State *Seed) {
  const Stmt *Body = FD->getBody();
  if (!Body)
    return;
  CFG::BuildOptions Opts;
  Opts.AddInitializers = true;
  Opts.AddCXXDefaultInitExprInCtors = true;
  Opts.setAllAlwaysAdd();
  std::unique_ptr<CFG> G =
      CFG::buildCFG(FD, const_cast<Stmt *>(Body), &A.Ctx, Opts);
  if (!G)
    return;

  unsigned NumParams = std::min<unsigned>(FD->getNumParams(), MaxParams);
  Sum.Out.resize(NumParams);
  State Entry;
  if (Seed)
    Entry = *Seed;
  for (unsigned I = 0; I < NumParams; ++I) {
    const ParmVarDecl *P = FD->getParamDecl(I);
    ParamIndex[P] = I;
    Entry.Vals[{P, nullptr}] = Taint{Tier::Unrestricted, uint64_t(1) << I};
  }

  PostOrderCFGView POV(G.get());
  ForwardDataflowWorklist W(*G, &POV);
  std::vector<std::optional<State>> In(G->getNumBlockIDs());
  In[G->getEntry().getBlockID()] = std::move(Entry);
  W.enqueueBlock(&G->getEntry());

  while (const CFGBlock *B = W.dequeue()) {
    Cur = *In[B->getBlockID()];
    for (const CFGElement &E : *B) {
      if (std::optional<CFGStmt> S = E.getAs<CFGStmt>())
        transfer(S->getStmt());
      else if (std::optional<CFGInitializer> I = E.getAs<CFGInitializer>())
        transferInitializer(I->getInitializer());
    }
    if (B == &G->getExit())
      Exit = Cur;
    for (const CFGBlock *Succ : B->succs()) {
      if (!Succ)
        continue;
      std::optional<State> &S = In[Succ->getBlockID()];
      if (!S) {
        S = Cur;
        W.enqueueBlock(Succ);
      } else if (S->joinWith(Cur)) {
        W.enqueueBlock(Succ);
      }
    }
  }
}

void FunctionFlow::transfer(const Stmt *S) {
  if (const auto *E = dyn_cast<Expr>(S)) {
    Vals[E] = compute(E);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls()) {
      const auto *VD = dyn_cast<VarDecl>(D);
      if (!VD || !VD->getInit())
        continue;
      const Expr *Init = VD->getInit();
      store(Place{VD, nullptr}, Init, value(Init), VD->getLocation(),
            /*Strong=*/true);
    }
    return;
  }
  if (const auto *RS = dyn_cast<ReturnStmt>(S)) {
    const Expr *RV = RS->getRetValue();
    if (!RV)
      return;
    Taint V = value(RV);
    if (!V.clean() && V.T > Tier::Unrestricted)
      V.Path = A.step(RV->getBeginLoc(),
                      (tierName(V.T) + " value is returned here").str(),
                      V.Path);
    Sum.Return = join(Sum.Return, V);
    // Returning a local record keeps its per-field tiers apart.
    if (const auto *DRE = dyn_cast<DeclRefExpr>(skipWrappers(RV)))
      for (const auto &[F, FV] : Cur.fieldsOf(DRE->getDecl()))
        Sum.ReturnFields[F] = join(Sum.ReturnFields[F], FV);
    return;
  }
}

void FunctionFlow::transferInitializer(const CXXCtorInitializer *Init) {
  const FieldDecl *F = Init->getMember();
  if (!F || !Init->getInit())
    return;
  store(Place{nullptr, F}, Init->getInit(), value(Init->getInit()),
        Init->getSourceLocation(), /*Strong=*/true);
}

Taint FunctionFlow::value(const Expr *E) {
  auto It = Vals.find(E);
  if (It != Vals.end())
    return It->second;
  return compute(E);
}

Taint FunctionFlow::compute(const Expr *E) {
  Taint V = computeImpl(E);
  // Booleans (comparisons, empty(), predicates) carry no tier.
  QualType T = E->getType();
  if (!T.isNull() && T->isBooleanType())
    return Taint();
  return V;
}

Taint FunctionFlow::computeImpl(const Expr *E) {
  if (isa<StringLiteral, IntegerLiteral, CharacterLiteral, FloatingLiteral,
          CXXBoolLiteralExpr, CXXNullPtrLiteralExpr, UnaryExprOrTypeTraitExpr,
          GNUNullExpr, ImplicitValueInitExpr, CXXScalarValueInitExpr,
          SizeOfPackExpr, ObjCStringLiteral>(E))
    return Taint();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return declRefValue(DRE);
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return memberValue(ME);
  if (const auto *CE = dyn_cast<CallExpr>(E))
    return callValue(CE);
  if (const auto *CCE = dyn_cast<CXXConstructExpr>(E))
    return constructValue(CCE);
  if (const auto *ILE = dyn_cast<InitListExpr>(E))
    return initListValue(ILE, std::nullopt);
  if (const auto *LE = dyn_cast<LambdaExpr>(E))
    return lambdaValue(LE);
  if (isa<CXXThisExpr>(E))
    return Taint{Tier::Unrestricted, uint64_t(1) << ThisBit};
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E))
    return join(value(CO->getTrueExpr()), value(CO->getFalseExpr()));
  if (const auto *DA = dyn_cast<CXXDefaultArgExpr>(E))
    return value(DA->getExpr());
  if (const auto *DI = dyn_cast<CXXDefaultInitExpr>(E))
    return value(DI->getExpr());
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_LNot)
      return Taint();
    return value(UO->getSubExpr());
  }
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
    Taint V = value(ASE->getBase());
    TierSource TS = A.Model.typeTier(ASE->getBase()->getType());
    if (TS.T > V.T)
      V = join(V, Taint{TS.T, 0, {}, A.sourceStep(TS.Decl, TS.T, true)});
    return V;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->isComparisonOp() || BO->isLogicalOp())
      return Taint();
    if (BO->getOpcode() == BO_Comma)
      return value(BO->getRHS());
    if (BO->isAssignmentOp()) {
      Taint R = value(BO->getRHS());
      if (BO->isCompoundAssignmentOp())
        R = join(R, value(BO->getLHS()));
      if (std::optional<Place> P = placeOf(BO->getLHS()))
        store(*P, BO->getRHS(), R, BO->getOperatorLoc(),
              /*Strong=*/!BO->isCompoundAssignmentOp());
      return R;
    }
    return join(value(BO->getLHS()), value(BO->getRHS()));
  }
  if (const auto *NE = dyn_cast<CXXNewExpr>(E)) {
    if (const Expr *Init = NE->getInitializer())
      return value(Init);
    return Taint();
  }
  // Casts, parens, temporaries, cleanups and whatever else wraps a value
  // carry the tier of what they wrap.
  Taint V;
  for (const Stmt *Child : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(Child))
      V = join(V, value(CE));
  return V;
}

Taint FunctionFlow::declRefValue(const DeclRefExpr *DRE) {
  const ValueDecl *D = DRE->getDecl();
  if (!isa<VarDecl, BindingDecl>(D))
    return Taint();
  // auto [a, b] = s: a binding is the member (or get<>) it names.
  if (const auto *BD = dyn_cast<BindingDecl>(D))
    if (const Expr *Binding = BD->getBinding())
      return value(Binding);
  // An explicit tier is both the source and the ceiling of what is read.
  if (std::optional<Tier> T = A.Model.declaredTier(D))
    return Taint{*T, 0, {}, *T > Tier::Unrestricted ? A.sourceStep(D, *T) : nullptr};
  return Cur.get({D, nullptr});
}

Taint FunctionFlow::fieldState(const Expr *Base, const FieldDecl *F) {
  const Expr *B = skipWrappers(Base);
  if (isa<CXXThisExpr>(B))
    return Cur.get({nullptr, F});
  if (const auto *DRE = dyn_cast<DeclRefExpr>(B))
    return Cur.get({DRE->getDecl(), F});
  if (const auto *CE = dyn_cast<CallExpr>(B)) {
    const FunctionDecl *Callee = CE->getDirectCallee();
    if (Callee && A.hasAnalyzableBody(Callee)) {
      const Summary S = A.summaryOf(Callee);
      auto It = S.ReturnFields.find(F);
      if (It != S.ReturnFields.end())
        return bind(It->second, collectArgs(CE, Callee));
    }
  }
  return Taint();
}

/// The value of field \p F of the object \p Base denotes. A field of one of
/// our parameters (or of `this`) that this function did not write is a
/// dependency on the caller's argument, so summaries stay field-precise.
Taint FunctionFlow::fieldOf(const Expr *Base, const FieldDecl *F) {
  const Expr *B = skipWrappers(Base);
  Taint V;
  std::optional<unsigned> Param;
  if (isa<CXXThisExpr>(B)) {
    if (isa<CXXMethodDecl>(FD))
      Param = ThisBit;
  } else if (const auto *DRE = dyn_cast<DeclRefExpr>(B)) {
    Param = paramIndex(DRE->getDecl());
  }
  if (Param) {
    const ValueDecl *Var =
        *Param == ThisBit ? nullptr : cast<DeclRefExpr>(B)->getDecl();
    V = Cur.get({Var, F});
    Taint Whole = Var ? Cur.get({Var, nullptr})
                      : Taint{Tier::Unrestricted, uint64_t(1) << ThisBit};
    uint64_t Bit = uint64_t(1) << *Param;
    if (Whole.Params & Bit) {
      Whole.Params &= ~Bit;
      Whole.Fields.push_back({*Param, F});
    }
    V = join(V, Whole);
  } else {
    V = join(fieldState(Base, F), value(Base));
  }
  // Every part of a value of a sensitive type is sensitive.
  TierSource TS = A.Model.typeTier(Base->getType());
  if (TS.T > V.T)
    V = join(V, Taint{TS.T, 0, {}, A.sourceStep(TS.Decl, TS.T, true)});
  return V;
}

Taint FunctionFlow::memberValue(const MemberExpr *ME) {
  const ValueDecl *Member = ME->getMemberDecl();
  if (const auto *F = dyn_cast<FieldDecl>(Member)) {
    if (std::optional<Tier> T = A.Model.declaredTier(F))
      return Taint{*T, 0, {},
                   *T > Tier::Unrestricted ? A.sourceStep(F, *T) : nullptr};
    return fieldOf(ME->getBase(), F);
  }
  if (const auto *VD = dyn_cast<VarDecl>(Member)) {
    if (std::optional<Tier> T = A.Model.declaredTier(VD))
      return Taint{*T, 0, {},
                   *T > Tier::Unrestricted ? A.sourceStep(VD, *T) : nullptr};
    return Taint();
  }
  return value(ME->getBase());
}

/// The tier an object has when a function we cannot see consumes it whole:
/// what flowed into it, what its type says, and what was stored in its
/// fields.
Taint FunctionFlow::objectTaint(const Expr *E) {
  Taint V = value(E);
  QualType T = E->getType();
  const CXXRecordDecl *RD = recordOfValue(T);
  if (!RD || A.Catalog.isStringLike(RD))
    return V;
  TierSource TS = A.Model.typeTier(T);
  if (TS.T > V.T)
    V = join(V, Taint{TS.T, 0, {}, A.sourceStep(TS.Decl, TS.T, true)});
  if (const auto *DRE = dyn_cast<DeclRefExpr>(skipWrappers(E)))
    for (const auto &[F, FV] : Cur.fieldsOf(DRE->getDecl()))
      V = join(V, FV);
  return V;
}

/// The tier of what a formatter prints for \p Arg: for an object, what its
/// fmt::formatter or operator<< really emits; without a visible formatter,
/// everything the object contains.
Taint FunctionFlow::formattedTaint(const Expr *Arg) {
  const CXXRecordDecl *RD = recordOfValue(Arg->getType());
  if (!RD || A.Catalog.isStringLike(RD) || !RD->hasDefinition())
    return value(Arg);
  auto Apply = [&](const FunctionDecl *Fmt, bool Stream) {
    const Summary S = A.summaryOf(Fmt);
    Taint Written = Stream ? Taint() : S.Return;
    for (const Taint &O : S.Out)
      Written = join(Written, O);
    // operator<<(stream, obj) takes the object second, format(obj, ctx) first.
    CallArgs CA;
    if (Stream)
      CA.Args.push_back(nullptr);
    CA.Args.push_back(Arg);
    Taint Result = bind(Written, CA);
    if (Result.T > Tier::Unrestricted)
      Result.Path = A.step(Arg->getBeginLoc(),
                           ("formatted by '" + qualifiedName(Fmt) +
                            "', which prints a " + tierName(Result.T) +
                            " value")
                               .str(),
                           Result.Path);
    return Result;
  };
  if (const FunctionDecl *Fmt = A.fmtFormatMethod(RD))
    return Apply(Fmt, /*Stream=*/false);
  if (const FunctionDecl *Op = A.streamOperator(RD))
    return Apply(Op, /*Stream=*/true);
  Taint V = argValue(Arg, /*Whole=*/true);
  TierSource TS = A.Model.contentTier(Arg->getType());
  if (TS.T > V.T)
    V = join(V, Taint{TS.T, 0, {}, A.sourceStep(TS.Decl, TS.T)});
  return V;
}

FunctionFlow::CallArgs FunctionFlow::collectArgs(const CallExpr *CE,
                                                 const FunctionDecl *Callee) {
  CallArgs CA;
  unsigned First = 0;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
    CA.Obj = MC->getImplicitObjectArgument();
  } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE)) {
    if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Callee);
        MD && MD->isInstance() && OC->getNumArgs() > 0) {
      CA.Obj = OC->getArg(0);
      First = 1;
    }
  }
  if (CA.Obj)
    CA.ObjVal = value(CA.Obj);
  for (unsigned I = First; I < CE->getNumArgs(); ++I) {
    CA.Args.push_back(CE->getArg(I));
    CA.Vals.push_back(value(CE->getArg(I)));
  }
  return CA;
}

Taint FunctionFlow::argValue(const Expr *Arg, bool Whole) {
  if (!Arg)
    return Taint();
  Taint V = value(Arg);
  if (!Whole)
    return V;
  // A callee that uses a parameter whole (streams it, passes it on) sees
  // everything stored in the fields of the caller's object.
  const Expr *B = skipWrappers(Arg);
  if (const auto *UO = dyn_cast<UnaryOperator>(B);
      UO && UO->getOpcode() == UO_AddrOf)
    B = skipWrappers(UO->getSubExpr());
  const ValueDecl *Object = nullptr;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(B))
    Object = DRE->getDecl();
  if (Object || isa<CXXThisExpr>(B))
    for (const auto &[F, FV] : Cur.fieldsOf(Object))
      V = join(V, FV);
  return V;
}

Taint FunctionFlow::argFieldValue(const Expr *Arg, const FieldDecl *F) {
  if (!Arg)
    return Taint();
  const Expr *B = skipWrappers(Arg);
  if (const auto *UO = dyn_cast<UnaryOperator>(B);
      UO && UO->getOpcode() == UO_AddrOf)
    B = skipWrappers(UO->getSubExpr());
  return fieldOf(B, F);
}

Taint FunctionFlow::bindArg(const Taint &T, const CallArgs &CA, unsigned I) {
  const Expr *Arg = I == ThisBit ? CA.Obj
                    : I < CA.Args.size() ? CA.Args[I]
                                         : nullptr;
  Taint R;
  if (T.Params & (uint64_t(1) << I))
    R = join(R, I == ThisBit && !CA.Obj ? CA.ObjVal : argValue(Arg, true));
  for (const FieldDep &D : T.Fields)
    if (D.first == I)
      R = join(R, argFieldValue(Arg, D.second));
  return R;
}

Taint FunctionFlow::bind(const Taint &T, const CallArgs &CA) {
  Taint R{T.T, 0, {}, T.Path};
  if (!T.hasDeps())
    return R;
  for (unsigned I = 0; I < CA.Args.size() && I < MaxParams; ++I)
    R = join(R, bindArg(T, CA, I));
  R = join(R, bindArg(T, CA, ThisBit));
  return R;
}

/// The parameter of a function template's pattern that instantiation
/// parameter \p I comes from (a pack covers several).
const ParmVarDecl *patternParam(const FunctionDecl *Callee, unsigned I) {
  const FunctionTemplateDecl *Primary = Callee->getPrimaryTemplate();
  if (!Primary)
    return nullptr;
  const FunctionDecl *Pattern = Primary->getTemplatedDecl();
  unsigned NumPattern = Pattern->getNumParams();
  unsigned Inst = 0;
  for (unsigned P = 0; P < NumPattern; ++P) {
    const ParmVarDecl *PD = Pattern->getParamDecl(P);
    unsigned Width = 1;
    if (PD->isParameterPack())
      Width = Callee->getNumParams() + 1 - NumPattern;
    if (I < Inst + Width)
      return PD;
    Inst += Width;
  }
  return nullptr;
}

bool FunctionFlow::paramWritable(const FunctionDecl *Callee, unsigned I) {
  if (I >= Callee->getNumParams())
    return false;
  // A forwarding reference (`Args&&... args`) that happens to bind an lvalue
  // says nothing about writing: fmt, spdlog and std::format take them.
  if (const ParmVarDecl *PD = patternParam(Callee, I)) {
    QualType PT = PD->getType();
    if (const auto *Pack = PT->getAs<PackExpansionType>())
      PT = Pack->getPattern();
    if (const auto *RR = PT->getAs<RValueReferenceType>())
      if (RR->getPointeeType()->getAs<TemplateTypeParmType>())
        return false;
  }
  QualType T = Callee->getParamDecl(I)->getType();
  if (const auto *RT = T->getAs<LValueReferenceType>())
    return !RT->getPointeeType().isConstQualified();
  if (T->isRValueReferenceType())
    return false;
  if (const auto *PT = T->getAs<PointerType>()) {
    QualType P = PT->getPointeeType();
    return !P.isConstQualified() && !P->isFunctionType();
  }
  return false;
}

void FunctionFlow::writeInto(const Expr *Target, const Expr *Carrier,
                             Taint V, llvm::StringRef Through) {
  if (V.clean())
    return;
  std::string Sink = A.Catalog.streamSink(Target);
  if (!Sink.empty()) {
    checkSink(Carrier ? Carrier : Target, V, Sink, Through);
    return;
  }
  if (std::optional<Place> P = placeOf(Target))
    store(*P, nullptr, V, Target->getBeginLoc(), /*Strong=*/false);
}

void FunctionFlow::applyParamSinks(const Summary &S, const CallArgs &CA,
                                   const FunctionDecl *Callee) {
  if (S.Sinks.empty())
    return;
  std::string Name = displayName(Callee);
  llvm::SmallVector<unsigned, 8> Indices;
  for (unsigned I = 0; I < CA.Args.size() && I < MaxParams; ++I)
    Indices.push_back(I);
  if (CA.Obj)
    Indices.push_back(ThisBit);
  for (const ParamSink &PS : S.Sinks) {
    for (unsigned I : Indices) {
      Taint V = bindArg(PS.Deps, CA, I);
      if (V.clean())
        continue;
      const Expr *Arg = I == ThisBit ? CA.Obj : CA.Args[I];
      // The notes inside the callee: its own steps, the call or sink it
      // passes the value to, then the same for each deeper call.
      std::vector<FindingNote> Inner;
      for (const Step *St = PS.Path; St; St = St->Prev)
        Inner.insert(Inner.begin(), FindingNote{St->Loc, St->Message});
      Inner.push_back(FindingNote{
          PS.Loc, "'" + Name + "' passes it to " +
                      (PS.Via.empty() ? PS.What : "'" + PS.Via + "'") +
                      " here"});
      Inner.insert(Inner.end(), PS.Tail.begin(), PS.Tail.end());
      if (V.T > PS.Ceiling)
        A.report(Arg->getBeginLoc(),
                 (tierName(V.T) + " value reaches " + PS.What +
                  " through call to '" + Name + "'")
                     .str(),
                 V.Path, Inner);
      // Our caller reaches the same sink through us.
      if (V.hasDeps())
        addSink(Sum, ParamSink{depsOf(V), PS.Ceiling, PS.What,
                                      Arg->getBeginLoc(), V.Path, Name,
                                      std::move(Inner)});
    }
  }
}

void FunctionFlow::applySummary(const Summary &S, const CallArgs &CA,
                                const FunctionDecl *Callee,
                                SourceLocation CallLoc) {
  applyParamSinks(S, CA, Callee);
  std::string Name = displayName(Callee);
  for (unsigned I = 0; I < S.Out.size() && I < CA.Args.size(); ++I) {
    Taint W = bind(S.Out[I], CA);
    if (W.clean())
      continue;
    // The argument that carries the data: for `os << obj`, obj.
    const Expr *Carrier = nullptr;
    for (unsigned J = 0; J < CA.Args.size(); ++J)
      if (J != I && (!Carrier || !bindArg(S.Out[I], CA, J).clean()))
        Carrier = CA.Args[J];
    writeInto(CA.Args[I], Carrier, W, Name);
  }
  if (CA.Obj)
    if (std::optional<Place> P = placeOf(CA.Obj); P && P->Var && !P->Field)
      for (const auto &[F, FV] : S.ThisFields)
        write({P->Var, F}, bind(FV, CA), false, CallLoc);
}

Taint FunctionFlow::callValue(const CallExpr *CE) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  bool ValueFreeResult = false;
  CallArgs CA = collectArgs(CE, Callee);
  if (!Callee) {
    Taint V = CA.ObjVal;
    for (const Taint &T : CA.Vals)
      V = join(V, T);
    return V;
  }

  // Log sinks: C stdio, syslog, fmt, spdlog, TG_LOG_SINK. They read their
  // arguments and write nothing back.
  if (const FunctionSink *FS = A.Catalog.functionSink(Callee)) {
    unsigned First = FS->FirstArg;
    if (FS->SkipLeadingStream && !CA.Args.empty()) {
      QualType T0 = CA.Args[0]->getType();
      if (T0->isPointerType() || recordOfValue(T0))
        if (!A.Catalog.isStringLike(recordOfValue(T0)))
          ++First;
    }
    for (unsigned I = First; I < CA.Args.size(); ++I)
      if (FS->Args.empty() || llvm::is_contained(FS->Args, I))
        checkSink(CA.Args[I], formattedTaint(CA.Args[I]), FS->Name);
    if (!A.hasAnalyzableBody(Callee))
      return Taint();
  }

  if (A.Model.isDeclassifier(Callee))
    return Taint();
  // An audit entry point is a high place: it accepts every tier, whatever
  // its implementation does with the values (trailguard-unparameterized-audit
  // checks its message instead).
  if (A.Model.isAuditSink(Callee))
    return Taint();

  // A parameter with an explicit tier is a ceiling for its argument.
  for (unsigned I = 0; I < CA.Args.size() && I < Callee->getNumParams(); ++I)
    checkCeiling(Callee->getParamDecl(I), CA.Vals[I], CA.Args[I]->getBeginLoc());

  // `a = b` on class types: a strong update, like the built-in assignment.
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE);
      OC && OC->getOperator() == OO_Equal && OC->getNumArgs() == 2) {
    Taint R = value(OC->getArg(1));
    if (std::optional<Place> P = placeOf(OC->getArg(0)))
      store(*P, OC->getArg(1), R, OC->getOperatorLoc(), /*Strong=*/true);
    return R;
  }

  if (std::optional<Tier> T = A.Model.declaredTier(Callee))
    return Taint{*T, 0, {},
                 *T > Tier::Unrestricted ? A.sourceStep(Callee, *T) : nullptr};
  // snprintf(buf, ...) still fills buf; only its result is a count.
  if (isValueFree(Callee) || isNamedLikeALength(Callee))
    ValueFreeResult = true;

  // std::move(x), std::forward<T>(x) and std::as_const(x) are x.
  if (Callee->isInStdNamespace() && Callee->getIdentifier() &&
      CA.Args.size() == 1 &&
      llvm::StringSwitch<bool>(Callee->getName())
          .Cases("move", "forward", "as_const", "ref", "cref", true)
          .Default(false))
    return CA.Vals[0];

  // Calling a lambda runs its body with what the captures hold now; what it
  // writes through by-reference captures is visible afterwards.
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
      MD && MD->getParent()->isLambda() && A.hasAnalyzableBody(MD) &&
      A.enterLambda()) {
    Summary LambdaSum;
    FunctionFlow Body(A, MD, LambdaSum);
    Body.run(&Cur);
    A.leaveLambda();
    applyParamSinks(LambdaSum, CA, MD);
    for (const auto &[K, V] : Body.exitState().Vals) {
      const auto *Var = dyn_cast_or_null<VarDecl>(K.first);
      if (Var && Var->getDeclContext() != MD && !V.clean())
        Cur.Vals[K] = join(Cur.get(K), V);
    }
    return bind(LambdaSum.Return, CA);
  }

  std::string Name = qualifiedName(Callee);
  if (A.hasAnalyzableBody(Callee)) {
    const Summary S = A.summaryOf(Callee);
    applySummary(S, CA, Callee, CE->getBeginLoc());
    if (ValueFreeResult)
      return Taint();
    Taint R = bind(S.Return, CA);
    if (R.T > Tier::Unrestricted && S.Return.T > Tier::Unrestricted)
      R.Path = A.step(CE->getBeginLoc(),
                      ("'" + Name + "' returns a " + tierName(R.T) + " value")
                          .str(),
                      R.Path);
    return R;
  }

  // A function we cannot see: its result carries its arguments (strings
  // built by +, substr, c_str, fmt::format, std::to_string, ...), and what it
  // may write through non-const references and pointers carries the others.
  bool Formatting = llvm::StringRef(Name).starts_with("fmt::") ||
                    llvm::StringRef(Name).starts_with("std::format") ||
                    llvm::StringRef(Name).starts_with("std::vformat");
  bool IsStreamInsert = false;
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE))
    IsStreamInsert = OC->getOperator() == OO_LessLess;
  llvm::SmallVector<Taint, 8> In;
  for (unsigned I = 0; I < CA.Args.size(); ++I)
    In.push_back(Formatting || IsStreamInsert ? formattedTaint(CA.Args[I])
                                              : objectTaint(CA.Args[I]));
  Taint ObjIn = CA.Obj ? objectTaint(CA.Obj) : Taint();

  bool Record = recordOfValue(CE->getType()) &&
                !A.Catalog.isStringLike(recordOfValue(CE->getType()));
  bool Propagates = !Record || A.SM.isInSystemHeader(Callee->getLocation());
  Taint Result;
  if (Propagates && !ValueFreeResult) {
    Result = ObjIn;
    for (const Taint &T : In)
      Result = join(Result, T);
  }

  // Writes through the callee's non-const reference/pointer parameters.
  for (unsigned I = 0; I < CA.Args.size(); ++I) {
    bool Variadic = I >= Callee->getNumParams();
    if (Variadic || !paramWritable(Callee, I))
      continue;
    Taint W;
    const Expr *Carrier = nullptr;
    for (unsigned J = 0; J < CA.Args.size(); ++J) {
      if (J == I || In[J].clean())
        continue;
      if (!Carrier || In[J].T > W.T)
        Carrier = CA.Args[J];
      W = join(W, In[J]);
    }
    writeInto(CA.Args[I], Carrier, W);
  }
  // Non-const methods (append, push_back, member operator<<) write into the
  // object.
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
      MD && CA.Obj && MD->isInstance() && !MD->isConst()) {
    Taint W;
    const Expr *Carrier = nullptr;
    for (unsigned J = 0; J < CA.Args.size(); ++J) {
      if (In[J].clean())
        continue;
      if (!Carrier || In[J].T > W.T)
        Carrier = CA.Args[J];
      W = join(W, In[J]);
    }
    // clear(), assign(x), str(s), reset(): the old contents are gone.
    bool Replaces =
        MD->getIdentifier() &&
        llvm::StringSwitch<bool>(MD->getName())
            .Cases("clear", "assign", "reset", true)
            .Case("str", CA.Args.size() == 1)
            .Default(false);
    std::optional<Place> P = Replaces ? placeOf(CA.Obj) : std::nullopt;
    if (P && P->Var && !P->Indirect && A.Catalog.streamSink(CA.Obj).empty())
      write({P->Var, P->Field}, W, /*Strong=*/true, CA.Obj->getBeginLoc());
    else
      writeInto(CA.Obj, Carrier, W);
  }
  return Result;
}

Taint FunctionFlow::constructValue(const CXXConstructExpr *CCE) {
  const CXXConstructorDecl *Ctor = CCE->getConstructor();
  Taint V;
  llvm::SmallVector<Taint, 8> ArgVals;
  for (const Expr *Arg : CCE->arguments())
    ArgVals.push_back(objectTaint(Arg));
  // A constructor parameter with an explicit tier (a generated event's
  // required field) is a ceiling for its argument, as for any call.
  if (Ctor)
    for (unsigned I = 0; I < CCE->getNumArgs() && I < Ctor->getNumParams(); ++I)
      checkCeiling(Ctor->getParamDecl(I), value(CCE->getArg(I)),
                   CCE->getArg(I)->getBeginLoc());
  if (Ctor && A.hasAnalyzableBody(Ctor) && !Ctor->isCopyOrMoveConstructor()) {
    const Summary S = A.summaryOf(Ctor);
    CallArgs CA;
    for (unsigned I = 0; I < CCE->getNumArgs(); ++I) {
      CA.Args.push_back(CCE->getArg(I));
      CA.Vals.push_back(value(CCE->getArg(I)));
    }
    applyParamSinks(S, CA, Ctor);
    for (const auto &[F, FV] : S.ThisFields)
      V = join(V, bind(FV, CA));
    return V;
  }
  // A copy is what it copies (its fields are copied by the store).
  if (Ctor && Ctor->isCopyOrMoveConstructor() && CCE->getNumArgs() > 0)
    return value(CCE->getArg(0));
  for (const Taint &T : ArgVals)
    V = join(V, T);
  return V;
}

Taint FunctionFlow::initListValue(const InitListExpr *ILE,
                                  std::optional<Key> Into) {
  const InitListExpr *Sem = ILE->isSemanticForm() ? ILE : ILE->getSemanticForm();
  if (!Sem)
    Sem = ILE;
  Taint V;
  const RecordDecl *RD = Sem->getType()->getAsRecordDecl();
  if (RD && !RD->isUnion() && RD->getDefinition()) {
    unsigned I = 0;
    // Bases come first in the initializer list of an aggregate.
    if (const auto *CRD = dyn_cast<CXXRecordDecl>(RD->getDefinition()))
      I = CRD->getNumBases();
    for (const FieldDecl *F : RD->getDefinition()->fields()) {
      if (I >= Sem->getNumInits())
        break;
      const Expr *Init = Sem->getInit(I++);
      Taint FV = value(Init);
      checkCeiling(F, FV, Init->getBeginLoc());
      if (Into)
        write({Into->first, F}, FV, /*Strong=*/true, Init->getBeginLoc());
      else
        V = join(V, FV);
    }
    return V;
  }
  for (const Expr *Init : Sem->inits())
    V = join(V, value(Init));
  return V;
}

Taint FunctionFlow::lambdaValue(const LambdaExpr *LE) {
  Taint V;
  State Seed = Cur;
  auto Init = LE->capture_init_begin();
  for (const LambdaCapture &C : LE->captures()) {
    const Expr *InitE = Init != LE->capture_init_end() ? *Init++ : nullptr;
    if (!InitE)
      continue;
    Taint CV = value(InitE);
    V = join(V, CV);
    // An init-capture holds the value it was initialized with wherever the
    // lambda is later called.
    if (C.capturesVariable())
      if (const auto *Var = dyn_cast<VarDecl>(C.getCapturedVar());
          Var && Var->isInitCapture()) {
        Seed.Vals[{Var, nullptr}] = CV;
        Cur.Vals[{Var, nullptr}] = CV;
      }
  }
  // The body runs with what the captures hold here.
  if (const CXXMethodDecl *Op = LE->getCallOperator();
      Op && Op->hasBody() && !Op->isDependentContext() && A.enterLambda()) {
    Summary LambdaSum;
    FunctionFlow Body(A, Op, LambdaSum);
    Body.run(&Seed);
    A.leaveLambda();
  }
  return V;
}

std::optional<FunctionFlow::Place> FunctionFlow::placeOf(const Expr *E) {
  E = skipWrappers(E);
  auto Indirect = [](std::optional<Place> P) {
    if (P)
      P->Indirect = true;
    return P;
  };
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)
      return Indirect(placeOf(UO->getSubExpr()));
    return std::nullopt;
  }
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E))
    return Indirect(placeOf(ASE->getBase()));
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (VD && !VD->hasGlobalStorage())
      return Place{VD, nullptr};
    if (VD && VD->hasGlobalStorage() && A.Model.declaredTier(VD))
      return Place{VD, nullptr}; // checked against its ceiling, not tracked
    return std::nullopt;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!F)
      return std::nullopt;
    const Expr *Base = skipWrappers(ME->getBase());
    if (isa<CXXThisExpr>(Base))
      return Place{nullptr, F};
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Base))
      if (isa<VarDecl>(DRE->getDecl()))
        return Place{DRE->getDecl(), F};
    // a.b.c = x: recorded on a.b; explicit ceilings still apply to c.
    if (std::optional<Place> P = placeOf(Base))
      return P->Field ? P : Place{P->Var, F};
    if (A.Model.declaredTier(F))
      return Place{nullptr, F};
    return std::nullopt;
  }
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
    OverloadedOperatorKind K = OC->getOperator();
    if ((K == OO_Star || K == OO_Subscript || K == OO_Arrow) &&
        OC->getNumArgs() > 0)
      return Indirect(placeOf(OC->getArg(0)));
    if (K == OO_LessLess && OC->getNumArgs() == 2)
      return placeOf(OC->getArg(0)); // (oss << a) << b writes into oss
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    if (const CXXMethodDecl *M = MC->getMethodDecl();
        M && M->getIdentifier() &&
        llvm::StringSwitch<bool>(M->getName())
            .Cases("data", "front", "back", "at", "value", "get", true)
            .Default(false))
      return Indirect(placeOf(MC->getImplicitObjectArgument()));
  return std::nullopt;
}

void FunctionFlow::checkCeiling(const ValueDecl *Target, const Taint &V,
                                SourceLocation Loc) {
  if (!Target)
    return;
  std::optional<Tier> Ceiling = A.Model.declaredTier(Target);
  if (!Ceiling)
    return;
  llvm::StringRef Kind = isa<FieldDecl>(Target)      ? "field"
                         : isa<ParmVarDecl>(Target) ? "parameter"
                                                    : "variable";
  std::string What = (Kind + " '" + Target->getName() + "' declared " +
                      tierName(*Ceiling))
                         .str();
  if (V.T > *Ceiling)
    A.report(Loc, (tierName(V.T) + " value stored in " + What).str(), V.Path,
             {FindingNote{Target->getLocation(),
                          ("'" + Target->getName() + "' is declared " +
                           tierName(*Ceiling) + " here")
                              .str()}});
  if (V.hasDeps())
    addSink(Sum, ParamSink{depsOf(V), *Ceiling, What, Loc, V.Path, "", {}});
}

void FunctionFlow::checkSink(const Expr *Arg, const Taint &V,
                             llvm::StringRef SinkName,
                             llvm::StringRef Through) {
  std::string What = ("log sink '" + SinkName + "'").str();
  // By default only unrestricted data may reach application logs; the
  // configuration may raise that (policy: log: restricted).
  Tier Ceiling = A.Opts.Cfg.LogCeiling;
  if (V.T > Ceiling) {
    std::string Message = (tierName(V.T) + " value reaches " + What).str();
    if (!Through.empty())
      Message += (" through call to '" + Through + "'").str();
    A.report(Arg->getBeginLoc(), Message, V.Path);
  }
  if (V.hasDeps())
    addSink(Sum, ParamSink{depsOf(V), Ceiling, What,
                                  Arg->getBeginLoc(), V.Path, "", {}});
}

void FunctionFlow::write(Key K, Taint V, bool Strong, SourceLocation Loc) {
  if (!V.clean() && K.first) {
    const NamedDecl *Named =
        K.second ? static_cast<const NamedDecl *>(K.second) : K.first;
    V.Path = A.step(Loc,
                    (V.T > Tier::Unrestricted ? tierName(V.T) + " value"
                                              : llvm::Twine("value"))
                            .str() +
                        " flows into '" + Named->getNameAsString() + "' here",
                    V.Path);
  }
  if (Strong) {
    Cur.Vals[K] = V;
    if (!K.second && K.first) // a whole-object store resets its fields
      for (auto &[Key2, FV] : Cur.Vals)
        if (Key2.first == K.first && Key2.second)
          FV = Taint();
  } else {
    Cur.Vals[K] = join(Cur.get(K), V);
  }
  // What a function writes into its reference/pointer parameters and into
  // `this` is part of its summary.
  if (!K.first && K.second) {
    Sum.ThisFields[K.second] = join(Sum.ThisFields[K.second], V);
  } else if (std::optional<unsigned> I = paramIndex(K.first)) {
    QualType T = K.first->getType();
    if (T->isReferenceType() || T->isPointerType())
      Sum.Out[*I] = join(Sum.Out[*I], V);
  }
}

bool FunctionFlow::copyFields(const ValueDecl *To, const Expr *Src) {
  const Expr *S = skipWrappers(Src);
  if (const auto *CCE = dyn_cast<CXXConstructExpr>(S);
      CCE && CCE->getConstructor()->isCopyOrMoveConstructor() &&
      CCE->getNumArgs() > 0)
    S = skipWrappers(CCE->getArg(0));
  if (const auto *CE = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *F = CE->getDirectCallee();
        F && F->isInStdNamespace() && F->getIdentifier() &&
        (F->getName() == "move" || F->getName() == "forward") &&
        CE->getNumArgs() == 1)
      S = skipWrappers(CE->getArg(0));
  const auto *DRE = dyn_cast<DeclRefExpr>(S);
  if (!DRE || !recordOfValue(DRE->getType()))
    return false;
  for (const auto &[F, FV] : Cur.fieldsOf(DRE->getDecl()))
    Cur.Vals[{To, F}] = FV;
  return true;
}

void FunctionFlow::store(const Place &P, const Expr *Src, Taint V,
                         SourceLocation Loc, bool Strong) {
  checkCeiling(targetDecl(P), V, Loc);
  Key K{P.Var, P.Field};
  if (P.Var && !P.Field && Src && !P.Indirect) {
    const Expr *S = skipWrappers(Src);
    if (const auto *ILE = dyn_cast<InitListExpr>(S);
        ILE && ILE->getType()->isRecordType()) {
      write(K, Taint(), /*Strong=*/true, Loc);
      initListValue(ILE, K);
      return;
    }
    if (const auto *CCE = dyn_cast<CXXConstructExpr>(S)) {
      const CXXConstructorDecl *Ctor = CCE->getConstructor();
      if (Ctor && A.hasAnalyzableBody(Ctor) &&
          !Ctor->isCopyOrMoveConstructor()) {
        write(K, Taint(), /*Strong=*/true, Loc);
        const Summary S2 = A.summaryOf(Ctor);
        CallArgs CA;
        for (unsigned I = 0; I < CCE->getNumArgs(); ++I) {
          CA.Args.push_back(CCE->getArg(I));
          CA.Vals.push_back(value(CCE->getArg(I)));
        }
        for (const auto &[F, FV] : S2.ThisFields)
          write({P.Var, F}, bind(FV, CA), true, Loc);
        return;
      }
    }
    if (const auto *CE = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *Callee = CE->getDirectCallee();
      if (Callee && A.hasAnalyzableBody(Callee) &&
          recordOfValue(CE->getType())) {
        const Summary S2 = A.summaryOf(Callee);
        write(K, V, /*Strong=*/true, Loc);
        CallArgs CA = collectArgs(CE, Callee);
        for (const auto &[F, FV] : S2.ReturnFields)
          write({P.Var, F}, bind(FV, CA), true, Loc);
        return;
      }
    }
    if (Strong && recordOfValue(P.Var->getType())) {
      write(K, V, /*Strong=*/true, Loc);
      copyFields(P.Var, Src);
      return;
    }
  }
  if (!P.Var && !P.Field)
    return;
  const auto *VD = dyn_cast_or_null<VarDecl>(P.Var);
  if (VD && VD->hasGlobalStorage())
    return; // globals are checked against their ceiling, never tracked
  // Writes through a pointer or into an element update only part of it.
  write(K, V, Strong && !P.Indirect, Loc);
}

//===----------------------------------------------------------------------===//
// Analysis
//===----------------------------------------------------------------------===//

const Step *Analysis::sourceStep(const NamedDecl *D, Tier T, bool IsType) {
  if (!D)
    return nullptr;
  auto It = SourceSteps.find(D);
  if (It != SourceSteps.end())
    return It->second;
  std::string Message;
  if (Model.isInferred(D))
    Message = "'" + D->getNameAsString() + "' is taken as " +
              tierName(T).str() +
              " from its name (--infer-sensitive-names); annotate it to "
              "confirm";
  else if (IsType || isa<TypeDecl>(D))
    Message = "type '" + D->getNameAsString() + "' is declared " +
              tierName(T).str() + " here";
  else if (isa<FunctionDecl>(D))
    Message = "'" + D->getNameAsString() + "' returns a value declared " +
              tierName(T).str() + " here";
  else
    Message = "'" + D->getNameAsString() + "' is declared " +
              tierName(T).str() + " here";
  const Step *S = step(D->getLocation(), std::move(Message), nullptr);
  SourceSteps[D] = S;
  return S;
}

void Analysis::report(SourceLocation Loc, std::string Message,
                      const Step *Path, std::vector<FindingNote> Extra) {
  Finding *F = Findings.report(Loc, std::move(Message));
  if (!F)
    return;
  for (const Step *S = Path; S; S = S->Prev)
    F->Notes.insert(F->Notes.begin(), FindingNote{S->Loc, S->Message});
  for (FindingNote &N : Extra)
    F->Notes.push_back(std::move(N));
}

/// Libraries trailguard has rules for are judged by those rules, not by
/// their bodies, even when a project vendors them with -I: their type-erased
/// formatting machinery would only lose the data's tier.
/// One path per (dependencies, place): a function that calls a logging
/// helper twice reaches the same sink, not two. Without this, summaries
/// double with each level of such calls.
void addSink(Summary &S, ParamSink PS) {
  for (const ParamSink &Old : S.Sinks)
    if (Old.What == PS.What && Old.Ceiling == PS.Ceiling &&
        Old.Deps.Params == PS.Deps.Params && Old.Deps.Fields == PS.Deps.Fields)
      return;
  if (S.Sinks.size() >= MaxSinksPerSummary)
    return;
  if (PS.Tail.size() > MaxTailNotes)
    PS.Tail.erase(PS.Tail.begin() + MaxTailNotes / 2,
                  PS.Tail.end() - MaxTailNotes / 2);
  S.Sinks.push_back(std::move(PS));
}

bool isModeledLibrary(const FunctionDecl *FD) {
  // A user's fmt::formatter<T> specialization is user code in fmt's scope.
  for (const DeclContext *DC = FD->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(DC))
      if (Spec->getSpecializationKind() == TSK_ExplicitSpecialization)
        return false;
  const DeclContext *DC = FD->getDeclContext();
  const NamespaceDecl *Top = nullptr;
  for (; DC && !DC->isTranslationUnit(); DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      Top = NS;
  if (!Top || !Top->getIdentifier())
    return false;
  return llvm::StringSwitch<bool>(Top->getName())
      .Cases("std", "fmt", "spdlog", "google", "absl", "boost", true)
      .Default(false);
}

bool Analysis::hasAnalyzableBody(const FunctionDecl *FD) {
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || !Def)
    return false;
  if (Def->isDependentContext() || SM.isInSystemHeader(Def->getLocation()))
    return false;
  return !isModeledLibrary(Def);
}

const Summary &Analysis::summaryOf(const FunctionDecl *FD) {
  const FunctionDecl *Def = nullptr;
  FD->hasBody(Def);
  if (!Def)
    Def = FD;
  std::unique_ptr<Summary> &Slot = Summaries[Def];
  if (Slot && !Slot->Stale) {
    if (Slot->InProgress) {
      // A cycle: everything computed above Def on the stack used Def's
      // partial summary and must be redone when Def's summary changes.
      Slot->Recursive = true;
      auto It = llvm::find(Stack, Def);
      for (++It; It != Stack.end(); ++It)
        Slot->DependsOnMe.insert(*It);
    }
    return *Slot;
  }
  if (!Slot)
    Slot = std::make_unique<Summary>();
  Summary *S = Slot.get();
  *S = Summary();
  if (Stack.size() >= MaxCallDepth) {
    // Summarized as unknown here, never silently: the finding says leaks
    // through it are not reported. Stale, so that analyzed on its own
    // (with a shorter chain above it) it is not taken as empty.
    S->Stale = true;
    reportDepthLimit(Def);
    return *S;
  }
  // Each level takes a few KiB of stack; a fresh thread every so many
  // levels keeps a chain as deep as the compiler accepts within bounds.
  if (!Stack.empty() && Stack.size() % CallDepthPerThread == 0) {
    llvm::thread Deeper(std::optional<unsigned>(ThreadStackBytes),
                        [&] { computeSummary(Def, *S); });
    Deeper.join();
  } else {
    computeSummary(Def, *S);
  }
  return *S;
}

void Analysis::reportDepthLimit(const FunctionDecl *Cut) {
  // At the cut if it can be reported there, else at the nearest caller
  // that can.
  std::vector<const FunctionDecl *> Places{Cut};
  Places.insert(Places.end(), Stack.rbegin(), Stack.rend());
  for (const FunctionDecl *F : Places) {
    SourceLocation Loc = SM.getFileLoc(F->getLocation());
    if (Loc.isInvalid() || !Reportable(Loc))
      continue;
    std::string Name;
    llvm::raw_string_ostream OS(Name);
    Cut->getNameForDiagnostic(OS, Ctx.getPrintingPolicy(),
                              /*Qualified=*/true);
    report(Loc,
           "the analysis stopped at call depth " +
               std::to_string(MaxCallDepth) + ", at '" + OS.str() +
               "': leaks through deeper calls are not reported",
           nullptr);
    return;
  }
}

void Analysis::computeSummary(const FunctionDecl *Def, Summary &Out) {
  Summary *S = &Out;
  Stack.push_back(Def);
  S->InProgress = true;
  // Recursion: iterate the summary until it stops changing; callers inside
  // the cycle see the previous round.
  for (unsigned Round = 0; Round < 4; ++Round) {
    Summary Previous = *S;
    S->Recursive = false;
    FunctionFlow Flow(*this, Def, *S);
    Flow.run(nullptr);
    if (!S->Recursive || S->sameAs(Previous))
      break;
    for (const FunctionDecl *Dep : S->DependsOnMe)
      if (Dep != Def)
        Summaries[Dep]->Stale = true;
    S->DependsOnMe.clear();
  }
  S->InProgress = false;
  S->DependsOnMe.clear();
  Stack.pop_back();
}

const ClassTemplateDecl *Analysis::fmtFormatterTemplate() {
  if (FmtFormatter)
    return *FmtFormatter;
  FmtFormatter = nullptr;
  std::function<void(const DeclContext *)> Search = [&](const DeclContext *DC) {
    for (const Decl *D : DC->decls()) {
      if (const auto *NS = dyn_cast<NamespaceDecl>(D)) {
        if (NS->getName() == "fmt" || (NS->isInline() && DC->isNamespace()))
          Search(NS);
      } else if (const auto *CTD = dyn_cast<ClassTemplateDecl>(D)) {
        if (CTD->getName() == "formatter" && DC->isNamespace())
          FmtFormatter = CTD->getCanonicalDecl();
      }
    }
  };
  Search(Ctx.getTranslationUnitDecl());
  return *FmtFormatter;
}

const FunctionDecl *Analysis::fmtFormatMethod(const CXXRecordDecl *RD) {
  auto [It, Inserted] = FormatCache.try_emplace(RD, nullptr);
  if (!Inserted)
    return It->second;
  const ClassTemplateDecl *Formatter = fmtFormatterTemplate();
  if (!Formatter)
    return nullptr;
  QualType Want = Ctx.getRecordType(RD).getCanonicalType();
  for (const ClassTemplateSpecializationDecl *Spec :
       Formatter->specializations()) {
    const TemplateArgumentList &Args = Spec->getTemplateArgs();
    if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type ||
        Args[0].getAsType().getCanonicalType() != Want ||
        !Spec->hasDefinition())
      continue;
    const CXXRecordDecl *Def = Spec->getDefinition();
    // formatter<T> : ostream_formatter prints through operator<<.
    for (const CXXBaseSpecifier &B : Def->bases())
      if (const CXXRecordDecl *Base = B.getType()->getAsCXXRecordDecl())
        if (llvm::StringRef(qualifiedName(Base)).contains("ostream_formatter"))
          return It->second = streamOperator(RD);
    for (const Decl *D : Def->decls()) {
      const FunctionDecl *Format = nullptr;
      if (const auto *M = dyn_cast<CXXMethodDecl>(D))
        Format = M;
      else if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D))
        for (const FunctionDecl *Inst : FT->specializations())
          if (hasAnalyzableBody(Inst))
            Format = Inst;
      if (Format && Format->getIdentifier() && Format->getName() == "format" &&
          hasAnalyzableBody(Format))
        return It->second = Format;
    }
  }
  return nullptr;
}

const FunctionDecl *Analysis::streamOperator(const CXXRecordDecl *RD) {
  auto [It, Inserted] = StreamOpCache.try_emplace(RD, nullptr);
  if (!Inserted)
    return It->second;
  QualType Want = Ctx.getRecordType(RD).getCanonicalType();
  auto Matches = [&](const FunctionDecl *F) {
    return F && F->getNumParams() == 2 &&
           F->getParamDecl(1)
                   ->getType()
                   .getNonReferenceType()
                   .getUnqualifiedType()
                   .getCanonicalType() == Want &&
           hasAnalyzableBody(F);
  };
  DeclarationName Op = Ctx.DeclarationNames.getCXXOperatorName(OO_LessLess);
  const FunctionDecl *Found = nullptr;
  // Hidden friends first, then the enclosing namespace (where ADL looks).
  if (RD->hasDefinition())
    for (const FriendDecl *FrD : RD->getDefinition()->friends())
      if (const auto *F = dyn_cast_or_null<FunctionDecl>(FrD->getFriendDecl()))
        if (F->getDeclName() == Op && Matches(F))
          Found = F;
  if (!Found)
    for (const NamedDecl *ND :
         RD->getDeclContext()->getRedeclContext()->lookup(Op))
      if (const auto *F = dyn_cast<FunctionDecl>(ND->getUnderlyingDecl()))
        if (Matches(F))
          Found = F;
  if (Found) {
    const FunctionDecl *Def = nullptr;
    Found->hasBody(Def);
    Found = Def ? Def : Found;
  }
  return It->second = Found;
}

void Analysis::analyzeFunction(const FunctionDecl *FD) {
  if (!FD->doesThisDeclarationHaveABody() || FD->isDependentContext())
    return;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda())
      return; // analyzed where the lambda is created, with its captures
  summaryOf(FD);
}

void Analysis::analyzeLambdasIn(const Stmt *S) {
  if (!S)
    return;
  if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
    const CXXMethodDecl *Op = LE->getCallOperator();
    if (Op && Op->hasBody() && !Op->isDependentContext()) {
      Summary LambdaSum;
      FunctionFlow Body(*this, Op, LambdaSum);
      Body.run(nullptr);
    }
    return; // nested lambdas are analyzed with the enclosing body
  }
  for (const Stmt *Child : S->children())
    analyzeLambdasIn(Child);
}

void Analysis::analyzeDecl(const Decl *D) {
  if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
    analyzeFunction(FD);
    return;
  }
  // Lambdas at namespace scope and in default member initializers.
  if (const auto *VD = dyn_cast<VarDecl>(D)) {
    if (!VD->isTemplated())
      analyzeLambdasIn(VD->getInit());
    return;
  }
  if (const auto *F = dyn_cast<FieldDecl>(D)) {
    if (F->hasInClassInitializer() && !F->getParent()->isDependentContext())
      analyzeLambdasIn(F->getInClassInitializer());
    return;
  }
  if (const auto *FTD = dyn_cast<FunctionTemplateDecl>(D)) {
    for (const FunctionDecl *Spec : FTD->specializations())
      analyzeFunction(Spec);
    return;
  }
  if (const auto *CTD = dyn_cast<ClassTemplateDecl>(D)) {
    for (const ClassTemplateSpecializationDecl *Spec : CTD->specializations())
      analyzeDecl(Spec);
    return;
  }
  if (const auto *RD = dyn_cast<CXXRecordDecl>(D)) {
    if (RD->isLambda() || RD->isDependentContext())
      return;
  }
  if (const auto *DC = dyn_cast<DeclContext>(D))
    if (isa<NamespaceDecl, LinkageSpecDecl, RecordDecl, ExportDecl>(D))
      for (const Decl *Child : DC->decls())
        analyzeDecl(Child);
}

void Analysis::run() {
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    SourceLocation Loc = SM.getFileLoc(D->getLocation());
    if (Loc.isValid() && !SM.isInSystemHeader(Loc) && Reportable(Loc))
      analyzeDecl(D);
  }
}

} // namespace

void runTierLeakCheck(ASTContext &Ctx, const CheckOptions &Opts,
                      FindingCollector &Findings) {
  Analysis A(Ctx, Opts, Findings);
  A.run();
}

} // namespace trailguard
