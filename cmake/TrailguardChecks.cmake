# trailguard_enable_checks(): trailguard's checks run as a target compiles.
#
#   include(TrailguardChecks)
#   trailguard_enable_checks(<target> [WERROR] [CONFIG <file>])
#
# Adds -fplugin=<libTrailguardPlugin.so> to <target>'s compile options, so
# every compile of its C and C++ sources also reports trailguard findings as
# warnings ("<message> [trailguard-tier-leak]"). WERROR makes those findings
# errors (and nothing else); CONFIG uses <file> instead of the nearest
# .trailguard.yaml above each source file.
#
# Inside trailguard's build the plugin is the trailguardPlugin target. Other
# projects either use an installed trailguard, whose package sets
# TRAILGUARD_PLUGIN to the installed plugin:
#   find_package(trailguard CONFIG REQUIRED)   # -DCMAKE_PREFIX_PATH=<prefix>
# or set TRAILGUARD_PLUGIN to the built plugin's path, e.g.
#   cmake -DCMAKE_MODULE_PATH=<trailguard>/cmake
#         -DTRAILGUARD_PLUGIN=<trailguard>/build/lib/libTrailguardPlugin.so
#
# A plugin only loads into the Clang it was built against, so this is a
# no-op, with a message saying why, for other compilers.
include_guard(GLOBAL)

set(TRAILGUARD_PLUGIN "" CACHE FILEPATH
  "trailguard's compiler plugin (libTrailguardPlugin.so), for other projects")

# The Clang major the in-tree plugin is built against, kept here because
# callers in other directories may not see LLVM_VERSION_MAJOR.
if(TARGET trailguardPlugin)
  set_property(GLOBAL PROPERTY TRAILGUARD_PLUGIN_LLVM_MAJOR
    "${LLVM_VERSION_MAJOR}")
  # The plugin must be linked before anything compiles with it. Ninja lets a
  # target's objects compile while a library it depends on is still being
  # linked, but waits for utility targets; hence this one in between.
  add_custom_target(trailguardPluginReady)
  add_dependencies(trailguardPluginReady trailguardPlugin)
endif()

# Says once, as a warning, why checks are not enabled; later calls only
# print a status line.
function(_trailguard_checks_skip target why)
  get_property(_warned GLOBAL PROPERTY _TRAILGUARD_CHECKS_WARNED)
  if(_warned)
    message(STATUS "trailguard: checks not enabled for ${target}: ${why}")
  else()
    set_property(GLOBAL PROPERTY _TRAILGUARD_CHECKS_WARNED TRUE)
    message(WARNING "trailguard: checks not enabled for ${target}: ${why}")
  endif()
endfunction()

# Whether ${compiler} loads ${plugin}: compiles an empty file with it, once per
# compiler and plugin. Sets ${out} to "" on success or the compiler's error.
function(_trailguard_probe_plugin compiler plugin out)
  file(TIMESTAMP "${plugin}" _stamp)
  set(_key "${compiler}|${plugin}|${_stamp}")
  if(NOT _TRAILGUARD_PLUGIN_PROBE_KEY STREQUAL _key)
    set(_empty "${CMAKE_BINARY_DIR}/CMakeFiles/trailguard-plugin-probe.cpp")
    file(WRITE "${_empty}" "")
    execute_process(
      COMMAND "${compiler}" "-fplugin=${plugin}" -fsyntax-only "${_empty}"
      RESULT_VARIABLE _rc OUTPUT_VARIABLE _output ERROR_VARIABLE _output)
    if(_rc EQUAL 0)
      set(_output "")
    else()
      string(STRIP "${_output}" _output)
      if(_output STREQUAL "")
        set(_output "exit code ${_rc}")
      endif()
    endif()
    set(_TRAILGUARD_PLUGIN_PROBE_KEY "${_key}" CACHE INTERNAL "")
    set(_TRAILGUARD_PLUGIN_PROBE_ERROR "${_output}" CACHE INTERNAL "")
  endif()
  set(${out} "${_TRAILGUARD_PLUGIN_PROBE_ERROR}" PARENT_SCOPE)
endfunction()

