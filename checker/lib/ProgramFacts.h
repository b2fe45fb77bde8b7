//===--- ProgramFacts.h - what one translation unit tells the whole program ===//
//
// The facts the tier-leak analysis of one translation unit leaves for the
// analysis of the whole program: function summaries keyed by USR, the calls
// it could not resolve (their callees are defined elsewhere, or their
// summaries depend on such calls), and the reports that wait on them. They
// outlive the translation unit (file/line/column, USRs, no AST), are
// serialized into the summary directory (docs/summary-format.md) and are
// resolved together by mergeProgram().
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_PROGRAMFACTS_H
#define TRAILGUARD_CHECKER_PROGRAMFACTS_H

#include "Finding.h"
#include "Report.h"
#include "Tier.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace trailguard {

/// The version of the summary format; a summary of another version is
/// ignored (re-analyzed) by a cache and refused by --merge.
inline constexpr const char SummaryFormat[] = "trailguard-summary/3";

/// Where a call's effect lands: its result, its object, the exceptions
/// that escape it, or the argument written through a reference or pointer
/// parameter.
/// A constructor's call has a slot for each field of the object it makes,
/// from FieldSlot on.
enum : int32_t {
  SlotReturn = -1,
  SlotObject = -2,
  SlotThrown = -3,
  FieldSlot = 1024
};

/// A tier-leak value as a summary keeps it: a tier, the parameters of the
/// enclosing function it depends on (bit i for parameter i, bit 62 for
/// `this`), fields of them, and the results of unresolved calls of its
/// translation unit; Path leads from the source to here.
struct FactValue {
  Tier T = Tier::unrestricted;
  uint64_t Params = 0;
  std::vector<std::pair<unsigned, std::string>> Fields; ///< (param, field USR)
  std::vector<std::pair<uint32_t, int32_t>> Calls;      ///< (call, slot)
  std::vector<ResolvedNote> Path;

  bool clean() const {
    return T == Tier::unrestricted && Params == 0 && Fields.empty() &&
           Calls.empty();
  }
};

/// A place of a lower tier a parameter reaches inside a function.
struct FactSink {
  FactValue Deps;
  Tier Ceiling = Tier::unrestricted;
  std::string What; ///< "log sink 'printf'"
  /// The notes inside the function and its callees, as a caller shows them.
  std::vector<ResolvedNote> Notes;
};

/// What a function does with its parameters (tierleak::Summary, resolved
/// to file positions and USRs).
struct FactSummary {
  std::string Usr;
  std::string Name;
  FactValue Return;
  std::vector<FactValue> Out; ///< per parameter, written through it
  FactValue Object;           ///< written into `this`
  std::map<std::string, FactValue> ObjectFields; ///< by field USR
  FactValue Thrown; ///< carried by the exceptions that escape it
  std::vector<FactSink> Sinks;
};

/// A call whose effect is known only to the whole program.
struct FactCall {
  std::string Callee;     ///< USR
  std::string CalleeName; ///< as diagnostics name it
  std::string Owner;      ///< USR of the function whose parameters Args use
  ResolvedNote Where;     ///< the call
  struct Arg {
    FactValue Value; ///< the argument itself
    std::map<std::string, FactValue> Fields; ///< what its fields hold
    ResolvedNote Where;
    bool Reportable = false; ///< findings may be reported at Where
    std::string LineText;    ///< the line of Where, when Reportable
    unsigned RawLoc = 0;     ///< during the translation unit only
  };
  std::vector<Arg> Args;
  Arg Object; ///< the implicit object, if any
  bool HasObject = false;
  /// What the translation unit assumed when no definition exists anywhere:
  /// the result, what each argument and the object receive.
  FactValue FallbackReturn;
  std::vector<FactValue> FallbackOut;
  FactValue FallbackObject;
  /// The fields of slots FieldSlot + i (a constructor), by USR.
  std::vector<std::string> FieldSlots;
};

/// A finding that waits on unresolved calls: reported if Value resolves
/// above Ceiling, as "<tier> value<Suffix>".
struct FactReport {
  std::string CheckId;
  ResolvedNote Where; ///< Message unused
  std::string LineText;
  std::string Suffix;
  Tier Ceiling = Tier::unrestricted;
  FactValue Value;
  std::vector<ResolvedNote> Extra;
  unsigned RawLoc = 0; ///< during the translation unit only
};

/// A function that returns only compile-time constants, provided the
/// functions of other units in Needs (by USR) do.
struct FactConstant {
  std::string Usr;
  std::vector<std::string> Needs;
};

/// An audit message that is constant only if the functions in Needs return
/// only constants: reported otherwise (trailguard-unparameterized-audit).
struct FactConstantReport {
  ResolvedNote Where; ///< with the finding's message
  std::string LineText;
  std::vector<ResolvedNote> Notes;
  std::vector<std::string> Needs;
  unsigned RawLoc = 0; ///< during the translation unit only
};

