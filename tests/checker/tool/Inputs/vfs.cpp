// Includes a header that only --vfs-overlay provides.
#include "leak.h"
