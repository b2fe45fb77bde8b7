//===--- Summary.h - what a function does with its parameters --*- C++ -*-===//
//
// A function summary: the unit the tier-leak analysis reuses at every call,
// and the unit a cross-translation-unit analysis would exchange. It holds no
// analysis bookkeeping and no AST pointers but FieldDecls, which a serialized
// form keys by USR; its locations and paths are those of the translation
// unit it was computed in.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_TIERLEAK_SUMMARY_H
#define TRAILGUARD_CHECKER_TIERLEAK_SUMMARY_H

#include "Finding.h"
#include "tierleak/Taint.h"

#include <vector>

namespace trailguard {
namespace tierleak {

/// A place inside a callee that a parameter reaches and that accepts at most
/// Ceiling: a log sink, or a store into a lower-tier field.
struct ParamSink {
  Taint Deps; ///< which parameters (or fields of them) reach it
  Tier Ceiling;
  std::string What; ///< "log sink 'printf'", "field 'email' declared restricted"
  clang::SourceLocation Loc; ///< the sink, or the call that leads to it
  const Step *Path;   ///< inside the function, from the parameter to Loc
  std::string Via;    ///< the callee called at Loc, when the sink is deeper
  std::vector<FindingNote> Tail; ///< the notes of the deeper calls
};

/// Past this many, a summary keeps no more sinks: enough to report every
/// kind of leak, bounded so that call trees cannot grow summaries
/// exponentially.
constexpr size_t MaxSinksPerSummary = 64;

/// What a function does with its parameters, in terms of them: what it
/// returns, writes back and passes to places of a lower tier.
struct Summary {
  Taint Return;
  llvm::DenseMap<const clang::FieldDecl *, Taint> ReturnFields;
  llvm::SmallVector<Taint, 4> Out; ///< written into reference/pointer params
  llvm::DenseMap<const clang::FieldDecl *, Taint> ThisFields; ///< this->f = ...
  std::vector<ParamSink> Sinks;
  /// The function makes calls only the whole program can resolve (or calls
  /// a function that does): its callers record their calls to it too.
  bool Pending = false;
  Taint Thrown; ///< carried by the exceptions that escape it

  bool sameAs(const Summary &O) const;
};

/// Adds \p PS to \p S unless \p S already reaches that place with the same
/// dependencies (or is full).
void addSink(Summary &S, ParamSink PS);

} // namespace tierleak
} // namespace trailguard

#endif // TRAILGUARD_CHECKER_TIERLEAK_SUMMARY_H
