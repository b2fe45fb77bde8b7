//===--- TierModel.cpp - where tiers come from ----------------------------===//
//
// Reads trailguard annotations off declarations and types.
//
//===----------------------------------------------------------------------===//

#include "TierModel.h"
#include "LibraryModel.h"
#include "Names.h"
#include "SinkCatalog.h"

#include <trailguard/annotations.hpp>

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace trailguard {
namespace {

/// The annotation each tier macro writes, from the header that defines the
/// macros, so that the two cannot drift.
const std::pair<llvm::StringLiteral, Tier> TierAnnotations[] = {
    {TG_ANNOTATION_TIER_UNRESTRICTED, Tier::unrestricted},
    {TG_ANNOTATION_TIER_RESTRICTED, Tier::restricted},
    {TG_ANNOTATION_TIER_SENSITIVE, Tier::sensitive},
};

/// Annotations live on whichever redeclaration the user wrote them on, and
/// on the pattern of a template instantiation.
template <typename Fn> void forEachAnnotation(const Decl *D, Fn &&F) {
  auto Visit = [&](const Decl *R) {
    for (const auto *A : R->specific_attrs<AnnotateAttr>())
      F(A->getAnnotation());
  };
  for (const Decl *R : D->redecls())
    Visit(R);
  // A parameter's annotation may sit on another declaration of its function
  // (the header's prototype, while the definition is in the .cpp).
  if (const auto *PD = dyn_cast<ParmVarDecl>(D)) {
    if (const auto *FD = dyn_cast<FunctionDecl>(PD->getDeclContext())) {
      unsigned I = PD->getFunctionScopeIndex();
      for (const FunctionDecl *R : FD->redecls())
        if (R != FD && I < R->getNumParams())
          Visit(R->getParamDecl(I));
    }
  }
  if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
    if (const FunctionDecl *P = FD->getTemplateInstantiationPattern())
      if (P != FD)
        for (const Decl *R : P->redecls())
          Visit(R);
  } else if (const auto *RD = dyn_cast<CXXRecordDecl>(D)) {
    if (const CXXRecordDecl *P = RD->getTemplateInstantiationPattern())
      if (P != RD)
        Visit(P);
  }
}



/// The words of an identifier, lower case, split at `_`, camelCase and
/// PascalCase boundaries, the end of an ALLCAPS run ("HTTPCookie" -> http,
/// cookie) and between letters and digits ("apiKey_v2" -> api, key, v, 2;
/// "password2" -> password, 2). Hungarian prefixes come out as words of their
/// own (m_sPass -> m, s, pass; szPwd -> sz, pwd; strPassword -> str,
/// password), which no rule mentions.
llvm::SmallVector<std::string, 6> words(llvm::StringRef Name) {
  llvm::SmallVector<std::string, 6> Words;
  std::string Cur;
  auto Flush = [&] {
    if (!Cur.empty())
      Words.push_back(std::move(Cur));
    Cur.clear();
  };
  for (size_t I = 0; I < Name.size(); ++I) {
    char C = Name[I];
    if (!llvm::isAlnum(C)) {
      Flush();
      continue;
    }
    // camelCase and ABCWord boundaries, read off the name: Cur is lower
    // case, so an ALLCAPS run would otherwise split at every letter.
    char Prev = Cur.empty() ? 0 : Name[I - 1];
    if (llvm::isUpper(C) && Prev &&
        (llvm::isLower(Prev) || llvm::isDigit(Prev) ||
         (I + 1 < Name.size() && llvm::isLower(Name[I + 1]))))
      Flush();
    // Letters and digits: password2, pwd1, closure0.
    else if (Prev && llvm::isDigit(C) != llvm::isDigit(Prev))
      Flush();
    Cur.push_back(llvm::toLower(C));
  }
  Flush();
  return Words;
}

} // namespace

