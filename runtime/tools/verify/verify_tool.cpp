// Parses the trailguard-verify command line and checks each trail file.
#include "verify_tool.hpp"

#include "file_text.hpp"
#include "trail_verifier.hpp"

#include <trailguard/version.hpp>

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>

#include <cerrno>
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
    "  trailguard-verify [--key FILE] [--pubkey FILE] [--anchor FILE] [--quiet] TRAIL...\n"
    "  trailguard-verify --format json [--key FILE] [--pubkey FILE] [--anchor FILE] TRAIL...\n"
    "\n"
    "Several TRAIL files are one trail across rotations, oldest first; a later\n"
    "file alone verifies from its trailguard.rotate record.\n"
    "\n"
    "OPTIONS:\n"
    "  --key FILE     the trail's initial MAC key, mac.key (verifies every line's MAC)\n"
    "  --pubkey FILE  Ed25519 public key, signing.pub.pem (verifies signed checkpoints)\n"
    "  --anchor FILE  lines kept off the host (checkpoints): each must be in the trail\n"
    "  --quiet        print only what is wrong\n"
    "  --format json  print one JSON object instead: the verdict, the first bad\n"
    "                 line's kind, file, line and byte offset, the warnings, what\n"
    "                 was not checked, or the error (docs/runtime-trail.md)\n"
    "  --help         print this help\n"
    "  --version      print the version\n"
    "\n"
    "At least one of --key and --pubkey is required. The first bad line is\n"
    "printed as FILE:LINE: KIND: WHAT, KIND one of modified, deleted, inserted,\n"
    "reordered, truncated, bad checkpoint, malformed. An intact trail gets one\n"
    "\"intact:\" line, then a \"not checked:\" line for each thing the keys and\n"
    "files given cannot vouch for (MACs without --key, signatures without\n"
    "--pubkey, the records before the first file).\n"
    "\n"
    "Exit codes: 0 intact, 1 tampering found, 2 usage error or unreadable file.\n"
    "Also 2: a directory, an empty trail (it proves nothing), and a report that\n"
    "cannot be written to standard output.\n";

using json = nlohmann::json;

// Where the verdict goes, and in which form.
struct output {
  std::ostream &out;
  std::ostream &err;
  bool json = false;
};

// A trail's file names and messages quote its lines: not necessarily UTF-8.
void print_json(std::ostream &out, const json &result) {
  out << result.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
}

json result_object(const char *result, int code) {
  return json{{"tool", "trailguard-verify"}, {"version", TRAILGUARD_VERSION_STRING},
              {"result", result}, {"exit_code", code}};
}

// `kind`: usage, unreadable, bad_key or empty (the JSON error's "kind").
int usage_error(const output &o, const std::string &message, const char *kind = "usage",
                const std::string &file = {}) {
  o.err << "trailguard-verify: error: " << message
        << "\nrun 'trailguard-verify --help' for usage\n";
  if (o.json) {
    json result = result_object("error", exit_usage);
    result["error"] = {{"kind", kind}, {"message", message}};
    if (!file.empty()) result["error"]["file"] = file;
    print_json(o.out, result);
  }
  return exit_usage;
}

// The whole file, or false with `error` set; files are read whole because
// the verifier looks ahead to tell a deletion from a reordering. A
// directory is not a trail: the error says which files to give instead.
bool read_file(const std::string &path, std::string &text, std::string &error) {
  const read_result result = read_whole_file(path, text, error);
  if (result == read_result::directory)
    error = "'" + path + "' is a directory; give the trail's files, oldest first (e.g. " + path +
            "/audit.jsonl)";
  return result == read_result::ok;
}

