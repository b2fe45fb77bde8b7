//===--- SchemaCompat.cpp - breaking changes between two schemas ----------===//
//
// A change breaks when code or data that was valid under OLD is not under
// NEW: a reader that loses a field or an enum member, a writer whose event
// no longer compiles or no longer passes its limits, or a value that now
// reaches sinks of a lower tier. Minor versions may only add.
//
//===----------------------------------------------------------------------===//

#include "SchemaCompat.h"
#include "YamlDiagnostics.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace trailguard {
namespace gen {
namespace {

/// Items by name, so that comparing two schemas stays linear in their size.
template <typename T>
std::unordered_map<std::string_view, const T *>
byName(const std::vector<T> &Items) {
  std::unordered_map<std::string_view, const T *> Out;
  for (const T &Item : Items)
    Out.try_emplace(Item.Name, &Item);
  return Out;
}

template <typename T>
const T *lookup(const std::unordered_map<std::string_view, const T *> &Index,
               std::string_view Name) {
  auto It = Index.find(Name);
  return It == Index.end() ? nullptr : It->second;
}

bool needsContext(const Event &E, ContextField C) {
  return std::find(E.Context.begin(), E.Context.end(), C) != E.Context.end();
}

bool olderThan(Version A, Version B) {
  return A.Major != B.Major ? A.Major < B.Major : A.Minor < B.Minor;
}

/// Collects the breaking changes of one event, then decides whether its
/// version bump covers them.
class EventDiff {
public:
  EventDiff(const Schema &Old, const Schema &New, const Event &OE,
            const Event &NE)
      : Old(Old), New(New), OE(OE), NE(NE), OldFields(byName(OE.Fields)),
        NewFields(byName(NE.Fields)) {}

  void run(const CompatOptions &Opts, std::vector<Incompatibility> &Out) {
    compareEvent();
    for (const Field &OF : OE.Fields) {
      if (const Field *NF = lookup(NewFields, OF.Name))
        compareField(OF, *NF);
      else
        breakAt(Old, OF.Pos, "field-removed",
                "field '" + OF.Name + "' was removed");
    }
    for (const Field &NF : NE.Fields)
      if (NF.Required && !lookup(OldFields, NF.Name))
        breakAt(New, NF.Pos, "required-added",
                "required field '" + NF.Name +
                    "' was added; existing code does not set it");

    bool Bumped = NE.EventVersion.Major > OE.EventVersion.Major;
    if (olderThan(NE.EventVersion, OE.EventVersion)) {
      breakAt(New, NE.Pos, "version-decreased",
              "version went down from " + versionString(OE.EventVersion) +
                  " to " + versionString(NE.EventVersion));
      Bumped = false;
    }
    if (Found.empty() || (Bumped && Opts.AllowMajorBumps))
      return;
    if (!Bumped)
      breakAt(New, NE.Pos, "major-not-bumped",
              "breaking changes without a major version bump (" +
                  versionString(OE.EventVersion) + " -> " +
                  versionString(NE.EventVersion) + "); make it " +
                  std::to_string(OE.EventVersion.Major + 1) + ".0");
    for (Incompatibility &I : Found) {
      I.CoveredByBump = Bumped;
      Out.push_back(std::move(I));
    }
  }

private:
  void breakAt(const Schema &In, SourcePos Pos, std::string_view Kind,
               const std::string &What) {
    Found.push_back(
        {In.Path, Pos, std::string(Kind), "event '" + NE.Name + "': " + What});
  }

  void compareEvent() {
    if (OE.Outcome != NE.Outcome)
      breakAt(New, NE.Pos, "outcome-changed",
              "outcome changed from '" + OE.Outcome.value_or("none") +
                  "' to '" + NE.Outcome.value_or("none") + "'");
    for (ContextField C : NE.Context)
      if (!needsContext(OE, C))
        breakAt(New, NE.Pos, "context-added",
                "now requires context field '" + std::string(contextName(C)) + "'");
  }

