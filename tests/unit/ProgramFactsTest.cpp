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
#include <random>
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
  Pruner.add(Units[1], 1, /*Spilling=*/true);
  Units[1].spill();
  Pruner.add(Units[0], 0);
  Pruner.add(Units[2], 2);
  Pruner.restore(Units[1], std::move(Saved));
  EXPECT_TRUE(Units[1].Summaries.empty());
  EXPECT_EQ(Units[1].Calls.size(), Reference[1].Calls.size());
  EXPECT_EQ(messages(Units), messages(Reference));
}

TEST(ProgramFacts, AWrittenSummaryLeavesOutTheCallsNoProgramNeeds) {
  std::vector<TUFacts> Reference = program();
  std::vector<TUFacts> Units = program();
  for (TUFacts &U : Units)
    trailguard::dropDeadCalls(U);
  // b.cpp's call of `other` passes nothing and is named by nothing.
  EXPECT_EQ(Units[1].Calls.size(), 2u);
  EXPECT_EQ(Units[0].Calls.size(), 1u);
  // Pruned as a whole program, with or without: the same units.
  ProgramPruner A, B;
  for (size_t I = 0; I < Units.size(); ++I) {
    A.add(Units[I], I);
    B.add(Reference[I], I);
  }
  for (size_t I = 0; I < Units.size(); ++I)
    EXPECT_EQ(trailguard::toJson(Units[I]), trailguard::toJson(Reference[I]))
        << "unit " << I;
  EXPECT_EQ(messages(Units), messages(Reference));
}

TEST(ProgramFacts, WhatIsWrittenIsReadBack) {
  for (const TUFacts &U : program()) {
    std::string Text = trailguard::toJson(U).dump();
    llvm::Expected<TUFacts> F = trailguard::factsFromText(Text);
    ASSERT_TRUE(bool(F)) << llvm::toString(F.takeError());
    EXPECT_EQ(trailguard::toJson(*F).dump(), Text);
  }
}

TEST(ProgramFacts, TheReaderRefusesWhatIsNotASummary) {
  const std::string Head = R"({"format":"trailguard-summary/3","file":"/p/a.cpp",)"
                           R"("lines":["x"],"inputs":[],"findings":[],"summaries":[],)"
                           R"("reports":[],)";
  auto Unit = [&](const std::string &Files, const std::string &Calls) {
    return Head + R"("files":)" + Files + R"(,"calls":)" + Calls + "}";
  };
  const std::string Call = R"({"callee":"c:@F@f","name":"f","owner":"","at":[0,1,1,1],"args":[)";
  struct Case {
    std::string Text, Says;
  } Cases[] = {
      {Unit(R"(["/p/a.cpp"])", "[]"), ""},
      {"", "not a JSON object"},
      {R"({"format":"trailguard-summary/1","file":"/p/a.cpp"})",
       "not a summary of this version"},
      {Unit(R"(["/p/a.cpp"])", "[]") + " x", "more after the end"},
      {Unit("[\"/p/\xff.cpp\"]", "[]"), "not UTF-8"},
      {Unit(R"(["/p/\ud800.cpp"])", "[]"), "lone high surrogate"},
      {Unit(R"(["/p/a.cpp"])", "[" + Call + R"({"at":[1,1,1,1]}]}])"),
       "a file is not a number in 'files'"},
      {Unit(R"(["/p/a.cpp"])", "[" + Call + R"({"at":[0,1,1,1],"line":1}]}])"),
       "a line is not a number in 'lines'"},
      {Unit(R"(["/p/a.cpp"])",
            "[" + Call + R"({"at":[0,1,1,1],"value":{"calls":[[1,-1]]}}]}])"),
       "a call the unit does not have"},
      {Unit(R"(["/p/a.cpp"])",
            "[" + Call + R"({"at":[0,1,1,1],"value":{"calls":[[0,-4]]}}]}])"),
       "names no slot"},
      {Unit(R"(["/p/a.cpp"])",
            "[" + Call + R"({"at":[0,01,1,1]}]}])"), "leading zero"},
      {Unit(R"(["/p/a.cpp"])",
            "[" + Call + R"({"at":[0,99999999999,1,1]}]}])"), "out of range"},
      {Unit(R"(["/p/a.cpp"])", R"([{"callee":"c:@F@f"}])"),
       "a call is incomplete"},
      {Head + R"("files":[],"files":[],"calls":[]})", "appears twice"},
  };
  for (const Case &C : Cases) {
    llvm::Expected<TUFacts> F = trailguard::factsFromText(C.Text);
    if (C.Says.empty()) {
      EXPECT_TRUE(bool(F)) << C.Text << ": " << llvm::toString(F.takeError());
      continue;
    }
    ASSERT_FALSE(bool(F)) << C.Text;
    std::string Message = llvm::toString(F.takeError());
    EXPECT_NE(Message.find(C.Says), std::string::npos)
        << C.Text << " says: " << Message;
  }
}

