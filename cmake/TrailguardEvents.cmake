# trailguard_add_events(): typed C++ audit events generated from a schema.
#
#   trailguard_add_events(<target> SCHEMA <file.yaml>
#                         [NAMESPACE <ns>] [HEADER <name.hpp>])
#
# Creates <target>, an INTERFACE (header-only) library whose include
# directory holds <name.hpp>, the output of
#   trailguard-gen cpp <file.yaml> -o <name.hpp> [--namespace <ns>]
# and which links trailguard::annotations and trailguard::runtime. Linking
# <target> is all a consumer does: the header is generated before any of the
# consumer's sources compile, and again whenever the schema or trailguard-gen
# changes.
#
#   SCHEMA     the YAML schema; relative paths are relative to the current
#              source directory. Required.
#   NAMESPACE  the C++ namespace of the events instead of the schema's own.
#   HEADER     the header's name, relative to the include directory (it may
#              contain directories: "shop/events.hpp"); by default the
#              schema's name with .hpp ("events.yaml" gives "events.hpp").
#
# The generator is the executable target trailguard::gen: inside trailguard's
# build an alias of trailguard-gen, elsewhere imported by
# find_package(trailguard).
include_guard(GLOBAL)

function(trailguard_add_events target)
  string(CONCAT _usage "usage: trailguard_add_events(<target> "
    "SCHEMA <file.yaml> [NAMESPACE <ns>] [HEADER <name.hpp>])")
  cmake_parse_arguments(PARSE_ARGV 1 TG "" "SCHEMA;NAMESPACE;HEADER" "")
  if(TG_UNPARSED_ARGUMENTS)
    string(REPLACE ";" " " _unparsed "${TG_UNPARSED_ARGUMENTS}")
    message(FATAL_ERROR "trailguard_add_events(${target}): unknown arguments "
      "'${_unparsed}'; ${_usage}")
  endif()
  foreach(_kw IN LISTS TG_KEYWORDS_MISSING_VALUES)
    message(FATAL_ERROR "trailguard_add_events(${target}): ${_kw} needs a "
      "value; ${_usage}")
  endforeach()
  if(NOT DEFINED TG_SCHEMA)
    message(FATAL_ERROR "trailguard_add_events(${target}): missing SCHEMA "
      "<file.yaml>; ${_usage}")
  endif()
  if(TARGET ${target})
    message(FATAL_ERROR "trailguard_add_events(${target}): a target named "
      "'${target}' already exists")
  endif()
  if(NOT TARGET trailguard::gen)
    message(FATAL_ERROR "trailguard_add_events(${target}): no trailguard::gen "
      "target; call find_package(trailguard CONFIG REQUIRED) first")
  endif()

  get_filename_component(_schema "${TG_SCHEMA}" ABSOLUTE
    BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${_schema}" OR IS_DIRECTORY "${_schema}")
    message(FATAL_ERROR "trailguard_add_events(${target}): schema "
      "'${TG_SCHEMA}' not found (looked for ${_schema})")
  endif()

  if(DEFINED TG_HEADER)
    set(_header "${TG_HEADER}")
    if(IS_ABSOLUTE "${_header}" OR _header MATCHES "(^|/)\\.\\.(/|$)")
      message(FATAL_ERROR "trailguard_add_events(${target}): HEADER "
        "'${_header}' must be a relative path without '..', e.g. "
        "events.hpp or shop/events.hpp")
    endif()
  else()
    get_filename_component(_stem "${_schema}" NAME_WLE)
    set(_header "${_stem}.hpp")
  endif()

  set(_include_dir "${CMAKE_CURRENT_BINARY_DIR}/trailguard_events/${target}")
  set(_output "${_include_dir}/${_header}")
  set(_options)
  if(DEFINED TG_NAMESPACE)
    list(APPEND _options --namespace "${TG_NAMESPACE}")
  endif()

  file(RELATIVE_PATH _shown "${CMAKE_BINARY_DIR}" "${_output}")
  get_filename_component(_output_dir "${_output}" DIRECTORY)
  # Makefiles, unlike Ninja, do not create the output's directory. DEPENDS on
  # the target reruns the command when trailguard-gen is rebuilt (in
  # trailguard's build; also a target-level dependency) or reinstalled
  # (imported: a dependency on its file).
  add_custom_command(
    OUTPUT "${_output}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${_output_dir}"
    COMMAND "$<TARGET_FILE:trailguard::gen>" cpp "${_schema}" -o "${_output}"
            ${_options}
    DEPENDS "${_schema}" trailguard::gen
    COMMENT "trailguard: generating ${_shown} from ${TG_SCHEMA}"
    VERBATIM)

  # An INTERFACE library with a source (CMake >= 3.19) is a build target of
  # its own, like a custom target: whatever links it waits for the header
  # under both Ninja and Makefiles.
  add_library(${target} INTERFACE "${_output}")
  target_include_directories(${target} INTERFACE
    "$<BUILD_INTERFACE:${_include_dir}>")
  target_link_libraries(${target} INTERFACE
    trailguard::annotations trailguard::runtime)
  set_target_properties(${target} PROPERTIES
    TRAILGUARD_EVENTS_HEADER "${_output}"
    TRAILGUARD_EVENTS_SCHEMA "${_schema}")
endfunction()
