//===--- Formatters.cpp - what a type's formatter prints ------------------===//
//
// Finds the fmt::formatter<T>::format or operator<< that prints a record, so
// that what reaches a log is what the formatter emits, not the whole object.
//
//===----------------------------------------------------------------------===//

#include "tierleak/Analysis.h"
#include "Compat.h"
#include "LibraryModel.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclFriend.h"
#include "clang/AST/DeclTemplate.h"

#include <functional>

using namespace clang;

namespace trailguard {
namespace tierleak {

const ClassTemplateDecl *Analysis::fmtFormatterTemplate() {
  if (FmtFormatter)
    return *FmtFormatter;
  FmtFormatter = nullptr;
  const library::Rule *Row = library::first(library::Role::FormatterTemplate);
  if (!Row)
    return nullptr;
  // "fmt::formatter": the template, looked for in namespace fmt and the
  // inline namespaces of its versions.
  llvm::StringRef Namespace, Name;
  std::tie(Namespace, Name) = Row->Pattern.rsplit("::");
  std::function<void(const DeclContext *)> Search = [&](const DeclContext *DC) {
    for (const Decl *D : DC->decls()) {
      if (const auto *NS = dyn_cast<NamespaceDecl>(D)) {
        if (NS->getName() == Namespace ||
            (NS->isInline() && DC->isNamespace()))
          Search(NS);
      } else if (const auto *CTD = dyn_cast<ClassTemplateDecl>(D)) {
        if (CTD->getName() == Name && DC->isNamespace())
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
  QualType Want = compat::canonicalRecordType(Ctx, RD);
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
        if (library::findName(library::Role::StreamFormatterBase,
                              qualifiedName(Base)))
          return It->second = streamOperator(RD);
    for (const Decl *D : Def->decls()) {
      const FunctionDecl *Format = nullptr;
      if (const auto *M = dyn_cast<CXXMethodDecl>(D))
        Format = M;
      else if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D))
        for (const FunctionDecl *Inst : FT->specializations())
          if (hasAnalyzableBody(Inst))
            Format = Inst;
      if (Format && Format->getIdentifier() &&
          Format->getName() ==
              library::first(library::Role::FormatterTemplate)->Member &&
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
  QualType Want = compat::canonicalRecordType(Ctx, RD);
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

} // namespace tierleak
} // namespace trailguard
