// Reads a file whole, for the runtime's tools (trailguard-verify and
// trailguard-trail, which links this library).
#ifndef TRAILGUARD_FILE_TEXT_HPP
#define TRAILGUARD_FILE_TEXT_HPP

#include <string>

namespace trailguard {
namespace verify {

enum class read_result { ok, failed, directory };

// The whole of `path` in `text`, pipes (`<(zcat old.jsonl.gz)`) included,
// or `error` set to "cannot read 'PATH': REASON". A directory is told
// apart, so that a caller can say what to give instead: an ifstream reads
// one as empty, which a tool must not take for an empty file.
read_result read_whole_file(const std::string &path, std::string &text, std::string &error);

}  // namespace verify
}  // namespace trailguard

#endif  // TRAILGUARD_FILE_TEXT_HPP
