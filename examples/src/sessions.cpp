// Session handling of the example shop service.
#include "audit.hpp"
#include "model.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <random>
#include <string>

namespace shop {

session_token new_session(const account& a) {
  std::random_device rd;
  session_token t{std::to_string(rd()) + std::to_string(a.id)};
  spdlog::info("new session for user {} (token fingerprint {})", a.username,
               fingerprint(t.value));
  return t;
}

static std::string describe(const session_token& t) {
  return "token " + t.value;
}

void end_session(const account& a, const session_token& t) {
  std::string note = describe(t);
  // Deliberate leak: describe() copies the token into the message.
  std::printf("ending session: %s\n", note.c_str());
  note = "session of " + a.username;
  std::printf("ending %s\n", note.c_str());  // clean: note was overwritten
  events::SessionEnded ended(a.id, events::SessionEnded::Cause::logout);
  // Deliberate leak: events.yaml declares 'note' unrestricted, and
  // describe() puts the token in it.
  ended.note = describe(t);
  if (!audit_event(ended)) return;
}

}  // namespace shop
