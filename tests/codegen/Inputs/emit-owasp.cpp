// The runtime's public headers and a generated event used the way an
// application would, for a syntax-only check under the strictest warnings
// users build with: nothing in trailguard's headers may warn in their code.
#include "owasp.hpp"

#include <trailguard/audit.hpp>
#include <trailguard/sinks.hpp>
#include <trailguard/trail.hpp>

#include <memory>

bool audit_login(trailguard::auditor &audit) {
  audit.add_sink(std::make_shared<trailguard::memory_sink>(), trailguard::tier::restricted);
  trailguard::scoped_context request(
      {"u-1", trailguard::actor_type::user, "s-1", "192.0.2.1", "r-1"});
  const trailguard::emit_result r = audit.emit(owasp::audit::AuthnLoginSuccess("joebob1"));
  return r.ok();
}
