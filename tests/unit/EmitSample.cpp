// Writes lines of the shop schema's events through the real auditor, for the
// lit test that validates them against `trailguard-gen jsonschema`: the
// encoder and the JSON Schema must agree on every line, at every tier.
#include <shop.hpp>
#include <trailguard/audit.hpp>
#include <trailguard/sinks.hpp>
#include <trailguard/trail.hpp>

#include <cstdio>
#include <cstring>
#include <string>

int main(int argc, char **argv) {
  using namespace trailguard;
  if (argc != 2 || (std::strcmp(argv[1], "sensitive") && std::strcmp(argv[1], "restricted") &&
                    std::strcmp(argv[1], "unrestricted"))) {
    std::fprintf(stderr, "usage: emit-sample sensitive|restricted|unrestricted\n");
    return 2;
  }
  const tier max = !std::strcmp(argv[1], "sensitive")    ? tier::sensitive
                   : !std::strcmp(argv[1], "restricted") ? tier::restricted
                                                         : tier::unrestricted;
  auditor audit;
  auto out = std::make_shared<memory_sink>();
  audit.add_sink(out, sink_options(max, redaction::token,
                                   std::make_shared<hmac_tokenizer>(std::string(32, 'k'))));
  using Login = shop::audit::AuthnLoginSuccess;
  using Fail = shop::audit::AuthzFail;

  context ctx{"u-42", actor_type::user, "s-9", "2001:db8::7", "r-1"};
  Login bare("alice", Login::Method::password);
  Login full("b\xc3\xb6""b\"\n\xe2\x80\xae\xff", Login::Method::passkey);
  full.attempts = -1;
  full.session_token = "t0k3n\x1b[31m";
  full.scopes = std::vector<std::string>{"read", "\xed\xa0\x80", ""};
  Fail fail("/orders/", std::chrono::system_clock::now());
  fail.took = std::chrono::nanoseconds(-5);
  fail.client_ip = "203.0.113.9";
  fail.score = -0.0;
  fail.bytes = 18446744073709551615ull;
  context service{"billing", actor_type::service, "", "", "r-2"};
  TRAILGUARD_DETAIL_SUPPRESS_DEPRECATED_BEGIN
  shop::audit::SysStartup startup;
  TRAILGUARD_DETAIL_SUPPRESS_DEPRECATED_END

  bool ok = audit.emit(bare, ctx).ok() && audit.emit(full, ctx).ok() &&
            audit.emit(fail, service).ok() && audit.emit(fail, ctx).ok() &&
            audit.emit(startup, context{}).ok();
  std::fputs(out->text().c_str(), stdout);
  return ok ? 0 : 1;
}
