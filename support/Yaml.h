//===--- Yaml.h - the one YAML reader of the toolchain ----------*- C++ -*-===//
//
// The YAML reader that the checker's configuration, the schema reader and
// the collector's configuration share, without LLVM: libyaml's event
// parser, which does not recurse, builds a small tree of nodes with their
// positions, bounded in nesting and size before anything walks it. Readers
// keep only their keys and what their values mean.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_SUPPORT_YAML_H
#define TRAILGUARD_SUPPORT_YAML_H

#include "YamlDiagnostics.h"

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace trailguard {
namespace yaml {

/// A place in the text: 1-based line, 1-based column counted in bytes (as
/// Clang's and LLVM's diagnostics count them), and the byte offset.
struct Mark {
  unsigned Line = 0;
  unsigned Column = 0;
  size_t Offset = 0;
};

enum class NodeKind { Null, Scalar, Sequence, Mapping };

/// How a scalar was written: a quoted "true" or "3" is text, a plain one a
/// boolean or a number.
enum class ScalarStyle { Plain, SingleQuoted, DoubleQuoted, Literal, Folded };

struct Node;

/// One key and its value, in file order. The key is always a Scalar (a
/// collection as a key is a syntax error of ours); the value is never
/// nullptr (a missing value is a Null node at the place it would be).
struct KeyValue {
  const Node *Key = nullptr;
  const Node *Value = nullptr;
};

/// A node of the tree. Null is a plain empty, '~' or 'null' (any case the
/// YAML core schema allows) scalar, or a missing value.
struct Node {
  NodeKind Kind = NodeKind::Null;
  Mark Start;                   ///< where the node's first token starts
  Mark End;                     ///< just after its last token
  std::string Value;            ///< Scalar: the text, escapes and folding undone
  ScalarStyle Style = ScalarStyle::Plain;
  std::string Tag;              ///< an explicit tag as written ("!!str"), else empty
  bool Flow = false;            ///< Sequence, Mapping: written in '[...]' or '{...}'
  std::vector<const Node *> Items;   ///< Sequence
  std::vector<KeyValue> Entries;     ///< Mapping

  bool isNull() const { return Kind == NodeKind::Null; }
  bool isScalar() const { return Kind == NodeKind::Scalar; }
  bool isSequence() const { return Kind == NodeKind::Sequence; }
  bool isMapping() const { return Kind == NodeKind::Mapping; }
  /// A plain scalar: not quoted, not a block scalar.
  bool isPlain() const { return Kind == NodeKind::Scalar && Style == ScalarStyle::Plain; }
};

/// What a reader will take; every file trailguard reads needs far less.
struct Limits {
  unsigned MaxNesting = 64;      ///< collections inside collections, any mix
  size_t MaxNodes = 1u << 20;    ///< nodes in the whole stream
  size_t MaxBytes = 64u << 20;   ///< the text itself
};

/// Why a text could not be read: where, and one sentence in our style
/// (lowercase, no final period, with the fix where there is one).
struct Error {
  Mark At;
  std::string Message;
};

/// The documents of a stream, and the nodes they own. Moving it keeps
/// every Node pointer valid.
class Stream {
public:
  /// The root of each document, in order; an empty document's root is a
  /// Null node. An empty text (or only comments) has no document.
  const std::vector<const Node *> &documents() const { return Roots; }

private:
  friend std::optional<Stream> parse(std::string_view, const Limits &, Error &);
  std::deque<Node> Nodes;
  std::vector<const Node *> Roots;
};

/// Parses all of \p Text (UTF-8; a BOM is skipped). On failure returns
/// std::nullopt and sets \p Err to the first problem: a syntax error, text
/// that is not UTF-8, an alias ("aliases ('*...') are not supported; write
/// the value out"), a key that is not a scalar, or a limit passed.
/// Anchors and tags are accepted (tags are kept, anchors dropped). Never
/// recurses, so no input exhausts the stack.
std::optional<Stream> parse(std::string_view Text, const Limits &L, Error &Err);

/// Reads a whole file for a reader: false with \p Why set ("no such file or
/// directory", "is a directory", "is larger than N bytes") when it cannot.
bool readTextFile(const std::string &Path, size_t MaxBytes, std::string &Text,
                  std::string &Why);

/// The one style of a reader's error message: "PATH:LINE:COL: MESSAGE".
std::string formatError(std::string_view Path, const Mark &At,
                        std::string_view Message);

/// The keys of one mapping, checked one at a time in file order, so that a
/// reader reports the first problem where it is, before or after what its
/// own entries say. The messages are the one style of all three readers:
///   unknown key 'colr' under 'x'; did you mean 'color'?
///   unknown key 'q' under 'x'; valid keys here: a, b, c
///   duplicate key 'a' under 'x'; it is already set at line 3, remove one of them
class KeyChecker {
public:
  /// \p How is the reader's "did you mean" (its keys' word separator).
  KeyChecker(std::vector<std::string_view> Known, const NearMatch &How)
      : Known(std::move(Known)), How(How) {}

  bool isKnown(std::string_view Key) const;
  /// What is wrong with \p Key (a scalar of the mapping), or std::nullopt
  /// when it is known and not given before. \p Where says which mapping
  /// (" under 'trail'", " in event 'x'"; it may have learned the name from
  /// an earlier key), empty for the top level.
  std::optional<std::string> check(const Node &Key, std::string_view Where);
  /// The message for a key that is not known: "did you mean", else the
  /// valid keys.
  std::string unknown(std::string_view Key, std::string_view Where) const;

private:
  std::vector<std::string_view> Known;
  NearMatch How;
  std::unordered_map<std::string, unsigned> Seen; ///< key -> its line
};

/// Typed scalars, the way all three readers have always taken them (from
/// the text, quoted or not: a file that was accepted stays accepted). Each
/// returns std::nullopt when \p N is not a scalar of that type.
std::optional<bool> asBool(const Node &N);        ///< true/false, yes/no, on/off, y/n; three cases each
std::optional<long long> asInteger(const Node &N);  ///< decimal, optional sign
std::optional<unsigned long long> asUnsigned(const Node &N); ///< decimal, no sign

} // namespace yaml
} // namespace trailguard

#endif // TRAILGUARD_SUPPORT_YAML_H
