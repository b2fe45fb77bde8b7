// RUN: %check_trailguard %s -- -std=c++17 -I%annotations_include
// Any function marked TG_LOG_SINK is a sink for all its arguments, whether
// or not its body is visible; an audit entry point is not a log sink.
#include <trailguard/annotations.hpp>
#include <string>

TG_LOG_SINK void log_line(const char *fmt, ...);
TG_AUDIT_SINK void audit(const char *message, const std::string &actor);

namespace app {
struct Log {
  TG_LOG_SINK void info(const std::string &msg);
};
} // namespace app

struct Card {
  std::string holder;
  TG_SENSITIVE std::string number;
};

void f(const Card &c, app::Log &log) {
  log_line("card %s", c.number.c_str());
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: sensitive value reaches log sink 'log_line' [trailguard-tier-leak]
  log.info(c.number);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: sensitive value reaches log sink 'app::Log::info' [trailguard-tier-leak]
  log_line("card of %s", c.holder.c_str());
  log.info(c.holder);
  audit("card added", c.number);
}
