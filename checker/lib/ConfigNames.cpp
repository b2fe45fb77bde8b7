//===--- ConfigNames.cpp - configured names that match nothing ------------===//
//
// Matches the names of .trailguard.yaml against each translation unit's
// declarations, and warns at the end of the run about those no unit
// declares, with the closest declared name.
//
//===----------------------------------------------------------------------===//

#include "ConfigNames.h"
#include "Compat.h"
#include "Names.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <algorithm>

using namespace clang;

namespace trailguard {
namespace {

enum Kind : unsigned { Function = 1, Class = 2, Object = 4 };

/// The kinds of declaration a list's names are looked up among, as the
/// checks look them up (TierModel).
unsigned kindsOf(llvm::StringRef List) {
  if (List == "sources")
    return Function | Class | Object;
  if (List == "log-sink-classes")
    return Class;
  return Function;
}

/// What the lists are lists of, for messages.
llvm::StringRef noun(llvm::StringRef List) {
  if (List == "sources")
    return "field, variable, function or class";
  if (List == "log-sink-classes")
    return "class";
  return "function";
}

unsigned kindOf(const NamedDecl *D) {
  if (isa<FunctionDecl>(D) && !isa<CXXDeductionGuideDecl>(D))
    return Function;
  if (isa<RecordDecl>(D))
    return Class;
  if (isa<FieldDecl>(D))
    return Object;
  if (const auto *VD = dyn_cast<VarDecl>(D); VD && !VD->isLocalVarDeclOrParm())
    return Object;
  return 0;
}

llvm::StringRef lastComponent(llvm::StringRef Name) {
  size_t Sep = Name.rfind("::");
  return Sep == llvm::StringRef::npos ? Name : Name.drop_front(Sep + 2);
}

/// Declarations by identifier: enough of them to match configured names
/// and to suggest the closest one.
struct Seen {
  unsigned Kinds = 0;
  llvm::SmallVector<const NamedDecl *, 4> Samples;
};

class Collector : public RecursiveASTVisitor<Collector> {
public:
  Collector(const Config &Cfg, NameMatches &Out) : Cfg(Cfg), Out(Out) {
    for (unsigned I = 0; I < Cfg.Names.size(); ++I)
      ByLast[lastComponent(Cfg.Names[I].Name)].push_back(I);
  }

  bool shouldVisitTemplateInstantiations() const { return false; }
  // Only declarations that a qualified name can reach: no function bodies,
  // types or template arguments, which are most of a translation unit.
  bool TraverseStmt(Stmt *) { return true; }
  bool TraverseTypeLoc(TypeLoc TRAILGUARD_TRAVERSE_TYPE_PARAMS) { return true; }
  bool TraverseType(QualType TRAILGUARD_TRAVERSE_TYPE_PARAMS) { return true; }
  bool TraverseTemplateArgumentLoc(const TemplateArgumentLoc &) { return true; }

  bool VisitNamedDecl(NamedDecl *D) {
    unsigned K = kindOf(D);
    if (!K || D->isImplicit())
      return true;
    // Identifiers, and operators for functions (ns::Mask::operator()).
    DeclarationName DN = D->getDeclName();
    std::string Spelled;
    if (DN.isIdentifier())
      Spelled = D->getName().str();
    else if (DN.getNameKind() == DeclarationName::CXXOperatorName)
      Spelled = DN.getAsString();
    else
      return true;
    llvm::StringRef Id = Spelled;
    Seen &S = Declared[Id];
    S.Kinds |= K;
    // A few of each name are enough to suggest; a namespace spelled
    // differently is suggested through any of them.
    if (S.Samples.size() < 8 &&
        !llvm::any_of(S.Samples, [&](const NamedDecl *Other) {
          return Other->getCanonicalDecl() == D->getCanonicalDecl();
        }))
      S.Samples.push_back(D);
    auto It = ByLast.find(Id);
    if (It == ByLast.end())
      return true;
    std::string Q = qualifiedName(D);
    for (unsigned I : It->second)
      if ((kindsOf(Cfg.Names[I].List) & K) && Q == Cfg.Names[I].Name)
        Out.Matched[I] = true;
    return true;
  }

