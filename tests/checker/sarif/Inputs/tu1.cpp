#include "shared.h"
int one() { dump_key(); return 1; }
