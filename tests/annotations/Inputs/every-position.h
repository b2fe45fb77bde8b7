/* Every trailguard macro in every position it is documented for (C and C++). */
#include <trailguard/annotations.hpp>

struct TG_SENSITIVE api_key { char bytes[16]; };
struct TG_RESTRICTED postal_address { char line[64]; };
struct TG_UNRESTRICTED color { int rgb; };

struct user {
  TG_SENSITIVE char password[32];
  TG_RESTRICTED char email[64];
  TG_UNRESTRICTED int id;
};

TG_SENSITIVE extern char master_secret[32];
TG_RESTRICTED extern int customer_count;
TG_UNRESTRICTED extern int request_count;

TG_SENSITIVE const char *load_token(void);
TG_RESTRICTED const char *load_email(TG_SENSITIVE const char *token);
TG_UNRESTRICTED int user_id(TG_RESTRICTED const char *email, TG_UNRESTRICTED int fallback);

TG_LOG_SINK void log_line(const char *fmt, ...);
TG_AUDIT_SINK void audit_event(const char *message, int actor);
TG_DECLASSIFY const char *redact(const char *value);

int use_locals(void) {
  TG_SENSITIVE int pin = 1234;
  TG_RESTRICTED int zip = 10115;
  TG_UNRESTRICTED int count = pin + zip;
  return count;
}