// What the keys and files given could not check, for the lines after
// "intact:": an intact verdict must not be read as more than it is.
// Each with its token for --format json: macs, signatures, start.
std::vector<std::pair<const char *, std::string>> not_checked(const verify_keys &keys,
                                                               const verify_report &report,
                                                               const std::vector<trail_file> &files,
                                                               bool anchored) {
  std::vector<std::pair<const char *, std::string>> notes;
  if (!keys.has_mac_key())
    notes.emplace_back("macs",
        "not checked: MACs (no --key): the chain and the signed checkpoints vouch for each "
        "record, but nothing vouches for a line's \"mac\" value");
  if (!keys.has_public_key())
    notes.emplace_back("signatures",
        "not checked: checkpoint signatures (no --pubkey): the MAC key vouches for the "
        "checkpoints, but only its holder can tell");
  if (report.first_seq > 1)
    notes.emplace_back("start", "not checked: the start of the trail: " + files.front().name +
                    " starts at record " + std::to_string(report.first_seq) +
                    " (its trailguard.rotate record); records 1.." +
                    std::to_string(report.first_seq - 1) +
                    " were not given, so deleted older files go unnoticed" +
                    (anchored ? " (no --anchor line is older)"
                              : "; give them, or --anchor with the checkpoints kept off the host"));
  return notes;
}

int run(int argc, const char** argv, const output &o, bool &intact_said);

}  // namespace

// Every verdict goes through the standard output: when it cannot be
// written (a full disk, `> /dev/full`, a closed pipe), the caller must not
// take the exit status for a verdict nobody saw.
int run_verify_tool(int argc, const char** argv, std::ostream& out, std::ostream& err) {
  bool intact = false;
  // Known before the command line is read, so that its errors are JSON too.
  output o{out, err};
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") break;
    if (arg == "--format=json" || (arg == "--format" && i + 1 < argc && std::string(argv[i + 1]) == "json"))
      o.json = true;
  }
  int code = run(argc, argv, o, intact);
  errno = 0;
  out.flush();
  if (!out) {
    const int saved = errno;
    err << "trailguard-verify: error: cannot write to standard output"
        << (saved ? std::string(": ") + std::strerror(saved) : std::string())
        << (code == exit_tampered ? " (tampering was found, but its report is lost)"
            : code == exit_intact && intact ? " (the trail verified, but its report is lost)"
                                            : "")
        << "\n";
    return exit_usage;
  }
  return code;
}

