// What the sinks' tests share: real generated events (shop.yaml), a fresh
// directory per test, a sink that breaks on demand and a file size limit
// that cuts a write short.
#ifndef TRAILGUARD_TESTS_UNIT_SINKS_FIXTURE_HPP
#define TRAILGUARD_TESTS_UNIT_SINKS_FIXTURE_HPP

#include <shop.hpp>
#include <trailguard/audit.hpp>
#include <trailguard/sinks.hpp>
#include <trailguard/trail.hpp>
#include <trail_verifier.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <ftw.h>
#include <mutex>
#include <condition_variable>
#include <netinet/in.h>
#include <regex>
#include <sys/socket.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <set>
#include <sstream>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <thread>
#include <dirent.h>
#include <unistd.h>
#include <vector>

namespace sinks_test {

using namespace trailguard;
using Login = shop::audit::AuthnLoginSuccess;
using json = nlohmann::json;

const context request{"u-42", actor_type::user, "s-9", "203.0.113.9", "r-1"};

inline Login login(const std::string &user = "alice") { return Login(user, Login::Method::totp); }

// A fresh directory per test, removed with everything in it.
class temp_dir {
 public:
  temp_dir() {
    const char *base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/tg-sinks-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data())) std::abort();
    path_ = buf.data();
  }
  ~temp_dir() {
    ::nftw(path_.c_str(), [](const char *p, const struct stat *, int, FTW *) { return ::remove(p); },
           16, FTW_DEPTH | FTW_PHYS);
  }
  const std::string &path() const { return path_; }
  std::string operator/(const std::string &name) const { return path_ + "/" + name; }
  std::vector<std::string> files() const {
    std::vector<std::string> out;
    if (DIR *d = ::opendir(path_.c_str())) {
      while (const dirent *e = ::readdir(d))
        if (std::string(e->d_name) != "." && std::string(e->d_name) != "..") out.push_back(e->d_name);
      ::closedir(d);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  std::string path_;
};

inline std::string read_all(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::vector<std::string> split_lines(const std::string &text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.emplace_back(text, start, end - start);
    start = end + 1;
  }
  return out;
}

inline std::shared_ptr<file_sink> open_ok(const std::string &path, file_sink_options o = {}) {
  std::error_code ec;
  auto sink = open_file_sink(path, o, ec);
  EXPECT_FALSE(ec) << path << ": " << ec.message();
  EXPECT_NE(sink, nullptr);
  return sink;
}

// A sink that fails while `broken` is set, as a full disk would.
class switch_sink final : public sink {
 public:
  std::atomic<bool> broken{false};
  memory_sink kept;
  std::error_code write(std::string_view lines) override {
    if (broken) return std::make_error_code(std::errc::no_space_on_device);
    return kept.write(lines);
  }
  std::string name() const override { return "switch"; }
};

inline std::vector<std::uint64_t> seqs_of(const std::vector<std::string> &lines) {
  std::vector<std::uint64_t> out;
  for (const std::string &l : lines) out.push_back(json::parse(l).at("seq").get<std::uint64_t>());
  return out;
}

inline std::vector<std::uint64_t> iota(std::uint64_t from, std::uint64_t to) {
  std::vector<std::uint64_t> out;
  for (std::uint64_t i = from; i <= to; ++i) out.push_back(i);
  return out;
}

// RLIMIT_FSIZE makes a write stop part-way (then EFBIG), deterministically
// and without privileges: the cut-back path of a disk filling up mid-line.
class file_size_limit {
 public:
  explicit file_size_limit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &saved_);
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit lim = saved_;
    lim.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &lim);
  }
  ~file_size_limit() {
    ::setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, old_handler_);
  }

 private:
  rlimit saved_{};
  void (*old_handler_)(int) = nullptr;
};

}  // namespace sinks_test

#endif  // TRAILGUARD_TESTS_UNIT_SINKS_FIXTURE_HPP
