// RUN: %check_trailguard %s --source-root %S --config %S/Inputs/src-only.yaml -- -std=c++17 -I%S/Inputs/include -I%annotations_include
// RUN: %check_trailguard %s --source-root %S --config %S/Inputs/empty.yaml --check-prefix=DEFAULT -- -std=c++17 -I%S/Inputs/include -I%annotations_include
// header-filter narrows the headers reported: a project header it does not
// match is not; without it, the same header is.
#include "leak.h"
// DEFAULT-MESSAGES: leak.h:6:34: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