namespace {

int run(int argc, const char** argv, const output &o, bool &intact_said) {
  std::ostream &out = o.out;
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
    if (arg == "--format" || arg.rfind("--format=", 0) == 0) {
      std::string format;
      if (arg == "--format") {
        if (i + 1 == argc) return usage_error(o, "option '--format' needs text or json");
        format = argv[++i];
      } else {
        format = arg.substr(9);
      }
      if (format != "text" && format != "json")
        return usage_error(o, "unknown format '" + format + "' (text or json)");
      continue;
    }
    if (arg == "--key" || arg == "--pubkey" || arg == "--anchor") {
      if (i + 1 == argc) return usage_error(o, "option '" + arg + "' needs a FILE");
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
    if (arg.size() > 1 && arg[0] == '-') return usage_error(o, "unknown option '" + arg + "'");
    trails.push_back(arg);
  }
  if (trails.empty()) return usage_error(o, "no trail files given");
  if (key_file.empty() && pubkey_file.empty())
    return usage_error(o, "give --key (the MAC key) or --pubkey (the checkpoint signing key), or both");

  verify_keys keys;
  std::string text, error;
  if (!key_file.empty()) {
    if (!read_file(key_file, text, error)) return usage_error(o, error, "unreadable", key_file);
    const bool ok = keys.set_mac_key(text, error);
    OPENSSL_cleanse(text.data(), text.size());
    if (!ok) return usage_error(o, key_file + ": " + error, "bad_key", key_file);
  }
  if (!pubkey_file.empty()) {
    if (!read_file(pubkey_file, text, error))
      return usage_error(o, error, "unreadable", pubkey_file);
    if (!keys.set_public_key(text, error))
      return usage_error(o, pubkey_file + ": " + error, "bad_key", pubkey_file);
  }
  std::vector<trail_file> files, anchors;
  for (const std::string &path : trails) {
    files.push_back({path, {}});
    if (!read_file(path, files.back().text, error)) return usage_error(o, error, "unreadable", path);
  }
  for (const std::string &path : anchor_files) {
    anchors.push_back({path, {}});
    if (!read_file(path, anchors.back().text, error)) return usage_error(o, error, "unreadable", path);
  }

  // Nothing to verify proves nothing: an empty trail may have been emptied.
  // With an anchor it is checked, and found short of what the anchor holds.
  bool any_line = false;
  for (const trail_file &f : files) any_line |= !f.text.empty();
  if (!any_line && anchors.empty())
    return usage_error(o, std::string(files.size() == 1 ? "'" + files.front().name + "' is empty"
                                                          : "every trail file is empty") +
                                ": no record to verify, and an empty trail proves nothing (it may "
                                "have been emptied); give --anchor to check it against the "
                                "checkpoints kept off the host",
                       "empty", files.size() == 1 ? files.front().name : std::string());

  const verify_report report = verify_trail(files, keys, anchors);
  if (o.json) {
    json result = result_object(report.intact() ? "intact" : "tampered",
                                report.intact() ? exit_intact : exit_tampered);
    // Up to the first problem, if any: files and epochs only when intact.
    result["records"] = report.records;
    result["checkpoints"] = report.checkpoints;
    result["first_record"] = report.first_seq;
    result["checked"] = {{"macs", keys.has_mac_key()},
                         {"signatures", keys.has_public_key()},
                         {"anchored", !anchors.empty()}};
    if (const auto &p = report.first_problem) {
      result["problem"] = {{"kind", to_token(p->kind)}, {"file", p->file},   {"line", p->line},
                           {"offset", p->offset},       {"message", p->what}};
      print_json(out, result);
      return exit_tampered;
    }
    result["files"] = report.files;
    result["epochs"] = report.epochs;
    json warnings = json::array();
    for (const trail_file &f : files)
      if (f.text.empty())
        warnings.push_back({{"kind", "empty_file"}, {"file", f.name},
                            {"message", "empty file: nothing in it was verified"}});
    for (const warning &w : report.warning_list)
      warnings.push_back({{"kind", "warning"}, {"file", w.file}, {"line", w.line}, {"message", w.what}});
    result["warnings"] = std::move(warnings);
    json notes = json::array();
    for (const auto &[what, message] : not_checked(keys, report, files, !anchors.empty()))
      notes.push_back({{"what", what}, {"message", message}});
    result["not_checked"] = std::move(notes);
    intact_said = true;
    print_json(out, result);
    return exit_intact;
  }
  if (const auto &p = report.first_problem) {
    out << p->file << ":" << p->line << ": " << to_string(p->kind) << ": " << p->what << "\n";
    return exit_tampered;
  }
  intact_said = true;
  if (!quiet) {
    for (const trail_file &f : files)
      if (f.text.empty()) out << f.name << ": warning: empty file: nothing in it was verified\n";
    for (const std::string &w : report.warnings) out << w << "\n";
    std::string checked = keys.has_mac_key() && keys.has_public_key() ? "MACs and signatures"
                          : keys.has_mac_key()                       ? "MACs"
                                                                     : "chain and signatures";
    out << "intact: " << report.records << " records in " << report.files
        << (report.files == 1 ? " file" : " files") << ", " << report.epochs
        << (report.epochs == 1 ? " epoch" : " epochs") << ", " << report.checkpoints
        << (report.checkpoints == 1 ? " checkpoint" : " checkpoints") << " verified (" << checked
        << ")\n";
    for (const auto &note : not_checked(keys, report, files, !anchors.empty()))
      out << note.second << "\n";
  }
  return exit_intact;
}

}  // namespace

}  // namespace verify
}  // namespace trailguard
