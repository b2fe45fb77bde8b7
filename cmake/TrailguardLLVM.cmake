# Finds LLVM and Clang for the checker and refuses versions outside the one
# supported range; with TRAILGUARD_CHECKER=OFF, looks for neither.
#
# The supported LLVM major range is stated here and nowhere else; source-level
# differences between those versions live in checker/lib/Compat.h.
set(TRAILGUARD_LLVM_MIN_MAJOR 18)
set(TRAILGUARD_LLVM_MAX_MAJOR 22)

if(NOT TRAILGUARD_CHECKER)
  message(STATUS "trailguard: TRAILGUARD_CHECKER=OFF: no checker, LLVM and Clang "
    "are not looked for")
  # A target that still includes LLVM's headers cannot be built here; say
  # which, instead of failing later on a missing header.
  function(trailguard_use_llvm target)
    message(FATAL_ERROR "trailguard: ${target} needs LLVM, which is not looked "
      "for with TRAILGUARD_CHECKER=OFF; configure with -DTRAILGUARD_CHECKER=ON")
  endfunction()
  return()
endif()

# Without an explicit LLVM_DIR, prefer the newest supported Debian/apt.llvm.org
# install over whatever `llvm-config` happens to be first on PATH.
set(_tg_llvm_hints)
foreach(_major RANGE ${TRAILGUARD_LLVM_MAX_MAJOR} ${TRAILGUARD_LLVM_MIN_MAJOR} -1)
  list(APPEND _tg_llvm_hints "/usr/lib/llvm-${_major}/lib/cmake/llvm")
endforeach()

find_package(LLVM CONFIG HINTS ${_tg_llvm_hints})
if(NOT LLVM_FOUND)
  message(FATAL_ERROR
    "trailguard: LLVM not found.\n"
    "  trailguard supports LLVM ${TRAILGUARD_LLVM_MIN_MAJOR} through ${TRAILGUARD_LLVM_MAX_MAJOR}.\n"
    "  Install llvm-19-dev libclang-19-dev (./dev deps does it) or pass\n"
    "  -DLLVM_DIR=<prefix>/lib/cmake/llvm.")
endif()

if(LLVM_VERSION_MAJOR LESS TRAILGUARD_LLVM_MIN_MAJOR OR
   LLVM_VERSION_MAJOR GREATER TRAILGUARD_LLVM_MAX_MAJOR)
  message(FATAL_ERROR
    "trailguard: unsupported LLVM ${LLVM_PACKAGE_VERSION}\n"
    "  found at: ${LLVM_DIR}\n"
    "  trailguard supports LLVM ${TRAILGUARD_LLVM_MIN_MAJOR} through ${TRAILGUARD_LLVM_MAX_MAJOR}.\n"
    "  Point -DLLVM_DIR at a supported <prefix>/lib/cmake/llvm\n"
    "  (Debian: install llvm-19-dev libclang-19-dev, then /usr/lib/llvm-19/lib/cmake/llvm).")
endif()

# Clang must come from the same LLVM install, never from another version.
get_filename_component(_tg_llvm_prefix "${LLVM_DIR}/../../.." ABSOLUTE)
find_package(Clang CONFIG REQUIRED
  HINTS "${_tg_llvm_prefix}/lib/cmake/clang" NO_DEFAULT_PATH)

message(STATUS "trailguard: LLVM ${LLVM_PACKAGE_VERSION} at ${LLVM_DIR}")

# Debian ships shared libLLVM and libclang-cpp; link those rather than the
# static component libraries (faster links, one copy of LLVM's globals).
if(TARGET clang-cpp)
  set(TRAILGUARD_CLANG_LIBS clang-cpp)
else()
  set(TRAILGUARD_CLANG_LIBS clangTooling clangFrontend clangAST clangASTMatchers
      clangAnalysis clangBasic clangIndex clangLex clangSerialization)
endif()
if(LLVM_LINK_LLVM_DYLIB OR TARGET LLVM)
  set(TRAILGUARD_LLVM_LIBS LLVM)
else()
  llvm_map_components_to_libnames(TRAILGUARD_LLVM_LIBS support option)
endif()

# The checker runs outside clang's own install tree, so it needs to be told
# where clang's builtin headers (stddef.h, ...) are.
set(TRAILGUARD_CLANG_RESOURCE_DIR
  "${LLVM_LIBRARY_DIR}/clang/${LLVM_VERSION_MAJOR}")
if(NOT EXISTS "${TRAILGUARD_CLANG_RESOURCE_DIR}/include/stddef.h")
  message(WARNING "trailguard: clang resource dir not found at "
    "${TRAILGUARD_CLANG_RESOURCE_DIR}; system headers may fail to parse "
    "(Debian: install libclang-common-${LLVM_VERSION_MAJOR}-dev)")
endif()

# Everything built against LLVM: its include dirs, definitions and RTTI mode.
function(trailguard_use_llvm target)
  target_include_directories(${target} SYSTEM PUBLIC
    ${LLVM_INCLUDE_DIRS} ${CLANG_INCLUDE_DIRS})
  separate_arguments(_defs NATIVE_COMMAND "${LLVM_DEFINITIONS}")
  target_compile_definitions(${target} PUBLIC ${_defs})
  if(NOT LLVM_ENABLE_RTTI)
    target_compile_options(${target} PUBLIC -fno-rtti)
  endif()
endfunction()