/// Everything one translation unit contributes to the whole program.
struct TUFacts {
  /// Replaces what mergeProgram uses with \p From's.
  void takeProgramFacts(TUFacts &&From) {
    Summaries = std::move(From.Summaries);
    Calls = std::move(From.Calls);
    Reports = std::move(From.Reports);
    Constants = std::move(From.Constants);
    ConstantReports = std::move(From.ConstantReports);
  }

  /// Empties what mergeProgram uses, and what the unit's own report took
  /// copies of (the summary file keeps it all): a run over a large program
  /// holds one unit's AST, not every unit's facts.
  void spill() {
    takeProgramFacts(TUFacts());
    Inputs = {};
    Findings = {};
    Text = {};
  }

  std::string File; ///< the main file, absolute
  bool Failed = false;
  std::string Errors; ///< the compiler's and ours, when Failed
  std::vector<ResolvedFinding> Findings; ///< already decided
  /// Which configured names the unit declares (ConfigNames.h), in the
  /// order of the configuration's names.
  std::vector<bool> NameMatched;
  std::vector<std::string> NameNearest;
  std::vector<unsigned> NameDistance;
  /// Findings as clang-style text, as the unit printed them (or none).
  std::vector<std::string> Text;
  std::vector<FactSummary> Summaries;
  std::vector<FactCall> Calls;
  std::vector<FactReport> Reports;
  std::vector<FactConstant> Constants;
  std::vector<FactConstantReport> ConstantReports;
  /// Every file the translation unit read, with a hash of its contents: a
  /// cached summary is used only while all of them are unchanged.
  std::vector<std::pair<std::string, std::string>> Inputs;
};

/// \p A and \p B together: the higher tier (and its path), every
/// dependency of either (past MaxFieldDeps field dependencies, whole
/// parameters).
FactValue join(FactValue A, const FactValue &B);

/// \p F with its locations resolved in \p SM (for the facts of a unit).
ResolvedFinding resolveFinding(const clang::SourceManager &SM,
                               const Finding &F);

nlohmann::json toJson(const TUFacts &F);
/// \p Text as written by toJson, or what is wrong with it.
llvm::Expected<TUFacts> factsFromText(llvm::StringRef Text);
/// \p J as written by toJson, or what is wrong with it.
llvm::Expected<TUFacts> factsFromJson(const nlohmann::json &J);

/// The summary file at \p Path, or what is wrong with it.
llvm::Expected<TUFacts> readSummary(llvm::StringRef Path);
/// Writes \p F to \p Path through a temporary file, so that a reader (or
/// a parallel job) never sees half of it; "" or what went wrong. Drops the
/// calls no program can use from \p F first (dropDeadCalls).
std::string writeSummary(const std::string &Path, TUFacts &F);

/// Drops from \p U the calls that no program it is part of can use: those
/// pruneFacts drops even when every function \p U defines keeps its
/// summary. pruneFacts gives the same result after this as without it.
void dropDeadCalls(TUFacts &U);

/// Drops from \p U what mergeProgram would not use when \p U follows the
/// units that define the functions DefinedEarlier says they do: those
/// functions' summaries (the first definition counts), the calls no kept
/// fact needs, and what only the unit reports itself (its inputs, its own
/// findings and text). The findings of mergeProgram stay the same.
void pruneFacts(TUFacts &U,
                llvm::function_ref<bool(const std::string &)> DefinedEarlier);

/// Prunes the facts of the units of one program as they arrive, in any
/// order and from any thread, so that a run holds only what mergeProgram
/// uses. The units are ordered by main file (then by the index given): the
/// first one to define a function keeps its summary.
class ProgramPruner {
public:
  /// Adds \p U, the unit numbered \p Index, which must stay where it is
  /// until mergeProgram; prunes it (unless \p Spilling: it is emptied right
  /// after, and restored later) and any unit it takes a function from.
  void add(TUFacts &U, size_t Index, bool Spilling = false);

  /// Gives \p U, added before and emptied since (spilled to its summary
  /// file), its facts back from \p Fresh, read from that file: pruned as
  /// they would have been had they stayed.
  void restore(TUFacts &U, TUFacts Fresh);

private:
  /// Whether a unit other than \p Unit keeps the summary of \p Usr.
  bool definedElsewhere(const std::string &Usr, const TUFacts &Unit) const;

  using Key = std::pair<std::string, size_t>;
  std::mutex Mutex;
  std::map<const TUFacts *, Key> Keys;
  std::map<std::string, TUFacts *> Definer; ///< by USR
};

/// The findings that the facts of \p Units decide together: the reports
/// waiting on calls, and what calls into functions defined in other units
/// pass to their sinks. Summaries are resolved to a fixed point over the
/// calls between units (bounded; cycles converge or are cut). Per unit of
/// \p Units: the findings at the places of that unit's calls and reports.
/// Each round computes again only what read a value that changed; with
/// \p EveryRound it computes everything, the reference the tests hold the
/// incremental rounds to.
std::vector<std::vector<ResolvedFinding>>
mergeProgram(const std::vector<TUFacts> &Units, bool EveryRound = false);

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_PROGRAMFACTS_H
