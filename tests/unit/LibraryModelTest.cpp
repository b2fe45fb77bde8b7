// Unit tests for the library model: its patterns, its names for sinks, and
// rows that the lit tests do not reach through a whole program.

#include "LibraryModel.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"

#include <gtest/gtest.h>

using namespace clang;
using namespace clang::ast_matchers;
using namespace trailguard::library;

namespace {

// Declared here, so that it hides clang::Scope (Sema's, which Tooling's
// headers bring in from LLVM 22 on) instead of being ambiguous with it.
using trailguard::library::Scope;

TEST(LibraryModelTest, PatternsMatchWholeNamesAndStars) {
  EXPECT_TRUE(globMatch("std::cout std::cerr", "std::cerr"));
  EXPECT_FALSE(globMatch("std::cout", "std::cout2"));
  EXPECT_TRUE(globMatch("fmt::*", "fmt::format"));
  EXPECT_FALSE(globMatch("fmt::*", "fmtx::format"));
  EXPECT_TRUE(globMatch("*format_string", "fmt::basic_format_string"));
  EXPECT_TRUE(globMatch("*ostream_formatter*", "fmt::basic_ostream_formatter"));
  EXPECT_TRUE(globMatch("boost::log::*record_pump",
                        "boost::log::aux::record_pump"));
  EXPECT_FALSE(globMatch("boost::log::*record_pump", "boost::log::pump"));
  EXPECT_FALSE(globMatch("", "anything"));
}

TEST(LibraryModelTest, SinkNamesFillTheCapitalizedIdentifier) {
  const Rule *R = findName(Role::LogStreamType, "QDebug");
  ASSERT_TRUE(R);
  EXPECT_EQ(display(*R, "QDebug", "QDebug"), "qDebug()");
  Rule Qt{Role::LogStreamMethod, Scope::MethodOfClass, "QMessageLogger", "",
          "q{Cap}()"};
  EXPECT_EQ(display(Qt, "warning", "warning"), "qWarning()");
  Rule Plain{Role::LogCall, Scope::CFunction, "printf"};
  EXPECT_EQ(display(Plain, "printf", "printf"), "printf");
}

TEST(LibraryModelTest, EveryRoleOfTheChecksHasRows) {
  for (Role R : {Role::LogCall, Role::ValueFreeResult, Role::SameValue,
                 Role::CopiesObject, Role::DiscardsContents,
                 Role::ElementAccess, Role::Formats, Role::ConstantView,
                 Role::MessageView, Role::IteratorAccess, Role::MapInsert,
                 Role::MakesPair, Role::CallsArgument, Role::OutputIterator,
                 Role::LogStreamObject, Role::LogStreamMethod,
                 Role::LogStreamType, Role::OutputStreamBase, Role::PlainText,
                 Role::AuditMessageType, Role::FormatStringType,
                 Role::FormatterTemplate, Role::StreamFormatterBase,
                 Role::FillsRange, Role::FillsCount, Role::Swaps,
                 Role::CallableWrapper, Role::CallableRunner,
                 Role::EmptiedByMove, Role::ModeledNamespace})
    EXPECT_TRUE(first(R)) << "role " << unsigned(R);
  EXPECT_TRUE(findName(Role::ModeledNamespace, "boost"));
  EXPECT_FALSE(findName(Role::ModeledNamespace, "mylib"));
  EXPECT_TRUE(findName(Role::LogStreamObject, "std::wclog"));
  EXPECT_TRUE(findName(Role::Formats, "std::vformat_to"));
}

/// The declaration named \p Name in \p Code.
template <typename T>
const T *declNamed(ASTUnit &AST, llvm::StringRef Name) {
  auto Found = match(namedDecl(hasName(Name)).bind("d"), AST.getASTContext());
  for (const BoundNodes &N : Found)
    if (const auto *D = N.getNodeAs<T>("d"))
      return D;
  return nullptr;
}

TEST(LibraryModelTest, FunctionsAreMatchedInTheirScope) {
  std::unique_ptr<ASTUnit> AST = tooling::buildASTFromCode(R"cc(
    extern "C" int syslog(int, const char *, ...);
    namespace app { int syslog(int, const char *, ...); }
    namespace std {
    template <class T> T &&move(T &t);
    unsigned long strlen(const char *);
    }
    struct QMessageLogger {
      void warning(const char *, ...);
      void critical();
    };
    struct Buffer { void str(int); void str(); };
  )cc");
  ASSERT_TRUE(AST);
  const Rule *R =
      find(Role::LogCall, declNamed<FunctionDecl>(*AST, "::syslog"));
  ASSERT_TRUE(R);
  EXPECT_EQ(R->FirstArg, 1u);
  EXPECT_FALSE(find(Role::LogCall, declNamed<FunctionDecl>(*AST, "app::syslog")));
  EXPECT_TRUE(find(Role::ValueFreeResult,
                   declNamed<FunctionDecl>(*AST, "std::strlen")));

  auto *Move = declNamed<FunctionTemplateDecl>(*AST, "std::move");
  ASSERT_TRUE(Move);
  EXPECT_TRUE(find(Role::SameValue, Move->getTemplatedDecl(), 1));
  EXPECT_FALSE(find(Role::SameValue, Move->getTemplatedDecl(), 2));

  // qWarning("%s", x) is the C-variadic overload; critical() is a stream.
  const Rule *Warning = find(
      Role::LogCall, declNamed<FunctionDecl>(*AST, "QMessageLogger::warning"));
  ASSERT_TRUE(Warning);
  EXPECT_EQ(display(*Warning, "QMessageLogger::warning", "warning"),
            "qWarning");
  EXPECT_FALSE(find(Role::LogCall, declNamed<FunctionDecl>(
                                       *AST, "QMessageLogger::critical")));
  const Rule *Stream =
      find(Role::LogStreamMethod,
           declNamed<FunctionDecl>(*AST, "QMessageLogger::critical"));
  ASSERT_TRUE(Stream);
  EXPECT_EQ(display(*Stream, "critical", "critical"), "qCritical()");
}

TEST(LibraryModelTest, GlogCheckOpsPrintTheirOperands) {
  std::unique_ptr<ASTUnit> AST = tooling::buildASTFromCode(R"cc(
    namespace google {
    template <class T> const T &GetReferenceableValue(const T &t) { return t; }
    int GetReferenceableValue(int t) { return t; }
    template <class T1, class T2>
    int *Check_EQImpl(const T1 &, const T2 &, const char *) { return 0; }
    int *CheckstrcasecmpfalseImpl(const char *, const char *, const char *);
    int *CheckNotNull(const char *, int, const char *, int *);
    }
  )cc");
  ASSERT_TRUE(AST);
  auto *EQ = declNamed<FunctionTemplateDecl>(*AST, "google::Check_EQImpl");
  ASSERT_TRUE(EQ);
  const Rule *R = find(Role::LogCall, EQ->getTemplatedDecl());
  ASSERT_TRUE(R);
  EXPECT_EQ(R->FirstArg, 0u);
  EXPECT_TRUE(R->Flags & NamedByMacro);
  EXPECT_EQ(display(*R, "google::Check_EQImpl", "Check_EQImpl"), "CHECK_OP");
  EXPECT_TRUE(
      find(Role::LogCall,
           declNamed<FunctionDecl>(*AST, "google::CheckstrcasecmpfalseImpl")));
  EXPECT_FALSE(find(Role::LogCall,
                    declNamed<FunctionDecl>(*AST, "google::CheckNotNull")));
  EXPECT_TRUE(
      find(Role::SameValue,
           declNamed<FunctionDecl>(*AST, "google::GetReferenceableValue"), 1));
}

TEST(LibraryModelTest, StreamTypesAreMatchedThroughBases) {
  std::unique_ptr<ASTUnit> AST = tooling::buildASTFromCode(R"cc(
    namespace absl { namespace log_internal { struct LogMessageFatal {}; } }
    struct MyLog : absl::log_internal::LogMessageFatal {};
    namespace absl { struct Cord {}; }
    struct NotText {};
  )cc");
  ASSERT_TRUE(AST);
  const Rule *R =
      find(Role::LogStreamType, declNamed<CXXRecordDecl>(*AST, "::MyLog"));
  ASSERT_TRUE(R);
  EXPECT_EQ(llvm::StringRef(R->Display), "LOG");
  EXPECT_TRUE(
      find(Role::PlainText, declNamed<CXXRecordDecl>(*AST, "absl::Cord")));
  EXPECT_FALSE(
      find(Role::PlainText, declNamed<CXXRecordDecl>(*AST, "::NotText")));
}

} // namespace
