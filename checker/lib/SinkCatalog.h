//===--- SinkCatalog.h - the logging APIs C++ code really uses ------------===//
//
// Recognizes calls that write to ordinary application logs: TG_LOG_SINK and
// configured functions, and the libraries of LibraryModel.h (C stdio, syslog,
// iostreams, fmt, spdlog, glog/absl, Qt, Boost.Log).
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_SINKCATALOG_H
#define TRAILGUARD_CHECKER_SINKCATALOG_H

#include "Finding.h"
#include "Names.h"
#include "TierModel.h"

#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <optional>
#include <string>

namespace trailguard {

/// A function whose arguments from FirstArg on are written to a log.
struct FunctionSink {
  std::string Name;
  unsigned FirstArg = 0;
  /// fmt::print(FILE*/ostream&, ...) shifts the logged arguments by one.
  bool SkipLeadingStream = false;
  /// Configured sinks may name the logged arguments; empty means all.
  std::vector<unsigned> Args;
  /// A finding names the macro the call is written as, Name outside one.
  bool NamedByMacro = false;
};

class SinkCatalog {
public:
  explicit SinkCatalog(TierModel &Model) : Model(Model) {}

  /// The sink \p FD is, if any (cached per declaration).
  const FunctionSink *functionSink(const clang::FunctionDecl *FD);

  /// If \p Stream (the left operand of `<<`, or any expression a call writes
  /// into) is rooted in a log stream, its display name ("std::cout",
  /// "LOG(INFO)", "qDebug()", ...); empty otherwise. \p ByMacro is set when
  /// a finding should rather name the macro the stream is written as
  /// (VLOG, LOG_IF, DLOG for glog's LOG).
  std::string streamSink(const clang::Expr *Stream, bool *ByMacro = nullptr);

  /// If \p Object (an object, or a `<<` chain rooted in one) is of a log
  /// sink class (TG_LOG_SINK, log-sink-classes, or a stream class that writes
  /// its buffer to a log: see flushesToLog()) or of a class derived from
  /// one, or is a stream a member function of such an object returns
  /// (`LogLine().stream()`), the name of that class; empty otherwise.
  std::string classSink(const clang::Expr *Object);
  /// Why classSink(\p Object) is a sink when it was found to be one rather
  /// than declared: "'DebugStream' writes its buffer to log sink
  /// 'std::cerr' here", at the write in its destructor.
  std::optional<FindingNote> classSinkNote(const clang::Expr *Object);

  /// std::string, std::string_view, fmt buffers, QString, ...: objects that
  /// are printed as their characters, with no formatter of their own.
  bool isStringLike(const clang::CXXRecordDecl *RD);

  /// The expression a `<<` chain is rooted in: `a` for `a << b << c`.
  static const clang::Expr *streamRoot(const clang::Expr *Stream);

private:
  std::string recordSink(const clang::CXXRecordDecl *RD);
  /// classSink() of a record: the sink class among it and its bases.
  std::string sinkClass(const clang::CXXRecordDecl *RD);
  /// A class derived from std::basic_ostream whose destructor, flush() or
  /// sync() writes its own buffer (str(), rdbuf()) to a log sink:
  /// `#define DEBUG(x) DebugStream() << x`.
  bool flushesToLog(const clang::CXXRecordDecl *RD);
  /// The sink class an object (as classSink()) is of, or hands out a
  /// stream of.
  const clang::CXXRecordDecl *classSinkDecl(const clang::Expr *Object);
  /// The class among \p RD and its bases that is the sink.
  const clang::CXXRecordDecl *sinkClassDecl(const clang::CXXRecordDecl *RD);
  /// An expression that is the object's own buffer in one of its members:
  /// str(), rdbuf(), view(), what c_str()/data()/substr() make of them, or a
  /// local variable initialized with one.
  bool isOwnBuffer(const clang::Expr *E, unsigned Depth = 0);
  /// The first write of the buffer to a log sink in \p S, if any: where,
  /// and the sink's name.
  std::optional<std::pair<clang::SourceLocation, std::string>>
  writesOwnBuffer(const clang::Stmt *S);

  TierModel &Model;
  llvm::DenseMap<const clang::FunctionDecl *, std::optional<FunctionSink>>
      Cache;
  llvm::DenseMap<const clang::CXXRecordDecl *, std::string> RecordSinks;
  /// The class that makes each record a sink class (itself or a base); null
  /// for none.
  llvm::DenseMap<const clang::CXXRecordDecl *, const clang::CXXRecordDecl *>
      ClassSinks;
  /// Why each class found by flushesToLog() is one.
  llvm::DenseMap<const clang::CXXRecordDecl *, FindingNote> Flushes;
  llvm::DenseSet<const clang::CXXRecordDecl *> RecordsByMacro;
  llvm::DenseMap<const clang::CXXRecordDecl *, bool> StringLike;
};

/// Strips the wrappers that do not change which object an expression denotes
/// (parens, implicit casts, temporaries, cleanups).
const clang::Expr *skipWrappers(const clang::Expr *E);

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_SINKCATALOG_H
