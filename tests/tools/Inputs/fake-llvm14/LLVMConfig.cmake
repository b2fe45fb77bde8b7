# A stand-in LLVM 14 install: just enough for trailguard's version gate to see it.
set(LLVM_VERSION_MAJOR 14)
set(LLVM_VERSION_MINOR 0)
set(LLVM_VERSION_PATCH 6)
set(LLVM_PACKAGE_VERSION 14.0.6)
set(LLVM_FOUND TRUE)