/// Name heuristics, with the false-positive lessons of name-based detectors
/// (CodeQL's among them): a name must contain a credential or personal-data
/// word, and must not also say that the value is already protected (hash,
/// digest, encrypted, masked), is about the secret rather than the secret
/// (length, policy, expiry, prompt, field name), or is a lexer token.
std::optional<Tier> inferTierFromName(llvm::StringRef Name, bool Text) {
  llvm::SmallVector<std::string, 6> W = words(Name);
  auto Has = [&](llvm::StringRef X) { return llvm::is_contained(W, X); };
  auto HasPair = [&](llvm::StringRef A, llvm::StringRef B) {
    for (size_t I = 0; I + 1 < W.size(); ++I)
      if (W[I] == A && W[I + 1] == B)
        return true;
    return false;
  };
  auto HasAny = [&](std::initializer_list<llvm::StringRef> L) {
    return llvm::any_of(L, Has);
  };
  bool Sensitive =
      Has("password") || Has("passwd") || Has("passphrase") ||
      HasPair("pass", "word") || HasPair("pass", "phrase") ||
      Has("secret") || Has("token") || Has("apikey") || Has("privkey") ||
      Has("ssn") || Has("pin") || Has("cvv") || Has("cvc") ||
      Has("credential") || Has("credentials") || Has("cookie") ||
      HasPair("api", "key") || HasPair("private", "key") ||
      HasPair("secret", "key") || HasPair("access", "key") ||
      HasPair("credit", "card") || HasPair("card", "number") ||
      HasPair("social", "security") || HasPair("session", "key") ||
      // A session id is the bearer credential of a web or API session, also
      // abbreviated and as the cookie names (JSESSIONID, PHPSESSID).
      HasPair("session", "id") || HasPair("sess", "id") ||
      llvm::any_of(W, [](const std::string &Word) {
        llvm::StringRef X(Word);
        return X.ends_with("sessionid") || X.ends_with("sessid");
      });
  // Short words with other common meanings fire only for text values.
  // `pass`: a compiler or render pass, a loop's pass number (int), a
  // pass-through; as a separate word only, so passenger, compass, bypass and
  // passthrough never match.
  if (!Sensitive && Text && Has("pass") &&
      !HasAny({"by", "through", "num", "number", "first", "second", "third",
               "last", "final", "render", "shader", "compiler", "manager",
               "pipeline", "fail", "ok", "test", "tests", "filter"}))
    Sensitive = true;
  // `pwd`: also the shell's working directory (PWD, `char pwd[PATH_MAX]`
  // filled by getcwd); a name that says directory is that.
  if (!Sensitive && Text && Has("pwd") &&
      !HasAny({"cwd", "dir", "directory", "work", "working", "current", "cur",
               "env"}))
    Sensitive = true;
  // Personal data: restricted, not sensitive. An e-mail address or a phone
  // number identifies a person (personal data under the GDPR) but opens
  // nothing: it may go to a restricted audit trail, not to a plain log.
  bool Personal = Has("email") || HasPair("e", "mail") || Has("phone") ||
                  Has("dob") || HasPair("date", "of") || HasPair("birth", "date");
  if (!Sensitive && !Personal)
    return std::nullopt;
  static const char *const NotTheSecret[] = {
      "hash",    "hashed",   "digest",     "salt",   "encrypted", "enc",
      "cipher",  "redacted", "masked",     "mask",   "fingerprint",
      "policy",  "prompt",   "label",      "field",  "name",      "length",
      "len",     "size",     "count",      "min",    "max",       "expires",
      "expiry",  "expiration", "ttl",      "timeout", "type",     "kind",
      "format",  "regex",    "pattern",    "file",   "path",      "tokenizer",
      "tokens",  "next",     "prev",       "previous", "hint",    "reset",
      "required", "strength", "validator", "header",  "dir",      "url",
      "index",   "idx",      "pos",        "position", "offset",  "line",
      "start",   "end",      "begin",
      // Iterators, streams and handles over tokens, and C++20's stop_token.
      "iterator", "iter",    "stream",     "handle", "stop"};
  for (const char *Word : NotTheSecret)
    if (Has(Word))
      return std::nullopt;
  return Sensitive ? Tier::sensitive : Tier::restricted;
}

namespace {

/// A value that holds text: a character pointer or array, or a string class
/// (std::string, std::string_view, QString, CString, ...), also through a
/// reference or std::optional.
bool isText(QualType T, unsigned Depth = 0) {
  if (T.isNull() || Depth > 4)
    return false;
  T = T.getNonReferenceType().getCanonicalType();
  if (T->isPointerType() || T->isArrayType()) {
    QualType E = T->isPointerType()
                     ? T->getPointeeType()
                     : QualType(T->getArrayElementTypeNoTypeQual(), 0);
    return E->isAnyCharacterType() ||
           E->isSpecificBuiltinType(BuiltinType::UChar) ||
           E->isSpecificBuiltinType(BuiltinType::SChar);
  }
  if (const auto *RD = T->getAsRecordDecl()) {
    if (RD->getName().contains_insensitive("string"))
      return true;
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      if (Spec->getName() == "optional" &&
          Spec->getTemplateArgs().size() == 1 &&
          Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
        return isText(Spec->getTemplateArgs()[0].getAsType(), Depth + 1);
  }
  return false;
}

/// Whether a variable is initialized from a call whose name says that it
/// returns the protected form: ZNC's `CString sPass =
/// CUtils::AskSaltedHashPassForConfig()` holds the salted hash printed for
/// the config file, not the password; the producer's name is the more
/// specific of the two.
bool initializedFromProtectedCall(const VarDecl *VD) {
  const Expr *E = VD->getInit();
  for (unsigned Depth = 0; E && Depth < 4; ++Depth) {
    E = skipWrappers(E);
    // A copy or a conversion of the call's result (C++11's elidable copy).
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
        CE && CE->getNumArgs() == 1) {
      E = CE->getArg(0);
      continue;
    }
    break;
  }
  const auto *Call = dyn_cast_or_null<CallExpr>(E);
  const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
  if (!FD || !FD->getIdentifier())
    return false;
  static const char *const Protected[] = {
      "hash",      "hashed", "digest",   "salted", "encrypt", "encrypted",
      "cipher",    "redact", "redacted", "mask",   "masked",  "obfuscate",
      "obfuscated"};
  llvm::SmallVector<std::string, 6> W = words(FD->getName());
  return llvm::any_of(Protected,
                      [&](const char *P) { return llvm::is_contained(W, P); });
}

/// Flags, states and callbacks are about a secret, not the secret.
/// An opaque `void *secret` (a signal handler's context) holds no text.
bool isNotData(QualType T) {
  return T->isVoidType() || T->isBooleanType() || T->isEnumeralType() ||
         T->isFunctionPointerType() || T->isMemberPointerType() ||
         T->isVoidPointerType();
}

} // namespace

std::optional<Tier> TierModel::inferredTier(const NamedDecl *D) {
  if (!D->getIdentifier())
    return std::nullopt;
  // A getter returns what its name says: GetPass(), getPwd(), get_api_key().
  // Only text, so that a lexer's getToken() returning a Token is left alone.
  if (const auto *FD = dyn_cast<FunctionDecl>(D)) {
    llvm::StringRef Name = FD->getName();
    llvm::SmallVector<std::string, 6> W = words(Name);
    QualType R = FD->getReturnType();
    if (W.size() < 2 || W.front() != "get" ||
        isNotData(R) || !isText(R))
      return std::nullopt;
    return inferTierFromName(Name.drop_front(3), /*Text=*/true);
  }
  if (!isa<FieldDecl, VarDecl>(D))
    return std::nullopt;
  QualType T = cast<ValueDecl>(D)->getType();
  if (isNotData(T))
    return std::nullopt;
  std::optional<Tier> Result = inferTierFromName(D->getName(), isText(T));
  if (Result)
    if (const auto *VD = dyn_cast<VarDecl>(D);
        VD && !isa<ParmVarDecl>(VD) && initializedFromProtectedCall(VD))
      return std::nullopt;
  return Result;
}

namespace {

/// Whether configured name \p Name (qualified) names \p D: by its
/// identifier, or by its operator ("ns::Mask::operator()").
bool isNamed(const NamedDecl *D, llvm::StringRef Name) {
  DeclarationName N = D->getDeclName();
  if (N.isIdentifier()) {
    // Cheap filter on the last component before printing the full name.
    if (!Name.ends_with(D->getName()))
      return false;
  } else if (N.getNameKind() != DeclarationName::CXXOperatorName ||
             !Name.contains("operator")) {
    return false;
  }
  return Name == qualifiedName(D);
}

} // namespace

TierModel::TierModel(const Config *Cfg, bool InferNames)
    : Cfg(Cfg), InferNames(InferNames) {}

const SourceEntry *TierModel::configuredSource(const NamedDecl *D) {
  if (!Cfg || Cfg->Sources.empty() || !D->getDeclName().isIdentifier())
    return nullptr;
  llvm::StringRef Short = D->getName();
  const SourceEntry *Found = nullptr;
  for (const SourceEntry &E : Cfg->Sources) {
    // Cheap filter on the last component before printing the full name.
    if (!llvm::StringRef(E.Name).ends_with(Short))
      continue;
    if (E.Name == qualifiedName(D))
      Found = &E;
  }
  return Found;
}

bool TierModel::isLogSink(const FunctionDecl *FD, std::vector<unsigned> *Args) {
  if (hasAnnotation(FD, TG_ANNOTATION_LOG_SINK))
    return true;
  if (!Cfg || Cfg->LogSinks.empty())
    return false;
  for (const LogSinkEntry &E : Cfg->LogSinks)
    if (isNamed(FD, E.Name)) {
      if (Args)
        *Args = E.Args;
      return true;
    }
  return false;
}

bool TierModel::isAuditSink(const FunctionDecl *FD,
                            std::optional<unsigned> *MessageArg) {
  if (hasAnnotation(FD, TG_ANNOTATION_AUDIT_SINK))
    return true;
  if (!Cfg || Cfg->AuditSinks.empty())
    return false;
  for (const AuditSinkEntry &E : Cfg->AuditSinks)
    if (isNamed(FD, E.Name)) {
      if (MessageArg)
        *MessageArg = E.MessageArg;
      return true;
    }
  return false;
}

bool TierModel::isDeclassifier(const FunctionDecl *FD) {
  if (hasAnnotation(FD, TG_ANNOTATION_DECLASSIFY))
    return true;
  if (!Cfg || Cfg->Declassifiers.empty())
    return false;
  for (const std::string &Name : Cfg->Declassifiers)
    if (isNamed(FD, Name))
      return true;
  return false;
}

bool TierModel::isLogSinkClass(const CXXRecordDecl *RD) {
  if (hasAnnotation(RD, TG_ANNOTATION_LOG_SINK))
    return true;
  if (!Cfg || Cfg->LogSinkClasses.empty() || !RD->getIdentifier())
    return false;
  for (const std::string &Name : Cfg->LogSinkClasses)
    if (llvm::StringRef(Name).ends_with(RD->getName()) &&
        Name == qualifiedName(RD))
      return true;
  return false;
}

std::optional<Tier> TierModel::declaredTier(const Decl *D) {
  if (!D)
    return std::nullopt;
  D = D->getCanonicalDecl();
  auto It = DeclCache.find(D);
  if (It != DeclCache.end())
    return It->second < 0 ? std::nullopt
                          : std::optional<Tier>(Tier(It->second));
  std::optional<Tier> Result;
  forEachAnnotation(D, [&](llvm::StringRef S) {
    for (const auto &[Annotation, T] : TierAnnotations)
      if (S == Annotation)
        Result = Result ? maxTier(*Result, T) : T;
  });
  // Configured sources stand for annotations on code that cannot be edited.
  if (!Result)
    if (const auto *ND = dyn_cast<NamedDecl>(D))
      if (const SourceEntry *E = configuredSource(ND))
        Result = E->T;
  if (!Result && InferNames)
    if (const auto *ND = dyn_cast<NamedDecl>(D))
      if ((Result = inferredTier(ND)))
        Inferred.insert(D);
  // An override returns the same kind of value as the method it overrides.
  if (!Result)
    if (const auto *MD = dyn_cast<CXXMethodDecl>(D))
      for (const CXXMethodDecl *Base : MD->overridden_methods())
        if (std::optional<Tier> T = declaredTier(Base))
          Result = Result ? maxTier(*Result, *T) : *T;
  DeclCache[D] = Result ? int8_t(*Result) : int8_t(-1);
  return Result;
}

bool TierModel::hasAnnotation(const Decl *D, llvm::StringRef Name) {
  bool Found = false;
  forEachAnnotation(D, [&](llvm::StringRef S) { Found |= S == Name; });
  return Found;
}

TierSource TierModel::typeTier(QualType T) {
  return typeTierImpl(T, /*Content=*/false, 0);
}

TierSource TierModel::contentTier(QualType T) {
  return typeTierImpl(T, /*Content=*/true, 0);
}

TierSource TierModel::typeTierImpl(QualType QT, bool Content, unsigned Depth) {
  // Deeply nested templates add nothing a user could act on; stop early.
  if (QT.isNull() || Depth > 8)
    return {};
  const Type *Ty = QT.getCanonicalType().getTypePtr();
  auto &Cache = Content ? ContentCache : TypeCache;
  auto It = Cache.find(Ty);
  if (It != Cache.end())
    return It->second;
  Cache[Ty] = {}; // breaks cycles through pointers to the enclosing type

  TierSource Result;
  if (Ty->isReferenceType() || Ty->isPointerType())
    Result = typeTierImpl(Ty->getPointeeType(), Content, Depth + 1);
  else if (const auto *AT = dyn_cast<ArrayType>(Ty))
    Result = typeTierImpl(AT->getElementType(), Content, Depth + 1);
  else if (const auto *RD = Ty->getAsRecordDecl())
    Result = recordTier(RD, Content, Depth);
  Cache[Ty] = Result;
  return Result;
}

namespace {

/// A template from a library (a system header, or a namespace the library
/// model has rules for), or one whose definition we cannot see: what it
/// holds of its arguments is not visible in its fields.
bool isLibraryTemplate(const ClassTemplateSpecializationDecl *Spec) {
  const CXXRecordDecl *Pattern = Spec->getTemplateInstantiationPattern();
  if (!Pattern || !Spec->hasDefinition())
    return true;
  const SourceManager &SM = Spec->getASTContext().getSourceManager();
  if (SM.isInSystemHeader(Pattern->getLocation()))
    return true;
  const NamespaceDecl *Top = nullptr;
  for (const DeclContext *DC = Pattern->getDeclContext();
       DC && !DC->isTranslationUnit(); DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      Top = NS;
  return Top && Top->getIdentifier() &&
         library::findName(library::Role::ModeledNamespace, Top->getName());
}

} // namespace

TierSource TierModel::recordTier(const RecordDecl *RD, bool Content,
                                 unsigned Depth) {
  TierSource Result;
  auto Raise = [&](TierSource S) {
    if (S.T > Result.T)
      Result = S;
  };
  if (std::optional<Tier> T = declaredTier(RD))
    Raise({*T, RD});
  else if (const auto *CRD = dyn_cast<CXXRecordDecl>(RD))
    if (const CXXRecordDecl *Pattern = CRD->getTemplateInstantiationPattern())
      if (std::optional<Tier> T = declaredTier(Pattern))
        Raise({*T, RD});
  // std::optional<ApiKey>, std::vector<ApiKey>, std::unique_ptr<ApiKey>, ...
  // A class template of the program (Holder<ApiKey>) is judged by its
  // fields instead: its other members are not the key.
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
      Spec && isLibraryTemplate(Spec))
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
      if (Arg.getKind() == TemplateArgument::Type)
        Raise(typeTierImpl(Arg.getAsType(), Content, Depth + 1));
  if (Content && RD->getDefinition()) {
    for (const FieldDecl *F : RD->getDefinition()->fields()) {
      if (std::optional<Tier> T = declaredTier(F)) {
        Raise({*T, F});
        continue; // an explicit tier on a field is also its ceiling
      }
      Raise(typeTierImpl(F->getType(), Content, Depth + 1));
    }
    if (const auto *CRD = dyn_cast<CXXRecordDecl>(RD->getDefinition()))
      for (const CXXBaseSpecifier &B : CRD->bases())
        Raise(typeTierImpl(B.getType(), Content, Depth + 1));
  }
  return Result;
}

} // namespace trailguard
