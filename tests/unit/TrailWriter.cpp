// Writes a sealed trail of the shop schema's events through the real
// auditor and sealer, for the lit tests of trailguard-verify
// (tests/runtime/verify): the tests then tamper with the files.
#include <shop.hpp>
#include <trailguard/audit.hpp>
#include <trailguard/sinks.hpp>
#include <trailguard/trail.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

using namespace trailguard;

// Appends to OUT, then OUT.2, OUT.3, ... every `rotate_every` events.
class rotating_file_sink final : public sink {
 public:
  rotating_file_sink(std::string base, int rotate_every)
      : base_(std::move(base)), rotate_every_(rotate_every) {
    open_file();
  }
  ~rotating_file_sink() override { ::close(fd_); }

  std::error_code write(std::string_view lines) override {
    ++events_;
    return detail::write_all(fd_, lines);
  }
  std::error_code flush() override { return ::fsync(fd_) == 0 ? std::error_code() : std::error_code(errno, std::generic_category()); }
  std::string name() const override { return "file:" + current_file(); }
  bool rotation_due() override { return rotate_every_ > 0 && events_ >= rotate_every_; }
  std::error_code rotate(std::string_view first_lines) override {
    ::close(fd_);
    ++index_;
    events_ = 0;
    open_file();
    return detail::write_all(fd_, first_lines);
  }
  std::string current_file() const override {
    return index_ == 1 ? base_ : base_ + "." + std::to_string(index_);
  }

 private:
  void open_file() {
    fd_ = ::open(current_file().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      std::perror(current_file().c_str());
      std::exit(2);
    }
  }

  std::string base_;
  int rotate_every_;
  int index_ = 1;
  int events_ = 0;
  int fd_ = -1;
};

int usage() {
  std::fprintf(stderr,
               "usage: trail-writer KEYDIR OUT EVENTS [--every N] [--rotate-every N] [--no-close]\n"
               "                    [--anchor FILE]\n"
               "Creates the keys in KEYDIR unless they exist, then writes EVENTS logins.\n");
  return 2;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 4) return usage();
  const std::string keys = argv[1], out = argv[2];
  const int events = std::atoi(argv[3]);
  int every = 1000, rotate_every = 0;
  bool close = true;
  std::string anchor;
  for (int i = 4; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--every" && i + 1 < argc)
      every = std::atoi(argv[++i]);
    else if (arg == "--rotate-every" && i + 1 < argc)
      rotate_every = std::atoi(argv[++i]);
    else if (arg == "--anchor" && i + 1 < argc)
      anchor = argv[++i];
    else if (arg == "--no-close")
      close = false;
    else
      return usage();
  }
  if (::access((keys + "/state.json").c_str(), F_OK) != 0) {
    std::string detail;
    if (const std::error_code ec = create_trail_keys(keys, &detail)) {
      std::fprintf(stderr, "trail-writer: %s: %s\n", detail.c_str(), ec.message().c_str());
      return 2;
    }
  }
  trail_options options;
  options.state_file = keys + "/state.json";
  options.signing_key_file = keys + "/signing.pem";
  options.checkpoint_every = static_cast<std::uint64_t>(every);
  options.checkpoint_interval = std::chrono::hours(24);
  options.service = "shop";
  int anchor_fd = -1;
  if (!anchor.empty()) {
    anchor_fd = ::open(anchor.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (anchor_fd < 0) {
      std::perror(anchor.c_str());
      return 2;
    }
    options.on_checkpoint = [anchor_fd](std::string_view line) {
      (void)detail::write_all(anchor_fd, std::string(line) + "\n");
    };
  }
  std::error_code ec;
  std::string detail;
  auto seal = open_trail_sealer(options, ec, &detail);
  if (!seal) {
    std::fprintf(stderr, "trail-writer: %s: %s\n", detail.c_str(), ec.message().c_str());
    return 2;
  }
  auditor_options ao;
  ao.service = "shop";
  auditor audit(ao);
  auto file = std::make_shared<rotating_file_sink>(out, rotate_every);
  sink_options so;
  so.seal = seal;
  audit.add_sink(file, so);
  const context ctx{"u-42", actor_type::user, "s-9", "203.0.113.9", "r-1"};
  using Login = shop::audit::AuthnLoginSuccess;
  for (int i = 0; i < events; ++i) {
    Login e("user-" + std::to_string(i + 1), Login::Method::password);
    const emit_result r = audit.emit(e, ctx);
    if (!r) {
      std::fprintf(stderr, "trail-writer: %s\n", r.message().c_str());
      return 1;
    }
  }
  if (!close) std::_Exit(0);  // a crash: no final checkpoint
  if (audit.close()) return 1;
  return 0;
}
