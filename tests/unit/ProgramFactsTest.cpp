//===--- ProgramFactsTest.cpp - pruning the facts of a whole program ------===//
//
// Unit tests of ProgramPruner and pruneFacts on summaries written in the
// documented format: what they drop, that the order units arrive in does not
// matter, and that mergeProgram decides the same findings with or without.
//
//===----------------------------------------------------------------------===//

#include "ProgramFacts.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <string>
#include <vector>

using trailguard::mergeProgram;
using trailguard::ProgramPruner;
using trailguard::ResolvedFinding;
using trailguard::TUFacts;

namespace {

/// Every unit's file table: a location names its file by index.
const std::vector<std::string> Files = {"/p/a.cpp", "/p/b.cpp", "/p/c.cpp",
                                        "/p/h.h"};
/// Every unit's table of source lines.
const std::vector<std::string> Lines = {"  f(x);", "  puts(s);"};

nlohmann::json at(const std::string &File, unsigned Line) {
  size_t I = std::find(Files.begin(), Files.end(), File) - Files.begin();
  return nlohmann::json::array({I, Line, 3u, 3u});
}

/// A call of \p Owner to \p Callee with one argument of value \p Arg.
nlohmann::json call(const std::string &File, unsigned Line,
                    const std::string &Callee, const std::string &Owner,
                    nlohmann::json Arg, bool Reportable = false) {
  nlohmann::json A = {{"value", std::move(Arg)}, {"at", at(File, Line)}};
  if (Reportable) {
    A["reportable"] = true;
    A["line"] = 0u; // Lines[0]
  }
  return {{"callee", Callee},
          {"name", Callee.substr(Callee.rfind('@') + 1)},
          {"owner", Owner},
          {"at", at(File, Line)},
          {"args", nlohmann::json::array({A})},
          {"fallback",
           {{"return", nlohmann::json::object()},
            {"out", nlohmann::json::array({nlohmann::json::object()})},
            {"object", nlohmann::json::object()}}}};
}

/// A one-parameter function returning \p Return.
nlohmann::json summary(const std::string &Usr, nlohmann::json Return) {
  return {{"usr", Usr},
          {"name", Usr.substr(Usr.rfind('@') + 1)},
          {"return", std::move(Return)},
          {"out", nlohmann::json::array({nlohmann::json::object()})},
          {"object", nlohmann::json::object()},
          {"sinks", nlohmann::json::array()}};
}

nlohmann::json unit(const std::string &File, nlohmann::json Calls,
                    nlohmann::json Summaries, nlohmann::json Reports) {
  return {{"format", trailguard::SummaryFormat},
          {"file", File},
          {"files", Files},
          {"lines", Lines},
          {"inputs", nlohmann::json::array(
                         {nlohmann::json::array({at(File, 1)[0], "0"})})},
          {"findings", nlohmann::json::array()},
          {"calls", std::move(Calls)},
          {"summaries", std::move(Summaries)},
          {"reports", std::move(Reports)}};
}

const nlohmann::json Param0 = {{"params", 1u}};
const nlohmann::json Sensitive = {{"tier", "sensitive"}};
nlohmann::json resultOf(unsigned Call) {
  return {{"calls", nlohmann::json::array({nlohmann::json::array({Call, -1})})}};
}

/// A program of three units. `inl` is an inline function of a header that
/// a.cpp and b.cpp both define: it returns what `ext` (c.cpp) returns for
/// its argument, and `ext` returns its argument. b.cpp passes a sensitive
/// value through `inl` to a report, and has a call nothing needs.
std::vector<TUFacts> program() {
  const std::string Inl = "c:@F@inl", Ext = "c:@F@ext";
  std::vector<nlohmann::json> Json = {
      unit("/p/a.cpp",
           nlohmann::json::array({call("/p/h.h", 2, Ext, Inl, Param0)}),
           nlohmann::json::array({summary(Inl, resultOf(0))}),
           nlohmann::json::array()),
      unit("/p/b.cpp",
           nlohmann::json::array(
               {call("/p/h.h", 2, Ext, Inl, Param0),
                call("/p/b.cpp", 7, Inl, "c:@F@main", Sensitive),
                call("/p/h.h", 3, "c:@F@other", Inl, nlohmann::json::object(),
                     /*Reportable=*/true)}),
           nlohmann::json::array({summary(Inl, resultOf(0))}),
           nlohmann::json::array({nlohmann::json{
               {"check", "trailguard-tier-leak"},
               {"at", at("/p/b.cpp", 8)},
               {"line", 1u}, // Lines[1]
               {"suffix", " reaches log sink 'puts'"},
               {"ceiling", "unrestricted"},
               {"value", resultOf(1)},
               {"extra", nlohmann::json::array()}}})),
      unit("/p/c.cpp", nlohmann::json::array(),
           nlohmann::json::array({summary(Ext, Param0)}),
           nlohmann::json::array()),
  };
  std::vector<TUFacts> Units;
  for (const nlohmann::json &J : Json) {
    llvm::Expected<TUFacts> F = trailguard::factsFromJson(J);
    EXPECT_TRUE(bool(F)) << (F ? "" : llvm::toString(F.takeError()));
    Units.push_back(F ? std::move(*F) : TUFacts());
  }
  return Units;
}

std::vector<std::string> messages(const std::vector<TUFacts> &Units) {
  std::vector<std::string> Out;
  std::vector<std::vector<ResolvedFinding>> Decided = mergeProgram(Units);
  for (size_t U = 0; U < Decided.size(); ++U)
    for (const ResolvedFinding &F : Decided[U])
      Out.push_back(Units[U].File + ":" + std::to_string(F.Where.Line) + ": " +
                    F.Where.Message);
  return Out;
}

TEST(ProgramFacts, TheWholeProgramDecidesTheReport) {
  EXPECT_EQ(messages(program()),
            std::vector<std::string>(
                {"/p/b.cpp:8: sensitive value reaches log sink 'puts'"}));
}

TEST(ProgramFacts, PruningKeepsOneSummaryAndTheCallsThatMatter) {
  std::vector<TUFacts> Units = program();
  std::vector<std::string> Whole = messages(Units);
  ProgramPruner Pruner;
  for (size_t I = 0; I < Units.size(); ++I)
    Pruner.add(Units[I], I);
  // b.cpp's copy of `inl` and the calls only it made are gone; the call
  // the report waits on stays, renumbered.
  EXPECT_EQ(Units[0].Summaries.size(), 1u);
  EXPECT_EQ(Units[0].Calls.size(), 1u);
  ASSERT_TRUE(Units[1].Summaries.empty());
  ASSERT_EQ(Units[1].Calls.size(), 1u);
  EXPECT_EQ(Units[1].Calls[0].Callee, "c:@F@inl");
  ASSERT_EQ(Units[1].Reports.size(), 1u);
  EXPECT_EQ(Units[1].Reports[0].Value.Calls,
            (std::vector<std::pair<uint32_t, int32_t>>{{0, -1}}));
  EXPECT_TRUE(Units[1].Inputs.empty());
  EXPECT_EQ(messages(Units), Whole);
}

TEST(ProgramFacts, TheOrderUnitsArriveInDoesNotMatter) {
  std::vector<TUFacts> Reference = program();
  {
    ProgramPruner Pruner;
    for (size_t I = 0; I < Reference.size(); ++I)
      Pruner.add(Reference[I], I);
  }
  std::vector<size_t> Order = {0, 1, 2};
  do {
    std::vector<TUFacts> Units = program();
    ProgramPruner Pruner;
    for (size_t I : Order)
      Pruner.add(Units[I], I);
    for (size_t I = 0; I < Units.size(); ++I) {
      EXPECT_EQ(Units[I].Summaries.size(), Reference[I].Summaries.size())
          << "unit " << I;
      EXPECT_EQ(Units[I].Calls.size(), Reference[I].Calls.size())
          << "unit " << I;
    }
    EXPECT_EQ(messages(Units), messages(Reference));
  } while (std::next_permutation(Order.begin(), Order.end()));
}

TEST(ProgramFacts, ASpilledUnitIsRestoredAsItWouldHaveBeenPruned) {
  std::vector<TUFacts> Reference = program();
  {
    ProgramPruner Pruner;
    for (size_t I = 0; I < Reference.size(); ++I)
      Pruner.add(Reference[I], I);
  }
  // b.cpp arrives first and is spilled; a.cpp then takes `inl` from it.
  std::vector<TUFacts> Units = program();
  TUFacts Saved = program()[1];
  ProgramPruner Pruner;
  Pruner.add(Units[1], 1);
  Units[1].spill();
  Pruner.add(Units[0], 0);
  Pruner.add(Units[2], 2);
  Pruner.restore(Units[1], std::move(Saved));
  EXPECT_TRUE(Units[1].Summaries.empty());
  EXPECT_EQ(Units[1].Calls.size(), Reference[1].Calls.size());
  EXPECT_EQ(messages(Units), messages(Reference));
}

} // namespace