  /// The closest declared name to configured name \p I, if any is close.
  void suggest(unsigned I) {
    const ConfiguredName &N = Cfg.Names[I];
    llvm::StringRef Name = N.Name, Last = lastComponent(Name);
    unsigned Kinds = kindsOf(N.List);
    unsigned MaxId = std::max<unsigned>(2, Last.size() / 3);
    unsigned Limit = std::max<unsigned>(3, Name.size() / 2);
    for (const auto &Entry : Declared) {
      if (!(Entry.second.Kinds & Kinds))
        continue;
      llvm::StringRef Id = Entry.first();
      // A few edits away, or one the start of the other (hmac for
      // hmac_hex), as the configuration's own "did you mean" finds keys.
      bool Prefix = std::min(Id.size(), Last.size()) >= 4 &&
                    (Id.starts_with_insensitive(Last) ||
                     Last.starts_with_insensitive(Id));
      size_t Gap = Id.size() > Last.size() ? Id.size() - Last.size()
                                           : Last.size() - Id.size();
      if (Gap > MaxId && !Prefix)
        continue;
      unsigned IdDistance =
          Gap > MaxId ? MaxId + 1
                      : Last.edit_distance_insensitive(Id, true, MaxId);
      if (IdDistance > MaxId && !Prefix)
        continue;
      for (const NamedDecl *D : Entry.second.Samples) {
        if (!(kindOf(D) & Kinds))
          continue;
        std::string Q = qualifiedName(D);
        unsigned Distance = Name.edit_distance_insensitive(Q, true);
        // The right name in another scope is always worth saying.
        if ((Distance <= Limit || IdDistance == 0 || Prefix) &&
            (Distance < Out.Distance[I] ||
             (Distance == Out.Distance[I] && Q < Out.Nearest[I]))) {
          Out.Distance[I] = Distance;
          Out.Nearest[I] = std::move(Q);
        }
      }
    }
  }

private:
  const Config &Cfg;
  NameMatches &Out;
  llvm::StringMap<llvm::SmallVector<unsigned, 1>> ByLast;
  llvm::StringMap<Seen> Declared;
};

} // namespace

NameMatches matchConfiguredNames(ASTContext &Ctx, const Config &Cfg) {
  NameMatches Out;
  Out.Cfg = &Cfg;
  Out.Matched.assign(Cfg.Names.size(), false);
  Out.Nearest.assign(Cfg.Names.size(), "");
  Out.Distance.assign(Cfg.Names.size(), UINT_MAX);
  if (Cfg.Names.empty())
    return Out;
  Collector C(Cfg, Out);
  C.TraverseAST(Ctx);
  for (unsigned I = 0; I < Cfg.Names.size(); ++I)
    if (!Out.Matched[I])
      C.suggest(I);
  return Out;
}

unsigned warnUnmatchedNames(llvm::ArrayRef<NameMatches> Units,
                            llvm::raw_ostream &OS) {
  // Each configuration once, in the order units first used it.
  std::vector<const Config *> Configs;
  for (const NameMatches &U : Units)
    if (U.Cfg && !llvm::is_contained(Configs, U.Cfg))
      Configs.push_back(U.Cfg);
  unsigned Printed = 0;
  for (const Config *Cfg : Configs) {
    for (unsigned I = 0; I < Cfg->Names.size(); ++I) {
      bool Matched = false;
      const NameMatches *Best = nullptr;
      for (const NameMatches &U : Units) {
        if (U.Cfg != Cfg || I >= U.Matched.size())
          continue;
        Matched |= U.Matched[I];
        if (U.Distance[I] != UINT_MAX &&
            (!Best || U.Distance[I] < Best->Distance[I] ||
             (U.Distance[I] == Best->Distance[I] &&
              U.Nearest[I] < Best->Nearest[I])))
          Best = &U;
      }
      if (Matched)
        continue;
      const ConfiguredName &N = Cfg->Names[I];
      OS << "trailguard-check: warning: " << Cfg->Path << ":" << N.Line << ":"
         << N.Column << ": '" << N.Name << "' in '" << N.List << "' matches no "
         << noun(N.List) << " in the analyzed translation units";
      if (Best)
        OS << "; did you mean '" << Best->Nearest[I] << "'?\n";
      else
        OS << "; check its spelling and namespaces\n";
      ++Printed;
    }
  }
  return Printed;
}

} // namespace trailguard
