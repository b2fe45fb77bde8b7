// RUN: rm -rf %t && mkdir -p %t
// RUN: %check_trailguard %s --source-root %t -- -std=c++17 -I%S/Inputs/include -I%annotations_include
// RUN: %check_trailguard %s --source-root %S --check-prefix=INSIDE -- -std=c++17 -I%S/Inputs/include -I%annotations_include
// A leak in a header outside --source-root is not reported (the main file
// always is); with the header under the root, it is.
#include "leak.h"
// INSIDE-MESSAGES: leak.h:6:34: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
