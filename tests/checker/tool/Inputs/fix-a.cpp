#include "fix.h"
struct Client {
  const char *api_key;
};
