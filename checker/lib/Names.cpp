//===--- Names.cpp - how trailguard names declarations --------------------===//
//
// Prints qualified names the way users write them in code and in
// .trailguard.yaml.
//
//===----------------------------------------------------------------------===//

#include "Names.h"

#include "clang/AST/ASTContext.h"
#include "llvm/Support/raw_ostream.h"

namespace trailguard {

std::string qualifiedName(const clang::NamedDecl *D) {
  clang::PrintingPolicy Policy(D->getASTContext().getLangOpts());
  Policy.SuppressInlineNamespace = true;
  Policy.SuppressUnwrittenScope = true;
  std::string Name;
  llvm::raw_string_ostream OS(Name);
  D->printQualifiedName(OS, Policy);
  return OS.str();
}

} // namespace trailguard
