#include "shared.h"
int two() { dump_key(); return 2; }
