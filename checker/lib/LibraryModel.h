//===--- LibraryModel.h - what trailguard knows about libraries -*- C++ -*-===//
//
// One declarative table of the library functions, streams, types and
// namespaces the checks give a meaning to (log sinks, value-free results,
// std::move, string types, ...), and the lookups the sink catalog and the
// checks read it through.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_LIBRARYMODEL_H
#define TRAILGUARD_CHECKER_LIBRARYMODEL_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace clang {
class CXXRecordDecl;
class FunctionDecl;
} // namespace clang

namespace trailguard {
namespace library {

/// What a library declaration means to the checks.
enum class Role : unsigned char {
  // Functions.
  LogCall,          ///< writes its arguments, from FirstArg on, to a log
  ValueFreeResult,  ///< its result carries nothing of its arguments' contents
  SameValue,        ///< its result is its one argument (std::move)
  CopiesObject,     ///< a copy made through it keeps the per-field tiers
  DiscardsContents, ///< a method after which the old contents are gone
  ElementAccess,    ///< a method returning a part of its object
  Formats,          ///< an unseen function that prints its arguments
  ConstantView,     ///< a method that is constant when its object is (c_str)
  MessageView,      ///< a method an audit note looks through to the message
  FillsRange,       ///< overwrites [arg 0, arg 1) with its other arguments
  FillsCount,       ///< overwrites FirstArg elements (or bytes) from arg 0
  Swaps,            ///< exchanges the contents of its object and argument,
                    ///< or of its two arguments
  // Types, for calls.
  CallableWrapper,  ///< a record whose operator() calls what it holds
  CallableRunner,   ///< a record whose constructor runs a callable on the
                    ///< other arguments
  EmptiedByMove,    ///< a record whose moved-from object holds nothing
  IteratorAccess,   ///< a method returning an iterator into its object
  MapInsert,        ///< a map's method taking a key, then the mapped value
  MakesPair,        ///< builds a std::pair of its two arguments
  CallsArgument,    ///< calls its function argument with the others' elements
  OutputIterator,   ///< an iterator writing into its first argument
  // Streams.
  LogStreamObject, ///< a global stream that writes to a log
  LogStreamMethod, ///< a method whose result is a log stream
  LogStreamType,   ///< a record that is (or derives from) a log stream
  OutputStreamBase, ///< what a buffering stream class derives from: one
                    ///< whose destructor writes its buffer to a log is a
                    ///< log stream itself
  // Types.
  PlainText,           ///< printed as its characters, with no formatter
  AuditMessageType,    ///< a parameter type an audit message is passed as
  FormatStringType,    ///< a compile-time fmt/std format string
  FormatterTemplate,   ///< the fmt::formatter template
  StreamFormatterBase, ///< a formatter base that prints through operator<<
  // Scopes.
  ModeledNamespace, ///< judged by these rules, never by its bodies
};

/// Which name of a declaration a rule's pattern is compared with.
enum class Scope : unsigned char {
  CFunction,      ///< a function at global scope or extern "C": its identifier
  COrStdFunction, ///< the same, or a function directly in std
  StdFunction,    ///< a function in namespace std: its identifier
  Method,         ///< any member function: its identifier
  Function,       ///< any other function: its qualified name
  MethodOfClass,  ///< a method (Member) of a class by its identifier
  MethodOfBase,   ///< a method (Member) of a class or base by qualified name
  Name,           ///< a variable, record or namespace: its qualified name
  RecordOrBase,   ///< a record or one of its bases: its qualified name
};

enum Flag : unsigned {
  /// fmt::print(FILE*/ostream&, ...) shifts the logged arguments by one.
  SkipLeadingStream = 1,
  /// Only the C-variadic overload (qDebug("%s", ...)).
  VariadicOnly = 2,
  /// Only a call with exactly one argument.
  OneArgument = 4,
  /// A finding names the macro the call (for a log stream: the stream) is
  /// written as (CHECK_EQ, DCHECK_STREQ, SPDLOG_INFO, VLOG), and Display
  /// only when it is written as no macro.
  NamedByMacro = 8,
  /// FillsCount: the count is in bytes (memset), not elements (fill_n).
  CountsBytes = 16,
  /// CallsArgument: the result is what the function argument returns
  /// (std::visit), not the other arguments.
  ResultOfCallee = 32,
};

/// One row of the table.
struct Rule {
  Role R;
  Scope S;
  /// The name; '*' matches any run of characters ("fmt::*",
  /// "*format_string").
  llvm::StringLiteral Pattern;
  /// MethodOfClass, MethodOfBase: the method's identifier ("" for any);
  /// FormatterTemplate: the method that prints.
  llvm::StringLiteral Member = "";
  /// How a finding names a sink: "" for the declaration's own name
  /// (identifier for C functions, qualified otherwise); "{Cap}" stands for
  /// the identifier with its first letter upper case.
  llvm::StringLiteral Display = "";
  /// LogCall: the first logged argument.
  unsigned FirstArg = 0;
  unsigned Flags = 0;
};

/// Every rule, in the order lookups try them.
llvm::ArrayRef<Rule> rules();

/// The first rule of role \p R that \p FD matches; \p NumArgs is the number
/// of arguments of the call (for OneArgument rules).
const Rule *find(Role R, const clang::FunctionDecl *FD,
                 std::optional<unsigned> NumArgs = std::nullopt);
/// The first rule of role \p R that record \p RD (Scope::Name) or it or one
/// of its bases (Scope::RecordOrBase) matches.
const Rule *find(Role R, const clang::CXXRecordDecl *RD);
/// The first rule of role \p R whose pattern matches \p Name, whatever its
/// scope (qualified names of variables, namespaces, records).
const Rule *findName(Role R, llvm::StringRef Name);

/// The first rule of role \p R (for roles with one row, such as
/// FormatterTemplate).
const Rule *first(Role R);

/// How a finding names the sink \p Rule matched on \p Name (the
/// declaration's display name, see Rule::Display; \p Identifier fills
/// "{Cap}").
std::string display(const Rule &Rule, llvm::StringRef Name,
                    llvm::StringRef Identifier);

/// Whether \p Name matches \p Pattern, in which '*' matches any run of
/// characters.
bool globMatch(llvm::StringRef Pattern, llvm::StringRef Name);

} // namespace library
} // namespace trailguard

#endif // TRAILGUARD_CHECKER_LIBRARYMODEL_H
