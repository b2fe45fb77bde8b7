// Parses the trailguard-verify command line and checks each trail file.
#include "verify_tool.hpp"

#include <trailguard/version.hpp>

#include <cstring>
#include <ostream>
#include <string>
#include <vector>

namespace trailguard {
namespace verify {
namespace {

constexpr const char* usage_text =
    "trailguard-verify: checks that audit trails are intact\n"
    "\n"
    "USAGE:\n"
    "  trailguard-verify [--key FILE] [--pubkey FILE] TRAIL...\n"
    "\n"
    "OPTIONS:\n"
    "  --key FILE     initial chain key (verifies every line's MAC)\n"
    "  --pubkey FILE  Ed25519 public key (verifies signed checkpoints)\n"
    "  --help         print this help\n"
    "  --version      print the version\n"
    "\n"
    "Exit codes: 0 intact, 1 tampering found, 2 usage error.\n";

int usage_error(std::ostream& err, const std::string& message) {
  err << "trailguard-verify: error: " << message
      << "\nrun 'trailguard-verify --help' for usage\n";
  return exit_usage;
}

}  // namespace

int run_verify_tool(int argc, const char** argv, std::ostream& out, std::ostream& err) {
  std::string key_file, pubkey_file;
  std::vector<std::string> trails;
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
    if (arg == "--key" || arg == "--pubkey") {
      if (i + 1 == argc) return usage_error(err, "option '" + arg + "' needs a FILE");
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
  return usage_error(err, "trail verification is not implemented in this version");
}

}  // namespace verify
}  // namespace trailguard
