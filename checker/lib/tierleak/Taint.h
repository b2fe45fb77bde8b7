//===--- Taint.h - the tier-leak lattice and dataflow state ----*- C++ -*-===//
//
// The abstract value of the tier-leak analysis (a tier plus the parameters it
// depends on), its join, and the per-program-point state over locals.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_TIERLEAK_TAINT_H
#define TRAILGUARD_CHECKER_TIERLEAK_TAINT_H

#include "Tier.h"

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <string>
#include <utility>

namespace clang {
class FieldDecl;
class ValueDecl;
} // namespace clang

namespace trailguard {
namespace tierleak {

/// Parameter i of the analyzed function is bit i; `this` is ThisBit.
constexpr unsigned ThisBit = 62;
constexpr unsigned MaxParams = 62;

/// One step of a finding's path, as a linked list from the sink back to the
/// source; rendered as notes.
struct Step {
  clang::SourceLocation Loc;
  std::string Message;
  const Step *Prev;
};

/// A dependency on one field of a parameter (or of `this`): what the caller
/// stored in that field of its argument.
using FieldDep = std::pair<unsigned, const clang::FieldDecl *>;

/// A dependency on what a call that only the whole program can resolve
/// does: the index of the call in Analysis::Calls, and where its effect
/// lands (SlotReturn, SlotObject, SlotThrown, or the argument it writes
/// through).
using CallDep = std::pair<uint32_t, int32_t>;

/// The abstract value: a tier, plus the parameters (whole, or one field of
/// them) it depends on, so that a function summary can be applied to any
/// caller's arguments, plus the calls into other translation units it
/// depends on, which the whole-program analysis resolves.
struct Taint {
  Tier T = Tier::unrestricted;
  uint64_t Params = 0;
  llvm::SmallVector<FieldDep, 2> Fields;
  const Step *Path = nullptr;
  llvm::SmallVector<CallDep, 1> Calls;

  bool clean() const {
    return T == Tier::unrestricted && Params == 0 && Fields.empty() &&
           Calls.empty();
  }
  /// Depends on parameters or on unresolved calls.
  bool hasDeps() const {
    return Params != 0 || !Fields.empty() || !Calls.empty();
  }
  bool sameAs(const Taint &O) const {
    return T == O.T && Params == O.Params && Fields == O.Fields &&
           Calls == O.Calls;
  }
};

/// Past this many field dependencies a value depends on whole parameters.
constexpr unsigned MaxFieldDeps = 8;
/// A value depends on at most this many unresolved calls; past it, the
/// later ones are dropped (docs/checks/tier-leak.md, limitations).
constexpr unsigned MaxCallDeps = 16;

inline Taint join(Taint A, const Taint &B) {
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
  for (const CallDep &C : B.Calls)
    if (A.Calls.size() < MaxCallDeps && !llvm::is_contained(A.Calls, C))
      A.Calls.push_back(C);
  llvm::sort(A.Calls);
  return A;
}

/// The effect of unresolved call \p K that lands in \p Slot.
inline Taint callSlot(uint32_t K, int32_t Slot) {
  Taint T;
  T.Calls.push_back({K, Slot});
  return T;
}

/// Only the dependencies of \p T (for summaries of what reaches a sink).
inline Taint depsOf(const Taint &T) {
  Taint D;
  D.Params = T.Params;
  D.Fields = T.Fields;
  D.Path = T.Path;
  D.Calls = T.Calls;
  return D;
}

/// A storage location: a local variable or parameter, one of its fields, or
/// (Var == nullptr) a field of `this`.

using Key = std::pair<const clang::ValueDecl *, const clang::FieldDecl *>;

struct State {
  llvm::DenseMap<Key, Taint> Vals;

  Taint get(Key K) const {
    auto It = Vals.find(K);
    return It == Vals.end() ? Taint() : It->second;
  }
  /// The fields recorded for \p Var (nullptr: the fields of `this`).
  llvm::SmallVector<std::pair<const clang::FieldDecl *, Taint>, 4>
  fieldsOf(const clang::ValueDecl *Var) const {
    llvm::SmallVector<std::pair<const clang::FieldDecl *, Taint>, 4> Fields;
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

} // namespace tierleak
} // namespace trailguard

#endif // TRAILGUARD_CHECKER_TIERLEAK_TAINT_H
