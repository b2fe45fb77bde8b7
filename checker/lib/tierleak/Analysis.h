//===--- Analysis.h - the tier-leak dataflow and its driver ----*- C++ -*-===//
//
// FunctionFlow runs the dataflow over one function body; Analysis owns what
// the flows of one translation unit share: summaries, paths, the library
// model and the findings.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_TIERLEAK_ANALYSIS_H
#define TRAILGUARD_CHECKER_TIERLEAK_ANALYSIS_H

#include "ProgramFacts.h"
#include "SinkCatalog.h"
#include "TierLeakCheck.h"
#include "TierModel.h"
#include "tierleak/Summary.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace trailguard {
namespace tierleak {

/// The record a value of type \p T is (through a reference), if any.
const clang::CXXRecordDecl *recordOfValue(clang::QualType T);

/// Whether \p FD belongs to a library trailguard has rules for (fmt,
/// spdlog, ...): judged by those rules, never by its body.
bool isModeledLibrary(const clang::FunctionDecl *FD);

/// How a function is named in diagnostics: qualified, and a lambda by its
/// call operator rather than by its enclosing function's mangled scope.
std::string displayName(const clang::FunctionDecl *FD);

/// For a standard map, the field of its value_type that holds the mapped
/// value (`second`); null for other types.
const clang::FieldDecl *mappedField(clang::QualType T);

class Analysis;

/// The dataflow over one function body.
class FunctionFlow {
public:
  FunctionFlow(Analysis &A, const clang::FunctionDecl *FD, Summary &Sum)
      : A(A), FD(FD), Sum(Sum) {}

  /// Runs to a fixpoint; \p Seed is the enclosing state for a lambda body.
  void run(const State *Seed);

  /// The state when the function returns (after run()).
  const State &exitState() const { return Exit; }

private:
  // Transfer.
  void transfer(const clang::Stmt *S);
  void transferInitializer(const clang::CXXCtorInitializer *Init);
  Taint value(const clang::Expr *E);
  Taint compute(const clang::Expr *E);
  Taint computeImpl(const clang::Expr *E);
  Taint declRefValue(const clang::DeclRefExpr *DRE);
  Taint memberValue(const clang::MemberExpr *ME);
  Taint fieldState(const clang::Expr *Base, const clang::FieldDecl *F);
  Taint callValue(const clang::CallExpr *CE);
  Taint constructValue(const clang::CXXConstructExpr *CCE);
  Taint initListValue(const clang::InitListExpr *ILE, std::optional<Key> Into);
  Taint lambdaValue(const clang::LambdaExpr *LE);
  Taint objectTaint(const clang::Expr *E);
  Taint formattedTaint(const clang::Expr *Arg);

  // Stores.
  struct Place {
    const clang::ValueDecl *Var = nullptr; ///< null with Field set: this->Field
    const clang::FieldDecl *Field = nullptr;
    bool Indirect = false; ///< through *p, p[i], &x: never a strong update
  };
  std::optional<Place> placeOf(const clang::Expr *E);
  const clang::ValueDecl *targetDecl(const Place &P) {
    return P.Field ? static_cast<const clang::ValueDecl *>(P.Field) : P.Var;
  }
  void store(const Place &P, const clang::Expr *Src, Taint V,
             clang::SourceLocation Loc, bool Strong);
  void write(Key K, Taint V, bool Strong, clang::SourceLocation Loc);
  void writeOne(Key K, Taint V, bool Strong, clang::SourceLocation Loc);
  bool copyFields(const clang::ValueDecl *To, const clang::Expr *Src);
  void checkCeiling(const clang::ValueDecl *Target, const Taint &V,
                    clang::SourceLocation Loc);
  void checkSink(const clang::Expr *Arg, const Taint &V,
                 llvm::StringRef SinkName, llvm::StringRef Through = {},
                 std::vector<FindingNote> Why = {});
  void writeInto(const clang::Expr *Target, const clang::Expr *Carrier, Taint V,
                 llvm::StringRef Through = {});
  /// The macro a call at \p Loc is written as (outermost), "" outside one.
  std::string writtenMacro(clang::SourceLocation Loc);