  void compareField(const Field &OF, const Field &NF) {
    std::string Name = "field '" + NF.Name + "'";
    if (OF.Type != NF.Type) {
      breakAt(New, NF.Pos, "type-changed",
              Name + " changed type from " + std::string(typeName(OF.Type)) + " to " +
                  std::string(typeName(NF.Type)));
      return;
    }
    if (NF.Tier < OF.Tier)
      breakAt(New, NF.Pos, "tier-lowered",
              Name + " was lowered from " + std::string(tierName(OF.Tier)) + " to " +
                  std::string(tierName(NF.Tier)) +
                  "; its values would reach sinks that must not hold them");
    if (NF.Required && !OF.Required)
      breakAt(New, NF.Pos, "required-added",
              Name + " became required");
    std::unordered_set<std::string_view> NewMembers;
    for (const std::string &M : NF.EnumMembers)
      NewMembers.insert(M);
    for (const std::string &M : OF.EnumMembers)
      if (!NewMembers.count(M))
        breakAt(New, NF.Pos, "enum-member-removed",
                Name + " lost enum member '" + M + "'");
    // Tighter limits turn values that passed into refused events.
    if (NF.MaxLength && (!OF.MaxLength || *NF.MaxLength < *OF.MaxLength))
      breakAt(New, NF.Pos, "limit-tightened",
              Name + " max_length " +
                  (OF.MaxLength ? "went down from " +
                                      std::to_string(*OF.MaxLength) + " to "
                                : std::string("was added: ")) +
                  std::to_string(*NF.MaxLength));
    if (!NF.Pattern.empty() && NF.Pattern != OF.Pattern)
      breakAt(New, NF.Pos, "limit-tightened",
              Name + " pattern " +
                  (OF.Pattern.empty()
                       ? "'" + shownText(NF.Pattern) + "' was added"
                       : "changed from '" + shownText(OF.Pattern) + "' to '" +
                             shownText(NF.Pattern) + "'") +
                  "; old values may no longer match");
  }

  const Schema &Old;
  const Schema &New;
  const Event &OE;
  const Event &NE;
  const std::unordered_map<std::string_view, const Field *> OldFields,
      NewFields;
  std::vector<Incompatibility> Found;
};

} // namespace

std::vector<Incompatibility> checkCompat(const Schema &Old, const Schema &New,
                                         const CompatOptions &Opts) {
  std::vector<Incompatibility> Out;
  SourcePos Top{1, 1};
  if (Old.Service != New.Service)
    Out.push_back({New.Path, Top, "service-changed",
                   "service changed from '" + shownText(Old.Service) +
                       "' to '" + shownText(New.Service) +
                       "'; readers filter on it"});
  bool SchemaBumped = New.SchemaVersion.Major > Old.SchemaVersion.Major;
  if (olderThan(New.SchemaVersion, Old.SchemaVersion)) {
    Out.push_back({New.Path, Top, "version-decreased",
                   "schema version went down from " +
                       versionString(Old.SchemaVersion) + " to " +
                       versionString(New.SchemaVersion)});
    SchemaBumped = false;
  }
  // A removed event has no version left to bump: the schema's carries it.
  const std::unordered_map<std::string_view, const Event *> NewEvents =
      byName(New.Events);
  for (const Event &OE : Old.Events) {
    const Event *NE = lookup(NewEvents, OE.Name);
    if (NE) {
      EventDiff(Old, New, OE, *NE).run(Opts, Out);
      continue;
    }
    if (SchemaBumped && Opts.AllowMajorBumps)
      continue;
    std::string Fix = SchemaBumped
                          ? ""
                          : "; deprecate it instead, or bump the schema's "
                            "major version";
    Out.push_back({Old.Path, OE.Pos, "event-removed",
                   "event '" + OE.Name + "' was removed" + Fix,
                   SchemaBumped});
  }
  return Out;
}

std::string formatIncompatibility(const Incompatibility &I) {
  // Schema text arrives in pull requests, file names too: one finding is
  // one line, whatever they hold.
  return escapedText(I.Path) + ":" + std::to_string(I.Pos.Line) + ":" +
         std::to_string(I.Pos.Column) + ": breaking: " + I.Message + " [" +
         I.Kind + "]";
}

} // namespace gen
} // namespace trailguard
