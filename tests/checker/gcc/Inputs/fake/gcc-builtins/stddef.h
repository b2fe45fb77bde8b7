// The fake driver's own builtin headers: Clang's must be used instead.
#error "the driver's builtin stddef.h was used instead of Clang's"
