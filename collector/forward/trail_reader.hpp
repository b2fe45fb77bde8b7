// Reading a rotating trail (the live file and its `<path>.<UTC time>`
// siblings) as one sequence of whole sealed lines, from a seq onwards,
// remembering the file and offset reached so a poll reads only new bytes.
#ifndef TRAILGUARD_COLLECTOR_FORWARD_TRAIL_READER_HPP
#define TRAILGUARD_COLLECTOR_FORWARD_TRAIL_READER_HPP

#include <trailguard/collector/forwarder.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include <sys/types.h>

namespace trailguard {
namespace collector {
namespace detail {

// Lines read in one go: their bytes in one buffer (not an allocation per
// line), each line split once, by the reader, which has to check it anyway.
struct line_block {
  // Where a line and its parts are in `bytes`.
  struct part {
    std::uint64_t seq = 0;
    std::size_t at = 0, size = 0;  // in bytes; the others from `at`
    std::size_t record_at = 0, record_size = 0, chain_at = 0, chain_size = 0;
    std::size_t mac_at = 0, mac_size = 0, event_at = 0, event_size = 0;
  };
  std::string bytes;
  std::vector<part> parts;

  std::size_t size() const { return parts.size(); }
  bool empty() const { return parts.empty(); }
  // Views into `bytes`: valid while the block lives and is not appended to.
  sealed_line line(std::size_t i) const;
  void append(const sealed_line &s);
  void clear() {
    bytes.clear();
    parts.clear();
  }
};

class trail_reader {
 public:
  explicit trail_reader(std::string trail_path);
  ~trail_reader();
  trail_reader(const trail_reader &) = delete;
  trail_reader &operator=(const trail_reader &) = delete;

  // The next line read is `seq`; lines before it are passed over. Drops
  // the position, so the next read() finds the file again by seq.
  void seek(std::uint64_t seq);
  // The seq the next line must have.
  std::uint64_t next() const { return next_; }

  // Appends up to `max` whole lines (without '\n'), seqs next(), next()+1,
  // ..., to `out`, split. True with no lines when there is nothing new yet. False
  // when the line at the position is not the one expected (not a sealed
  // line, a gap, a file that ends mid-line, an I/O error); `error` says
  // where, and the position stays before it, so a later read reports it
  // again (or goes on, if someone repaired the file).
  bool read(std::size_t max, line_block &out, std::string &error);

 private:
  struct candidate;
  bool locate(std::string &error);
  bool fill(std::string &error, ssize_t &got);
  bool still_live() const;
  void close_file();

  std::string path_;
  std::uint64_t next_ = 1;
  bool seeking_ = true;     // passing over lines before next_ after seek()
  std::uint64_t passed_ = 0;  // the last line passed over

  int fd_ = -1;
  std::string file_;  // its name when opened, for messages
  dev_t dev_ = 0;
  ino_t ino_ = 0;
  std::uint64_t first_seq_ = 0;  // of the open (or last finished) file
  std::uint64_t offset_ = 0;     // where buf_ starts in the file
  std::uint64_t line_no_ = 0;    // lines before offset_
  std::string buf_;              // bytes from offset_ on; lines before head_ are consumed
  std::size_t head_ = 0;
  std::size_t scanned_ = 0;      // of buf_, known to hold no '\n'
};

}  // namespace detail
}  // namespace collector
}  // namespace trailguard

#endif  // TRAILGUARD_COLLECTOR_FORWARD_TRAIL_READER_HPP
