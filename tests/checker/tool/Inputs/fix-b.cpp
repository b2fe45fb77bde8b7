#include "fix.h"
int count(const Creds &c) { return c.password != nullptr; }