function(trailguard_enable_checks target)
  cmake_parse_arguments(PARSE_ARGV 1 TG "WERROR" "CONFIG" "")
  if(TG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "trailguard_enable_checks: unexpected arguments "
      "'${TG_UNPARSED_ARGUMENTS}'; usage: "
      "trailguard_enable_checks(<target> [WERROR] [CONFIG <file>])")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "trailguard_enable_checks: no target named '${target}'")
  endif()

  set(_compiler_ok FALSE)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    string(REGEX MATCH "^[0-9]+" _cxx_major "${CMAKE_CXX_COMPILER_VERSION}")
  endif()
  if(TARGET trailguardPlugin)
    # Inside trailguard's build: the plugin is built before the target.
    get_property(_major GLOBAL PROPERTY TRAILGUARD_PLUGIN_LLVM_MAJOR)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang" OR
       NOT _cxx_major STREQUAL _major)
      string(CONCAT _why "the plugin is built for Clang ${_major}, "
        "but the C++ compiler is ${CMAKE_CXX_COMPILER_ID} "
        "${CMAKE_CXX_COMPILER_VERSION} (${CMAKE_CXX_COMPILER}), configure "
        "with -DCMAKE_CXX_COMPILER=clang++-${_major}")
      _trailguard_checks_skip(${target} "${_why}")
      return()
    endif()
    set(_plugin "$<TARGET_FILE:trailguardPlugin>")
    add_dependencies(${target} trailguardPluginReady)
  elseif(TRAILGUARD_PLUGIN)
    # Another project: the plugin must exist and load into its compiler.
    if(NOT EXISTS "${TRAILGUARD_PLUGIN}")
      string(CONCAT _why "TRAILGUARD_PLUGIN=${TRAILGUARD_PLUGIN} does not "
        "exist, build trailguard first (./dev build)")
      _trailguard_checks_skip(${target} "${_why}")
      return()
    endif()
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
      string(CONCAT _why "the trailguard plugin needs Clang, but the C++ "
        "compiler is ${CMAKE_CXX_COMPILER_ID} "
        "${CMAKE_CXX_COMPILER_VERSION} (${CMAKE_CXX_COMPILER})")
      _trailguard_checks_skip(${target} "${_why}")
      return()
    endif()
    _trailguard_probe_plugin("${CMAKE_CXX_COMPILER}" "${TRAILGUARD_PLUGIN}"
      _error)
    if(NOT _error STREQUAL "")
      string(CONCAT _why "${CMAKE_CXX_COMPILER} "
        "(Clang ${CMAKE_CXX_COMPILER_VERSION}) cannot load "
        "${TRAILGUARD_PLUGIN}, use the Clang trailguard was built with:\n"
        "${_error}")
      _trailguard_checks_skip(${target} "${_why}")
      return()
    endif()
    set(_plugin "${TRAILGUARD_PLUGIN}")
    set(_major "${_cxx_major}")
  elseif(DEFINED _TRAILGUARD_PACKAGE_NO_PLUGIN)
    # find_package(trailguard) found an installation without the plugin.
    set(_why "${_TRAILGUARD_PACKAGE_NO_PLUGIN}")
    _trailguard_checks_skip(${target} "${_why}")
    return()
  else()
    string(CONCAT _why "no trailguard plugin, set TRAILGUARD_PLUGIN to "
      "libTrailguardPlugin.so (in trailguard's build/lib)")
    _trailguard_checks_skip(${target} "${_why}")
    return()
  endif()

  # C sources get the plugin too when the C compiler is the same Clang.
  set(_langs CXX)
  if(CMAKE_C_COMPILER_ID STREQUAL "Clang" AND
     CMAKE_C_COMPILER_VERSION MATCHES "^${_major}\\.")
    list(APPEND _langs C)
  endif()
  string(REPLACE ";" "," _langs "${_langs}")

  # SHELL: keeps the repeated -Xclang from being de-duplicated.
  set(_options "-fplugin=${_plugin}")
  if(TG_WERROR)
    list(APPEND _options "SHELL:-Xclang -plugin-arg-trailguard -Xclang werror")
  endif()
  if(TG_CONFIG)
    get_filename_component(_config "${TG_CONFIG}" ABSOLUTE)
    list(APPEND _options
      "SHELL:-Xclang -plugin-arg-trailguard -Xclang config=${_config}")
  endif()
  foreach(_option IN LISTS _options)
    target_compile_options(${target} PRIVATE
      "$<$<COMPILE_LANGUAGE:${_langs}>:${_option}>")
  endforeach()
endfunction()