  // Calls.
  struct CallArgs {
    const clang::Expr *Obj = nullptr;
    llvm::SmallVector<const clang::Expr *, 8> Args;
    Taint ObjVal;
    llvm::SmallVector<Taint, 8> Vals;
    /// Vals are what the parameters receive (a library algorithm calling a
    /// function argument); Args only locate the findings.
    bool Synthetic = false;
  };
  CallArgs collectArgs(const clang::CallExpr *CE,
                       const clang::FunctionDecl *Callee);
  /// \p T with its parameter dependencies replaced by the arguments.
  Taint bind(const Taint &T, const CallArgs &CA);
  Taint bindArg(const Taint &T, const CallArgs &CA, unsigned I);
  Taint argValue(const clang::Expr *Arg, bool Whole);
  Taint argFieldValue(const clang::Expr *Arg, const clang::FieldDecl *F);
  Taint fieldOf(const clang::Expr *Base, const clang::FieldDecl *F);
  void applySummary(const Summary &S, const CallArgs &CA,
                    const clang::FunctionDecl *Callee,
                    clang::SourceLocation CallLoc);
  void applyParamSinks(const Summary &S, const CallArgs &CA,
                       const clang::FunctionDecl *Callee);
  bool paramWritable(const clang::FunctionDecl *Callee, unsigned I);
  /// Records \p CE (or \p CCE) for the whole program and returns its index;
  /// the fallbacks are what this unit assumes when no definition exists.
  uint32_t recordCall(const clang::Expr *Call, const clang::FunctionDecl *Callee,
                      const CallArgs &CA, Taint FallbackReturn,
                      llvm::SmallVector<Taint, 8> FallbackOut,
                      Taint FallbackObject);
  /// The record of a constructor defined in another translation unit
  /// making \p CCE, if the whole program is analyzed.
  std::optional<uint32_t> recordConstruction(const clang::CXXConstructExpr *CCE,
                                             const Taint &Fallback);
  /// Writes what recorded call \p K writes into its arguments and object
  /// (as dependencies on it) and returns its result.
  Taint recordedEffects(uint32_t K, const clang::FunctionDecl *Callee,
                        const CallArgs &CA);
  /// A finding at \p Loc if \p V, once its calls are resolved, is above
  /// \p Ceiling (as "<tier> value<Suffix>").
  void reportLater(clang::SourceLocation Loc, std::string Suffix, Tier Ceiling,
                   const Taint &V, std::vector<FindingNote> Extra = {});
  void sinkArgs(const FunctionSink &FS, const CallArgs &CA,
                clang::SourceLocation CallLoc);
  Taint runLambda(const clang::CXXMethodDecl *MD, const CallArgs &CA,
                  clang::SourceLocation CallLoc);

  // Indirect calls (Indirect.cpp).
  void callTargets(const clang::Expr *Callee,
                   llvm::SmallVectorImpl<const clang::FunctionDecl *> &Out,
                   unsigned Depth = 0);
  Taint callThrough(clang::SourceLocation CallLoc, const CallArgs &CA,
                    llvm::ArrayRef<const clang::FunctionDecl *> Targets);
  void passCallbacks(clang::SourceLocation CallLoc,
                     const clang::FunctionDecl *Callee, const CallArgs &CA);

  // Wiping, swapping and moving out (Stores.cpp).
  bool wipe(const clang::FunctionDecl *Callee, const CallArgs &CA);
  bool swap(const clang::FunctionDecl *Callee, const CallArgs &CA,
            clang::SourceLocation Loc);
  void emptyMovedFrom(const clang::Expr *Arg);

  // Exceptions: what the current block throws, and where it is caught.
  void throwValue(Taint V, clang::SourceLocation Loc,
                  const clang::FunctionDecl *Callee = nullptr);
  void enterHandler(const clang::CXXCatchStmt *CS);
  Key thrownKey() const { return {FD, nullptr}; }

