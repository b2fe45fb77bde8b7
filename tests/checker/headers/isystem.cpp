// RUN: %check_trailguard %s --source-root %S -- -std=c++17 -isystem %S/Inputs/include -I%annotations_include
// RUN: %check_trailguard %s --source-root %S --check-prefix=USER -- -std=c++17 -I%S/Inputs/include -I%annotations_include
// A leak in a header found through -isystem is not reported, although the
// header is under the source root; found through -I, the same one is.
#include "leak.h"
// USER-MESSAGES: leak.h:6:34: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
