// A file whose name and text are markup: the report must show them as text.
#include <trailguard/annotations.hpp>
#include <cstdio>

struct Secret {
  TG_SENSITIVE const char *key;
};

void dump(const Secret &s) {
  printf("%s</pre><script>alert(1)</script><img src=x onerror=alert(2)>\n", s.key); // "'&amp;
}
