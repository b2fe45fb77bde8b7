// The request context: who acted, in which session, from where, in which
// request. Set once per request and attached to every event written under it.
#ifndef TRAILGUARD_CONTEXT_HPP
#define TRAILGUARD_CONTEXT_HPP

#include <string>
#include <utility>

namespace trailguard {

enum class actor_type : unsigned char { user, service };

constexpr const char *to_string(actor_type t) noexcept {
  return t == actor_type::service ? "service" : "user";
}

struct context {
  std::string actor;           // an account or service id, never a name or secret
  actor_type actor_kind = actor_type::user;
  std::string session;         // a session id, never the session token itself
  std::string source_address;  // the client's IP address
  std::string request_id;
};

namespace detail {
inline thread_local const context *current_context = nullptr;
}  // namespace detail

// Makes a context current on this thread for the scope's lifetime, the way
// a request middleware would; scopes nest and restore the outer one.
class scoped_context {
 public:
  explicit scoped_context(context ctx) : ctx_(std::move(ctx)), outer_(detail::current_context) {
    detail::current_context = &ctx_;
  }
  ~scoped_context() { detail::current_context = outer_; }
  scoped_context(const scoped_context &) = delete;
  scoped_context &operator=(const scoped_context &) = delete;

  const context &get() const noexcept { return ctx_; }

 private:
  context ctx_;
  const context *outer_;
};

// The innermost scoped_context of this thread, or nullptr.
inline const context *current_context() noexcept { return detail::current_context; }

}  // namespace trailguard

#endif  // TRAILGUARD_CONTEXT_HPP
