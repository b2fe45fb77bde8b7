// Found only in the include directories the fake driver lists.
#pragma once
#include <stddef.h>
#ifndef __aarch64__
#error "the driver's target was not used"
#endif
extern "C" int puts(const char *);