/// A random program: units that define functions (some the same inline
/// function, as headers do) and call each other's, with chains, loops and
/// calls whose results feed other calls, tiers and paths.
std::vector<TUFacts> randomProgram(std::mt19937 &Rng) {
  using namespace trailguard;
  auto Pick = [&](unsigned N) { return unsigned(Rng() % N); };
  unsigned NumUnits = 2 + Pick(4), NumFunctions = 3 + Pick(10);
  auto Usr = [](unsigned F) { return "c:@F@f" + std::to_string(F); };
  auto Note = [&](unsigned U, const std::string &What) {
    return ResolvedNote{"/p/u" + std::to_string(U) + ".cpp", 1 + Pick(50),
                        1 + Pick(20), 0, What};
  };
  auto Value = [&](unsigned U, unsigned NumCalls) {
    FactValue V;
    unsigned Kind = Pick(6);
    if (Kind == 0)
      V.T = Pick(2) ? Tier::sensitive : Tier::restricted;
    if (Kind == 1 || Pick(4) == 0)
      V.Params = uint64_t(1) << Pick(2);
    if (Kind == 2)
      V.Fields.emplace_back(Pick(2), "c:@S@R@FI@f" + std::to_string(Pick(2)));
    for (unsigned I = 0, N = NumCalls ? Pick(3) : 0; I < N; ++I) {
      int32_t Slot = Pick(3) == 0 ? int32_t(Pick(2)) : SlotReturn;
      V.Calls.emplace_back(Pick(NumCalls), Slot);
    }
    if (V.T != Tier::unrestricted)
      V.Path.push_back(Note(U, "source " + std::to_string(Pick(100))));
    return V;
  };
  std::vector<TUFacts> Units(NumUnits);
  for (unsigned U = 0; U < NumUnits; ++U) {
    TUFacts &T = Units[U];
    T.File = "/p/u" + std::to_string(U) + ".cpp";
    unsigned NumCalls = Pick(12);
    std::vector<unsigned> Mine;
    for (unsigned F = 0; F < NumFunctions; ++F)
      if (Pick(NumUnits) == 0 || F % NumUnits == U)
        Mine.push_back(F);
    for (unsigned F : Mine) {
      FactSummary S;
      S.Usr = Usr(F);
      S.Name = "f" + std::to_string(F);
      S.Return = Value(U, NumCalls);
      S.Out = {Value(U, NumCalls), FactValue()};
      S.Object = Value(U, NumCalls);
      if (Pick(3) == 0) {
        FactSink K;
        K.Deps.Params = uint64_t(1) << Pick(2);
        K.Ceiling = Tier::unrestricted;
        K.What = "log sink 'puts'";
        K.Notes.push_back(Note(U, "'puts' logs it here"));
        S.Sinks.push_back(K);
      }
      T.Summaries.push_back(std::move(S));
    }
    for (unsigned C = 0; C < NumCalls; ++C) {
      FactCall Call;
      Call.Callee = Pick(8) == 0 ? "c:@F@ext" : Usr(Pick(NumFunctions));
      Call.CalleeName = Call.Callee.substr(Call.Callee.rfind('@') + 1);
      Call.Owner = Mine.empty() || Pick(3) == 0 ? "c:@F@main"
                                                : Usr(Mine[Pick(Mine.size())]);
      Call.Where = Note(U, "");
      for (unsigned A = 0, N = 1 + Pick(2); A < N; ++A) {
        FactCall::Arg Arg;
        Arg.Value = Value(U, NumCalls);
        Arg.Where = Note(U, "");
        Arg.Reportable = Pick(2);
        Arg.LineText = "  f(x);";
        Call.Args.push_back(std::move(Arg));
      }
      Call.FallbackReturn = Value(U, NumCalls);
      Call.FallbackOut.assign(Call.Args.size(), FactValue());
      T.Calls.push_back(std::move(Call));
    }
    for (unsigned R = 0, N = Pick(4); R < N; ++R) {
      FactReport Rep;
      Rep.CheckId = "trailguard-tier-leak";
      Rep.Where = Note(U, "");
      Rep.LineText = "  puts(s);";
      Rep.Suffix = " reaches log sink 'puts'";
      Rep.Value = Value(U, NumCalls);
      T.Reports.push_back(std::move(Rep));
    }
  }
  return Units;
}

/// Every finding with its notes, in order.
std::string everything(const std::vector<std::vector<ResolvedFinding>> &Out) {
  std::string S;
  for (size_t U = 0; U < Out.size(); ++U)
    for (const ResolvedFinding &F : Out[U]) {
      S += std::to_string(U) + " " + F.Where.File + ":" +
           std::to_string(F.Where.Line) + ": " + F.Where.Message + "\n";
      for (const trailguard::ResolvedNote &N : F.Notes)
        S += "  " + N.File + ":" + std::to_string(N.Line) + ":" +
             std::to_string(N.Column) + ": " + N.Message + "\n";
    }
  return S;
}

TEST(ProgramFacts, IncrementalRoundsDecideWhatComputingEverythingDoes) {
  std::mt19937 Rng(20261207);
  unsigned WithFindings = 0;
  for (unsigned I = 0; I < 400; ++I) {
    std::vector<TUFacts> Units = randomProgram(Rng);
    std::string Reference = everything(mergeProgram(Units, /*EveryRound=*/true));
    ASSERT_EQ(everything(mergeProgram(Units)), Reference) << "program " << I;
    WithFindings += !Reference.empty();
  }
  // The programs are worth comparing: most decide some finding.
  EXPECT_GT(WithFindings, 200u);
}

} // namespace
