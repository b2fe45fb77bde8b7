// Parses the trailguard-verify command line and checks each trail file.
#include "verify_tool.hpp"

#include "trail_verifier.hpp"

#include <trailguard/version.hpp>

#include <openssl/crypto.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace trailguard {
namespace verify {
namespace {

constexpr const char* usage_text =
    "trailguard-verify: checks that audit trails are intact\n"
    "\n"
    "USAGE:\n"
    "  trailguard-verify [--key FILE] [--pubkey FILE] [--anchor FILE] [--quiet] TRAIL...\n"
    "\n"
    "Several TRAIL files are one trail across rotations, oldest first; a later\n"
    "file alone verifies from its trailguard.rotate record.\n"
    "\n"
    "OPTIONS:\n"
    "  --key FILE     the trail's initial MAC key, mac.key (verifies every line's MAC)\n"
    "  --pubkey FILE  Ed25519 public key, signing.pub.pem (verifies signed checkpoints)\n"
    "  --anchor FILE  lines kept off the host (checkpoints): each must be in the trail\n"
    "  --quiet        print only what is wrong\n"
    "  --help         print this help\n"
    "  --version      print the version\n"
    "\n"
    "At least one of --key and --pubkey is required. The first bad line is\n"
    "printed as FILE:LINE: KIND: WHAT, KIND one of modified, deleted, inserted,\n"
    "reordered, truncated, bad checkpoint, malformed.\n"
    "\n"
    "Exit codes: 0 intact, 1 tampering found, 2 usage error or unreadable file.\n";

int usage_error(std::ostream& err, const std::string& message) {
  err << "trailguard-verify: error: " << message
      << "\nrun 'trailguard-verify --help' for usage\n";
  return exit_usage;
}

// The whole file, or false with `error` set; files are read whole because
// the verifier looks ahead to tell a deletion from a reordering.
bool read_file(const std::string &path, std::string &text, std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read '" + path + "': " + std::strerror(errno);
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    error = "cannot read '" + path + "'";
    return false;
  }
  text = buffer.str();
  return true;
}

}  // namespace

int run_verify_tool(int argc, const char** argv, std::ostream& out, std::ostream& err) {
  std::string key_file, pubkey_file;
  std::vector<std::string> trails, anchor_files;
  bool quiet = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      out << usage_text;
      return exit_intact;
    }
    if (arg == "--version") {
      out << "trailguard-verify " << TRAILGUARD_VERSION_STRING << "\n";
      return exit_intact;
    }
    if (arg == "--quiet" || arg == "-q") {
      quiet = true;
      continue;
    }
    if (arg == "--key" || arg == "--pubkey" || arg == "--anchor") {
      if (i + 1 == argc) return usage_error(err, "option '" + arg + "' needs a FILE");
      if (arg == "--anchor")
        anchor_files.push_back(argv[++i]);
      else
        (arg == "--key" ? key_file : pubkey_file) = argv[++i];
      continue;
    }
    if (arg == "--") {
      trails.insert(trails.end(), argv + i + 1, argv + argc);
      break;
    }
    if (arg.size() > 1 && arg[0] == '-') return usage_error(err, "unknown option '" + arg + "'");
    trails.push_back(arg);
  }
  if (trails.empty()) return usage_error(err, "no trail files given");
  if (key_file.empty() && pubkey_file.empty())
    return usage_error(err, "give --key (the MAC key) or --pubkey (the checkpoint signing key), or both");

  verify_keys keys;
  std::string text, error;
  if (!key_file.empty()) {
    if (!read_file(key_file, text, error)) return usage_error(err, error);
    const bool ok = keys.set_mac_key(text, error);
    OPENSSL_cleanse(text.data(), text.size());
    if (!ok) return usage_error(err, key_file + ": " + error);
  }
  if (!pubkey_file.empty()) {
    if (!read_file(pubkey_file, text, error)) return usage_error(err, error);
    if (!keys.set_public_key(text, error)) return usage_error(err, pubkey_file + ": " + error);
  }
  std::vector<trail_file> files, anchors;
  for (const std::string &path : trails) {
    files.push_back({path, {}});
    if (!read_file(path, files.back().text, error)) return usage_error(err, error);
  }
  for (const std::string &path : anchor_files) {
    anchors.push_back({path, {}});
    if (!read_file(path, anchors.back().text, error)) return usage_error(err, error);
  }

  const verify_report report = verify_trail(files, keys, anchors);
  if (const auto &p = report.first_problem) {
    out << p->file << ":" << p->line << ": " << to_string(p->kind) << ": " << p->what << "\n";
    return exit_tampered;
  }
  if (!quiet) {
    for (const std::string &w : report.warnings) out << w << "\n";
    std::string checked = keys.has_mac_key() && keys.has_public_key() ? "MACs and signatures"
                          : keys.has_mac_key()                       ? "MACs"
                                                                     : "chain and signatures";
    out << "intact: " << report.records << " records in " << report.files
        << (report.files == 1 ? " file" : " files") << ", " << report.epochs
        << (report.epochs == 1 ? " epoch" : " epochs") << ", " << report.checkpoints
        << (report.checkpoints == 1 ? " checkpoint" : " checkpoints") << " verified (" << checked
        << ")\n";
  }
  return exit_intact;
}

}  // namespace verify
}  // namespace trailguard