  // Containers, pairs, virtual calls and function arguments
  // (Containers.cpp).
  /// The variable whose recorded fields are those of the element \p E
  /// denotes (`v`, `*it`, `it->`, `m.find(k)`, `v[i]`), if any.
  const clang::ValueDecl *elementOwner(const clang::Expr *E);
  /// What a library call on a pair or a container does, when modeled.
  std::optional<Taint> containerCall(const clang::CallExpr *CE,
                                     const clang::FunctionDecl *Callee,
                                     const CallArgs &CA);
  /// Stores a std::pair built of two parts into \p Var field by field.
  bool storePair(const clang::ValueDecl *Var, const clang::Expr *Src,
                 clang::SourceLocation Loc);
  /// Records the parts of a returned std::pair as the returned fields.
  bool returnPair(const clang::Expr *RV);
  /// What the fields of a record returned by the call \p E hold, when its
  /// summary keeps them apart from the rest.
  Taint returnedFields(const clang::Expr *E);
  /// A virtual call: what the overrides visible in the translation unit do.
  std::optional<Taint> virtualCall(const clang::CallExpr *CE,
                                   const clang::FunctionDecl *Callee,
                                   const CallArgs &CA, bool &Complete);
  /// A library call that calls its function arguments (std::visit,
  /// std::transform): their results, and writes through output iterators.
  Taint callArguments(const clang::CallExpr *CE,
                      const clang::FunctionDecl *Callee, const CallArgs &CA,
                      llvm::ArrayRef<Taint> In, bool &ResultOfCallee);

  std::optional<unsigned> paramIndex(const clang::ValueDecl *D) const {
    auto It = ParamIndex.find(D);
    if (It == ParamIndex.end())
      return std::nullopt;
    return It->second;
  }

  // Aliases: local references, and local pointers never pointed elsewhere.
  void findStablePointers(const clang::Stmt *Body);
  void registerAlias(const clang::VarDecl *VD, const clang::Expr *Init);
  llvm::SmallVector<std::pair<Key, bool>, 2> aliasesOf(Key K) const;

  Analysis &A;
  const clang::FunctionDecl *FD;
  Summary &Sum;
  State Cur;
  llvm::DenseMap<const clang::ValueDecl *, Key> AliasOf;
  llvm::DenseMap<Key, llvm::SmallVector<const clang::ValueDecl *, 1>> AliasedBy;
  llvm::SmallPtrSet<const clang::VarDecl *, 8> StablePointers;
  bool Declaring = false;
  State Exit;
  llvm::DenseMap<const clang::Expr *, Taint> Vals;
  llvm::DenseMap<const clang::ValueDecl *, unsigned> ParamIndex;
  /// The record of each call this flow made: the dataflow visits a call
  /// until its state is stable, and a new record each time would keep it
  /// from ever being.
  llvm::DenseMap<const clang::Expr *, uint32_t> Recorded;
  Taint Thrown;        ///< thrown by the block being transferred
  bool HasTry = false; ///< exceptional edges are in the CFG
};

class Analysis {
public:
  Analysis(clang::ASTContext &Ctx, const CheckOptions &Opts,
           FindingCollector &Findings)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Opts(Opts),
        Model(&Opts.Cfg, Opts.Cfg.InferSensitiveNames), Catalog(Model),
        Reportable(Findings.reportable()), Findings(Findings) {}

  void run();

  /// The summary of a function with a body (analyzing it on first use).
  /// Callers copy it: inside a cycle it is the summary being built, which
  /// the caller's own transfer functions may grow.
  const Summary &summaryOf(const clang::FunctionDecl *FD);
  bool hasAnalyzableBody(const clang::FunctionDecl *FD);
  /// A summary and the bookkeeping of its computation.
  struct SummarySlot {
    Summary Data;
    bool InProgress = false;
    bool Recursive = false;
    bool Stale = false; ///< computed from a partial summary of a cycle
    llvm::SmallPtrSet<const clang::FunctionDecl *, 4> DependsOnMe;
  };
  /// Computes the summary of \p Def, one call deeper.
  void computeSummary(const clang::FunctionDecl *Def, SummarySlot &Out);
  void reportDepthLimit(const clang::FunctionDecl *Cut);

