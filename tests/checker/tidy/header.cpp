// REQUIRES: tidy-module
// RUN: %clang_tidy --load %tidy_module -checks='-*,trailguard-*' -quiet --header-filter='leak\.h' %s \
// RUN:   -- -std=c++17 -I%S/../headers/Inputs/include -I%annotations_include 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
// RUN: %clang_tidy --load %tidy_module -checks='-*,trailguard-*' -quiet --header-filter='leak\.h' %s \
// RUN:   -- -std=c++17 -isystem %S/../headers/Inputs/include -I%annotations_include 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SYSTEM --allow-empty --implicit-check-not=warning:
// A leak in a project header is reported when clang-tidy's --header-filter
// shows the header, as trailguard-check reports it by default, without a
// header-filter in .trailguard.yaml; never in a system header.
#include "leak.h"
// CHECK: leak.h:6:34: warning: sensitive value reaches log sink 'puts' [trailguard-tier-leak]
// SYSTEM-NOT: warning:
