//===--- LibraryModel.cpp - what trailguard knows about libraries ---------===//
//
// The table: one block of rows per library family, in the spirit of the
// static analyzer's GenericTaintChecker rules. A new family of sinks is a new
// block here (and its tests); the checks and the sink catalog only ever ask
// the lookups below.
//
//===----------------------------------------------------------------------===//

#include "LibraryModel.h"
#include "Names.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <vector>

using namespace clang;

namespace trailguard {
namespace library {
namespace {

// A pattern lists alternatives separated by spaces; each may use '*'.
const Rule Table[] = {
    // C stdio and syslog: the logged arguments start after the FILE*/fd/level.
    {Role::LogCall, Scope::CFunction,
     "printf vprintf wprintf vwprintf puts perror fputs fputws", "", "", 0},
    {Role::LogCall, Scope::CFunction,
     "fprintf vfprintf fwprintf vfwprintf dprintf vdprintf syslog vsyslog", "",
     "", 1},
    {Role::ValueFreeResult, Scope::COrStdFunction,
     "strlen strnlen wcslen wcsnlen strcmp strncmp memcmp wcscmp strcasecmp"},
    // snprintf(buf, ...) still fills buf; only its result is a count.
    {Role::ValueFreeResult, Scope::COrStdFunction,
     "snprintf sprintf vsnprintf vsprintf swprintf vswprintf"},
    {Role::ValueFreeResult, Scope::COrStdFunction,
     "write pwrite send sendto fwrite read pread recv recvfrom fread"},
    // Wiping a buffer: memset(p, c, n) and bzero(p, n) over all of it.
    {Role::FillsCount, Scope::COrStdFunction, "memset", "", "", 2, CountsBytes},
    {Role::FillsCount, Scope::COrStdFunction, "bzero explicit_bzero", "", "", 1,
     CountsBytes},

    // The standard library.
    {Role::ModeledNamespace, Scope::Name, "std"},
    {Role::LogStreamObject, Scope::Name,
     "std::cout std::cerr std::clog std::wcout std::wcerr std::wclog"},
    {Role::LogStreamType, Scope::RecordOrBase,
     "std::basic_ofstream std::basic_fstream", "", "std::ofstream"},
    // `struct DebugStream : std::ostringstream { ~DebugStream() { std::cerr
    // << str(); } };` (SinkCatalog::flushesToLog).
    {Role::OutputStreamBase, Scope::RecordOrBase, "std::basic_ostream"},
    {Role::LogCall, Scope::Function, "std::print std::println", "", "", 0,
     SkipLeadingStream},
    {Role::Formats, Scope::Function, "std::format* std::vformat*"},
    {Role::PlainText, Scope::Name,
     "std::basic_string std::basic_string_view std::basic_ostringstream "
     "std::basic_stringstream"},
    {Role::AuditMessageType, Scope::Name,
     "std::basic_string std::basic_string_view *format_string"},
    {Role::FormatStringType, Scope::Name, "*format_string"},
    {Role::SameValue, Scope::StdFunction, "move forward as_const ref cref", "",
     "", 0, OneArgument},
    {Role::CopiesObject, Scope::StdFunction, "move forward", "", "", 0,
     OneArgument},
    // Sizes, lengths, positions, orderings.
    {Role::ValueFreeResult, Scope::Method,
     "size length empty capacity max_size has_value use_count bucket_count "
     "compare find rfind find_first_of find_last_of find_first_not_of "
     "find_last_not_of count"},
    // clear(), assign(x), str(s), reset(): the old contents are gone.
    {Role::DiscardsContents, Scope::Method, "clear assign reset"},
    {Role::DiscardsContents, Scope::Method, "str", "", "", 0, OneArgument},
    {Role::ElementAccess, Scope::Method, "data front back at value get"},
    {Role::FillsRange, Scope::StdFunction, "fill"},
    {Role::FillsCount, Scope::StdFunction, "fill_n", "", "", 1},
    {Role::Swaps, Scope::StdFunction, "swap"},
    {Role::Swaps, Scope::Method, "swap", "", "", 0, OneArgument},
    {Role::CallableWrapper, Scope::Name,
     "std::function std::move_only_function std::copyable_function"},
    {Role::CallableRunner, Scope::Name, "std::thread std::jthread"},
    // Moving out of these leaves them empty (libstdc++ and libc++ do for
    // strings too); a moved-from scalar, array or aggregate keeps its value.
    {Role::EmptiedByMove, Scope::Name,
     "std::basic_string std::vector std::deque std::list std::forward_list "
     "std::map std::multimap std::set std::multiset std::unordered_map "
     "std::unordered_multimap std::unordered_set std::unordered_multiset "
     "std::unique_ptr std::shared_ptr"},
    {Role::IteratorAccess, Scope::Method,
     "begin end cbegin cend rbegin rend crbegin crend find lower_bound "
     "upper_bound"},
    {Role::MapInsert, Scope::Method,
     "emplace try_emplace insert_or_assign insert"},
    {Role::MakesPair, Scope::StdFunction, "make_pair"},
    // Algorithms calling a function argument with the elements of the
    // others: its result reaches the output iterator or the result.
    {Role::CallsArgument, Scope::StdFunction, "visit invoke apply", "", "", 0,
     ResultOfCallee},
    {Role::CallsArgument, Scope::StdFunction,
     "for_each for_each_n transform accumulate reduce transform_reduce "
     "inner_product partial_sum generate generate_n find_if find_if_not "
     "count_if any_of all_of none_of copy_if remove_copy_if"},
    {Role::OutputIterator, Scope::StdFunction,
     "back_inserter front_inserter inserter"},
    {Role::OutputIterator, Scope::Name,
     "std::ostream_iterator std::ostreambuf_iterator std::back_insert_iterator "
     "std::front_insert_iterator std::insert_iterator"},
    {Role::ConstantView, Scope::Method, "c_str data"},
    {Role::MessageView, Scope::Method, "c_str data str"},

    // {fmt}.
    {Role::ModeledNamespace, Scope::Name, "fmt"},
    {Role::LogCall, Scope::Function, "fmt::print fmt::println fmt::vprint", "",
     "", 0, SkipLeadingStream},
    {Role::Formats, Scope::Function, "fmt::*"},
    {Role::PlainText, Scope::Name,
     "fmt::basic_string_view fmt::basic_memory_buffer fmt::basic_format_string "
     "fmt::format_string"},
    {Role::AuditMessageType, Scope::Name, "fmt::basic_string_view"},
    {Role::FormatterTemplate, Scope::Name, "fmt::formatter", "format"},
    {Role::StreamFormatterBase, Scope::Name, "*ostream_formatter*"},

    // spdlog: the free functions and the logger's methods.
    {Role::ModeledNamespace, Scope::Name, "spdlog"},
    // SPDLOG_INFO(...) is `(logger)->log(source_loc, level, ...)`: a finding
    // names the macro.
    {Role::LogCall, Scope::Function,
     "spdlog::trace spdlog::debug spdlog::info spdlog::warn spdlog::error "
     "spdlog::critical spdlog::log",
     "", "", 0, NamedByMacro},
    {Role::LogCall, Scope::Function,
     "spdlog::logger::trace spdlog::logger::debug spdlog::logger::info "
     "spdlog::logger::warn spdlog::logger::error spdlog::logger::critical "
     "spdlog::logger::log",
     "", "", 0, NamedByMacro},

    // glog and Abseil: LOG(...) is `google::LogMessage(...).stream() << ...`
    // or an absl::log_internal::LogMessage.
    {Role::ModeledNamespace, Scope::Name, "google absl"},
    // VLOG, LOG_IF, DLOG, CHECK: a finding names the macro as written.
    {Role::LogStreamMethod, Scope::MethodOfBase, "google::*", "stream", "LOG",
     0, NamedByMacro},
    // CHECK_EQ(a, b) (and NE/LT/LE/GT/GE, DCHECK_*) is
    // `google::Check_EQImpl(google::GetReferenceableValue(a), ..., "a == b")`
    // and CHECK_STREQ(a, b) (STRNE, STRCASEEQ, STRCASENE) is
    // `google::CheckstrcmptrueImpl(a, b, "a == b")`: the result is the
    // failure message, with both operands, that LogMessageFatal prints. The
    // condition of CHECK(c) and LOG_IF(s, c) is printed as its text only.
    {Role::LogCall, Scope::Function, "google::Check*Impl", "", "CHECK_OP", 0,
     NamedByMacro},
    {Role::SameValue, Scope::Function, "google::GetReferenceableValue", "", "",
     0, OneArgument},
    {Role::LogStreamType, Scope::RecordOrBase,
     "absl::log_internal::LogMessage*", "", "LOG", 0, NamedByMacro},
    {Role::PlainText, Scope::Name, "absl::string_view absl::Cord"},
    {Role::AuditMessageType, Scope::Name, "absl::string_view"},

    // Qt: qDebug("%s", ...) is the printf-style QMessageLogger::debug,
    // qWarning() << ... is `QMessageLogger(...).warning() << ...`.
    {Role::LogCall, Scope::Function,
     "QMessageLogger::debug QMessageLogger::info QMessageLogger::warning "
     "QMessageLogger::critical QMessageLogger::fatal",
     "", "q{Cap}", 0, VariadicOnly},
    {Role::LogStreamMethod, Scope::MethodOfClass, "QMessageLogger", "",
     "q{Cap}()"},
    {Role::LogStreamType, Scope::RecordOrBase, "QDebug", "", "qDebug()"},
    {Role::PlainText, Scope::Name, "QString QByteArray QStringView"},
    {Role::AuditMessageType, Scope::Name, "QString"},

    // Boost.Log: BOOST_LOG_TRIVIAL(...) << ... writes into a record stream.
    {Role::ModeledNamespace, Scope::Name, "boost"},
    {Role::LogStreamType, Scope::RecordOrBase,
     "boost::log::*basic_record_ostream boost::log::*record_pump", "",
     "BOOST_LOG"},
};

constexpr unsigned NumRoles = unsigned(Role::ModeledNamespace) + 1;

/// The rows of each role, in table order.
const std::vector<const Rule *> &rulesFor(Role R) {
  static const auto ByRole = [] {
    std::vector<std::vector<const Rule *>> V(NumRoles);
    for (const Rule &Row : Table)
      V[unsigned(Row.R)].push_back(&Row);
    return V;
  }();
  return ByRole[unsigned(R)];
}

/// One alternative: '*' matches any run of characters.
bool matchOne(llvm::StringRef Pattern, llvm::StringRef Name) {
  size_t Star = Pattern.find('*');
  if (Star == llvm::StringRef::npos)
    return Pattern == Name;
  if (!Name.consume_front(Pattern.take_front(Star)))
    return false;
  llvm::SmallVector<llvm::StringRef, 4> Pieces;
  Pattern.drop_front(Star + 1).split(Pieces, '*');
  for (size_t I = 0; I + 1 < Pieces.size(); ++I) {
    size_t At = Name.find(Pieces[I]);
    if (At == llvm::StringRef::npos)
      return false;
    Name = Name.drop_front(At + Pieces[I].size());
  }
  return Name.ends_with(Pieces.back());
}

bool derivesFrom(const CXXRecordDecl *RD,
                 llvm::function_ref<bool(llvm::StringRef)> Match) {
  if (!RD)
    return false;
  if (Match(qualifiedName(RD)))
    return true;
  if (!RD->hasDefinition())
    return false;
  for (const CXXBaseSpecifier &B : RD->bases())
    if (derivesFrom(B.getType()->getAsCXXRecordDecl(), Match))
      return true;
  return false;
}

} // namespace

llvm::ArrayRef<Rule> rules() { return Table; }

bool globMatch(llvm::StringRef Pattern, llvm::StringRef Name) {
  while (!Pattern.empty()) {
    auto [One, Rest] = Pattern.split(' ');
    if (!One.empty() && matchOne(One, Name))
      return true;
    Pattern = Rest;
  }
  return false;
}

const Rule *find(Role R, const FunctionDecl *FD,
                 std::optional<unsigned> NumArgs) {
  if (!FD || !FD->getIdentifier())
    return nullptr;
  llvm::StringRef Name = FD->getName();
  const DeclContext *DC = FD->getDeclContext()->getRedeclContext();
  bool C = DC->isTranslationUnit() || FD->isExternC();
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  std::optional<std::string> Qualified;
  for (const Rule *Row : rulesFor(R)) {
    if ((Row->Flags & VariadicOnly) && !FD->isVariadic())
      continue;
    if ((Row->Flags & OneArgument) && NumArgs != 1u)
      continue;
    auto IsMember = [&] {
      return MD && (Row->Member.empty() || Row->Member == Name);
    };
    bool Match = false;
    switch (Row->S) {
    case Scope::CFunction:
      Match = C && globMatch(Row->Pattern, Name);
      break;
    case Scope::COrStdFunction:
      Match = (C || DC->isStdNamespace()) && globMatch(Row->Pattern, Name);
      break;
    case Scope::StdFunction:
      Match = FD->isInStdNamespace() && globMatch(Row->Pattern, Name);
      break;
    case Scope::Method:
      Match = MD && globMatch(Row->Pattern, Name);
      break;
    case Scope::Function:
      if (C)
        break;
      if (!Qualified)
        Qualified = qualifiedName(FD);
      Match = globMatch(Row->Pattern, *Qualified);
      break;
    case Scope::MethodOfClass:
      Match = IsMember() && MD->getParent()->getIdentifier() &&
              globMatch(Row->Pattern, MD->getParent()->getName());
      break;
    case Scope::MethodOfBase:
      Match = IsMember() &&
              derivesFrom(MD->getParent(), [&](llvm::StringRef N) {
                return globMatch(Row->Pattern, N);
              });
      break;
    case Scope::Name:
    case Scope::RecordOrBase:
      break;
    }
    if (Match)
      return Row;
  }
  return nullptr;
}

const Rule *find(Role R, const CXXRecordDecl *RD) {
  if (!RD)
    return nullptr;
  std::optional<std::string> Qualified;
  for (const Rule *Row : rulesFor(R)) {
    if (Row->S == Scope::Name) {
      if (!Qualified)
        Qualified = qualifiedName(RD);
      if (globMatch(Row->Pattern, *Qualified))
        return Row;
    } else if (Row->S == Scope::RecordOrBase) {
      if (derivesFrom(RD, [&](llvm::StringRef N) {
            return globMatch(Row->Pattern, N);
          }))
        return Row;
    }
  }
  return nullptr;
}

const Rule *first(Role R) {
  const std::vector<const Rule *> &Rows = rulesFor(R);
  return Rows.empty() ? nullptr : Rows.front();
}

const Rule *findName(Role R, llvm::StringRef Name) {
  for (const Rule *Row : rulesFor(R))
    if (globMatch(Row->Pattern, Name))
      return Row;
  return nullptr;
}

std::string display(const Rule &Row, llvm::StringRef Name,
                    llvm::StringRef Identifier) {
  llvm::StringRef D = Row.Display;
  if (D.empty())
    return Name.str();
  if (!D.contains("{Cap}"))
    return D.str();
  auto [Before, After] = D.split("{Cap}");
  return (Before + Identifier.substr(0, 1).upper() + Identifier.substr(1) +
          After)
      .str();
}

} // namespace library
} // namespace trailguard
