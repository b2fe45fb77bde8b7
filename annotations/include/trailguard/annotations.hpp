// The trailguard annotation vocabulary: data tiers and log/audit entry points.
//
// Usage, modelled on Clang's thread-safety annotations:
//
//   struct TG_SENSITIVE ApiKey { char bytes[32]; };   // every ApiKey value
//   struct User {
//     std::string name;
//     TG_SENSITIVE std::string password;             // one field
//     TG_RESTRICTED std::string email;
//   };
//   TG_SENSITIVE std::string load_token();            // a function's result
//   TG_LOG_SINK void log_line(const char* fmt, ...);  // an application log
//   class TG_LOG_SINK DebugStream { ... };             // objects that are one
//   TG_AUDIT_SINK void audit(const char* msg, Fields); // an audit entry point
//   TG_DECLASSIFY std::string redact(std::string_view); // result unrestricted
//
// Under Clang the macros become `annotate` attributes that trailguard-check
// reads; elsewhere (GCC, MSVC) they expand to nothing. The GNU attribute
// spelling is used because it is accepted in every position above, in C as
// well as C++, without -pedantic warnings.
#ifndef TRAILGUARD_ANNOTATIONS_HPP
#define TRAILGUARD_ANNOTATIONS_HPP

// The annotation strings are the contract with the checker: do not change them.
#define TG_ANNOTATION_TIER_SENSITIVE "trailguard:tier=sensitive"
#define TG_ANNOTATION_TIER_RESTRICTED "trailguard:tier=restricted"
#define TG_ANNOTATION_TIER_UNRESTRICTED "trailguard:tier=unrestricted"
#define TG_ANNOTATION_LOG_SINK "trailguard:log_sink"
#define TG_ANNOTATION_AUDIT_SINK "trailguard:audit_sink"
#define TG_ANNOTATION_DECLASSIFY "trailguard:declassify"

#if defined(__has_attribute)
#  define TG_DETAIL_HAS_ATTRIBUTE(x) __has_attribute(x)
#else
#  define TG_DETAIL_HAS_ATTRIBUTE(x) 0
#endif

#if defined(__clang__) && TG_DETAIL_HAS_ATTRIBUTE(annotate) && \
    !defined(TRAILGUARD_NO_ANNOTATIONS)
#  define TG_DETAIL_ANNOTATE(s) __attribute__((annotate(s)))
#else
#  define TG_DETAIL_ANNOTATE(s)
#endif

/// The value is sensitive: never in application logs (passwords, keys, tokens).
#define TG_SENSITIVE TG_DETAIL_ANNOTATE(TG_ANNOTATION_TIER_SENSITIVE)
/// The value is restricted: only in restricted-access stores (PII, emails).
#define TG_RESTRICTED TG_DETAIL_ANNOTATE(TG_ANNOTATION_TIER_RESTRICTED)
/// The value is unrestricted; as an explicit tier it is also a ceiling.
#define TG_UNRESTRICTED TG_DETAIL_ANNOTATE(TG_ANNOTATION_TIER_UNRESTRICTED)
/// The function's arguments go to ordinary application logs; on a class,
/// what is inserted (<<) into its objects, or into those of a derived class,
/// and the arguments of its non-const member functions do.
#define TG_LOG_SINK TG_DETAIL_ANNOTATE(TG_ANNOTATION_LOG_SINK)
/// The function is an audit-trail entry point; its message must be constant.
#define TG_AUDIT_SINK TG_DETAIL_ANNOTATE(TG_ANNOTATION_AUDIT_SINK)
/// The function's result is unrestricted whatever its arguments.
#define TG_DECLASSIFY TG_DETAIL_ANNOTATE(TG_ANNOTATION_DECLASSIFY)

#endif // TRAILGUARD_ANNOTATIONS_HPP