  /// Bounds lambdas analyzed inside lambdas.
  bool enterLambda() {
    if (LambdaDepth >= 4)
      return false;
    ++LambdaDepth;
    return true;
  }
  void leaveLambda() { --LambdaDepth; }
  void analyzeLambdasIn(const clang::Stmt *S);

  const Step *step(clang::SourceLocation Loc, std::string Message,
                   const Step *Prev) {
    Steps.push_back(Step{Loc, std::move(Message), Prev});
    return &Steps.back();
  }
  const Step *sourceStep(const clang::NamedDecl *D, Tier T,
                         bool IsType = false);

  void report(clang::SourceLocation Loc, std::string Message, const Step *Path,
              std::vector<FindingNote> Extra = {});

  /// Whether the whole program is analyzed (calls are recorded).
  bool wholeProgram() const { return Opts.Facts != nullptr; }
  /// A function of the project (not of a system header or a modeled
  /// library) that has a USR, so that its definition can be found in
  /// another translation unit.
  bool isProjectFunction(const clang::FunctionDecl *FD);
  /// The USR of \p D, "" if it has none.
  std::string usrOf(const clang::Decl *D);

  /// A call recorded for the whole program (ProgramFacts.h's FactCall).
  struct PendingCall {
    const clang::FunctionDecl *Callee = nullptr;
    const clang::FunctionDecl *Owner = nullptr; ///< null in a lambda
    clang::SourceLocation Loc;
    struct Arg {
      Taint Value;
      llvm::SmallVector<std::pair<const clang::FieldDecl *, Taint>, 4> Fields;
      clang::SourceLocation Loc;
    };
    std::vector<Arg> Args;
    Arg Object;
    bool HasObject = false;
    Taint FallbackReturn;
    llvm::SmallVector<Taint, 8> FallbackOut;
    Taint FallbackObject;
    /// Slot FieldSlot + i is field i of the object a constructor makes.
    std::vector<const clang::FieldDecl *> FieldSlots;
  };
  struct PendingReport {
    std::string CheckId;
    clang::SourceLocation Loc;
    std::string Suffix;
    Tier Ceiling;
    Taint Value;
    std::vector<FindingNote> Extra;
  };
  std::deque<PendingCall> Calls;
  std::vector<PendingReport> Reports;
  /// The methods of the translation unit that override \p MD, directly or
  /// not.
  llvm::ArrayRef<const clang::CXXMethodDecl *>
  overridersOf(const clang::CXXMethodDecl *MD);

  const clang::FunctionDecl *fmtFormatMethod(const clang::CXXRecordDecl *RD);
  const clang::FunctionDecl *streamOperator(const clang::CXXRecordDecl *RD);

  clang::ASTContext &Ctx;
  clang::SourceManager &SM;
  const CheckOptions &Opts;
  TierModel Model;
  SinkCatalog Catalog;

  ReportablePred Reportable;

private:
  void exportFacts(TUFacts &Out);
  void analyzeDecl(const clang::Decl *D);
  void analyzeFunction(const clang::FunctionDecl *FD);
  const clang::ClassTemplateDecl *fmtFormatterTemplate();

  FindingCollector &Findings;
  std::deque<Step> Steps;
  llvm::DenseMap<const clang::NamedDecl *, const Step *> SourceSteps;
  std::map<const clang::FunctionDecl *, std::unique_ptr<SummarySlot>> Summaries;
  llvm::DenseMap<const clang::CXXRecordDecl *, const clang::FunctionDecl *>
      FormatCache, StreamOpCache;
  std::optional<const clang::ClassTemplateDecl *> FmtFormatter;
  std::vector<const clang::FunctionDecl *> Stack;
  std::optional<
      llvm::DenseMap<const clang::CXXMethodDecl *,
                     llvm::SmallVector<const clang::CXXMethodDecl *, 2>>>
      Overriders;
  unsigned LambdaDepth = 0;
};

} // namespace tierleak
} // namespace trailguard

#endif // TRAILGUARD_CHECKER_TIERLEAK_ANALYSIS_H
