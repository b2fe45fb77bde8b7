// trailguard-collector: the daemon's command line, signals and exit codes
// (0 ok, 1 runtime failure, 2 usage or configuration error).
#include <trailguard/collector/config.hpp>
#include <trailguard/collector/server.hpp>
#include <trailguard/collector/validator.hpp>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <pthread.h>
#include <sys/resource.h>
#include <string>
#include <thread>

namespace {

const char usage[] =
    "usage: trailguard-collector --config FILE [--check-config]\n"
    "       trailguard-collector --help | --version\n"
    "\n"
    "Takes audit events from applications over a Unix socket, labels each with\n"
    "the sender's kernel credentials, checks it against the event schemas,\n"
    "seals it into a tamper-evident trail and forwards the trail to the\n"
    "configured stores. See docs/collector.md.\n"
    "\n"
    "  --config FILE    the configuration (collector.example.yaml shows every key)\n"
    "  --check-config   read the configuration and the schemas, check the paths\n"
    "                   and the group it names, then exit (0 when all is well)\n"
    "  --help           this text\n"
    "  --version        the version\n"
    "\n"
    "Signals: SIGTERM/SIGINT stop (after the lines in flight, with a final\n"
    "checkpoint); SIGUSR1 prints the counters to stderr.\n"
    "Exit status: 0 stopped cleanly, 1 runtime failure (including another\n"
    "collector holding the trail), 2 usage or configuration error.\n";

// Each connection holds a descriptor: take all the hard limit allows (the
// soft limit is often 1024); the server sizes max_connections to what it got.
void raise_open_file_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  if (::setrlimit(RLIMIT_NOFILE, &limit) != 0)
    std::cerr << "trailguard-collector: cannot raise the open-file limit to " << limit.rlim_max
              << ": " << std::strerror(errno) << '\n';
}

}  // namespace

int main(int argc, char **argv) {
  std::string config_path;
  bool check_only = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << usage;
      return 0;
    }
    if (arg == "--version") {
      std::cout << "trailguard-collector " << TRAILGUARD_VERSION << '\n';
      return 0;
    }
    if (arg == "--check-config") {
      check_only = true;
    } else if (arg == "--config" && i + 1 < argc) {
      config_path = argv[++i];
    } else if (arg.rfind("--config=", 0) == 0) {
      config_path = arg.substr(9);
    } else {
      std::cerr << "trailguard-collector: error: unknown argument '" << arg
                << "'; run trailguard-collector --help\n";
      return 2;
    }
  }
  if (config_path.empty()) {
    std::cerr << "trailguard-collector: error: --config FILE is required\n" << usage;
    return 2;
  }

  trailguard::collector::config cfg;
  std::string error;
  // The same checks for --check-config and a start: a configuration that
  // passes the one does not fail the other on what the host lacks.
  if (!trailguard::collector::load_config(config_path, cfg, error) ||
      !trailguard::collector::check_host(cfg, error)) {
    std::cerr << error << '\n';
    return 2;
  }
  if (check_only) {
    auto schemas = trailguard::collector::validator::load(cfg.schemas, error);
    if (!schemas) {
      std::cerr << error << '\n';
      return 2;
    }
    std::cout << config_path << ": ok (" << schemas->events() << " events)\n";
    return 0;
  }

  // Blocked in every thread (they inherit the mask); the main thread takes
  // them with sigwait, so no handler runs inside the server's locks.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGUSR1);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  raise_open_file_limit();

  auto server = trailguard::collector::server::open(cfg, error);
  if (!server) {
    std::cerr << "trailguard-collector: error: " << error << '\n';
    return 1;
  }
  std::cerr << "trailguard-collector: listening on " << cfg.socket << ", writing "
            << cfg.trail.path << '\n';
  std::thread worker([&] {
    server->run();
    // run() only returns after stop(): tell the main thread, whichever
    // way the stop came.
    kill(getpid(), SIGTERM);
  });
  for (;;) {
    int sig = 0;
    if (sigwait(&signals, &sig) != 0) continue;
    if (sig == SIGUSR1) {
      std::cerr << "trailguard-collector: " << server->counters_text() << '\n';
      continue;
    }
    if (sig == SIGHUP) continue;  // no reload: restart to change the configuration
    break;
  }
  server->stop();
  worker.join();
  const std::error_code ec = server->close();
  std::cerr << "trailguard-collector: stopped: " << server->counters_text() << '\n';
  return ec ? 1 : 0;
}
