# The installed CMake package: find_package(trailguard CONFIG) gives
# trailguard::annotations, trailguard::runtime, trailguard::gen,
# trailguard_add_events() and trailguard_enable_checks().
#
# The targets' own install() rules live next to them; this file installs the
# export set, the CMake modules and the config files that tie them together.
include(CMakePackageConfigHelpers)

set(TRAILGUARD_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/trailguard"
  CACHE STRING "Where lib/cmake/trailguard goes, relative to the prefix")
mark_as_advanced(TRAILGUARD_INSTALL_CMAKEDIR)

# Where the plugin lands (relative to the prefix), for the config file;
# empty when it is not built.
set(TRAILGUARD_INSTALL_PLUGIN "")
if(TARGET trailguardPlugin)
  set(TRAILGUARD_INSTALL_PLUGIN
    "${TRAILGUARD_INSTALL_PLUGINDIR}/${CMAKE_SHARED_MODULE_PREFIX}TrailguardPlugin${CMAKE_SHARED_MODULE_SUFFIX}")
endif()
set(TRAILGUARD_INSTALL_TIDY_MODULE "")
if(TARGET trailguardTidyModule)
  set(TRAILGUARD_INSTALL_TIDY_MODULE
    "${TRAILGUARD_INSTALL_PLUGINDIR}/${CMAKE_SHARED_MODULE_PREFIX}TrailguardTidyModule${CMAKE_SHARED_MODULE_SUFFIX}")
endif()

install(EXPORT trailguardTargets
  NAMESPACE trailguard::
  FILE trailguardTargets.cmake
  DESTINATION "${TRAILGUARD_INSTALL_CMAKEDIR}"
  COMPONENT runtime)

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/trailguardConfig.cmake.in"
  "${CMAKE_BINARY_DIR}/cmake/trailguardConfig.cmake"
  INSTALL_DESTINATION "${TRAILGUARD_INSTALL_CMAKEDIR}")
write_basic_package_version_file(
  "${CMAKE_BINARY_DIR}/cmake/trailguardConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMinorVersion)

install(FILES
  "${CMAKE_BINARY_DIR}/cmake/trailguardConfig.cmake"
  "${CMAKE_BINARY_DIR}/cmake/trailguardConfigVersion.cmake"
  "${CMAKE_CURRENT_LIST_DIR}/TrailguardChecks.cmake"
  "${CMAKE_CURRENT_LIST_DIR}/TrailguardEvents.cmake"
  DESTINATION "${TRAILGUARD_INSTALL_CMAKEDIR}"
  COMPONENT runtime)

# pkg-config's trailguard.pc, relocatable: its prefix is found from where the
# file is (${pcfiledir}), so a tree unpacked elsewhere (dpkg -x) works too.
set(TRAILGUARD_INSTALL_PKGCONFIGDIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig"
  CACHE STRING "Where trailguard.pc goes, relative to the prefix")
mark_as_advanced(TRAILGUARD_INSTALL_PKGCONFIGDIR)
file(RELATIVE_PATH TRAILGUARD_PC_TO_PREFIX
  "/prefix/${TRAILGUARD_INSTALL_PKGCONFIGDIR}" "/prefix")
string(REGEX REPLACE "/$" "" TRAILGUARD_PC_TO_PREFIX "${TRAILGUARD_PC_TO_PREFIX}")
configure_file("${CMAKE_CURRENT_LIST_DIR}/trailguard.pc.in"
  "${CMAKE_BINARY_DIR}/cmake/trailguard.pc" @ONLY)
install(FILES "${CMAKE_BINARY_DIR}/cmake/trailguard.pc"
  DESTINATION "${TRAILGUARD_INSTALL_PKGCONFIGDIR}" COMPONENT runtime)
