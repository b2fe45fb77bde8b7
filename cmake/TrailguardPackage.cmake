# Debian packages with `cpack -G DEB` (./dev package), one per install
# component: trailguard-runtime (library, headers, CMake and pkg-config
# files, trailguard-verify, trailguard-trail), trailguard-gen,
# trailguard-collector (daemon, systemd unit, sysusers.d, example
# configuration, PostgreSQL SQL) and
# trailguard-checker (trailguard-check, the compiler plugin, the clang-tidy
# module). tests/packaging installs them into a scratch root and builds a
# project against them, and, with TRAILGUARD_DPKG_TEST=1, installs them with
# dpkg -i and purges them (docs/collector.md, "The Debian package").
set(CPACK_PACKAGE_NAME trailguard)
set(CPACK_PACKAGE_VENDOR trailguard)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "typed, tamper-evident audit events for C++")
set(CPACK_PACKAGE_CONTACT "trailguard maintainers <trailguard@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)

set(CPACK_COMPONENTS_ALL runtime gen)
if(TRAILGUARD_BUILD_COLLECTOR)
  list(APPEND CPACK_COMPONENTS_ALL collector)
endif()
if(TRAILGUARD_BUILD_CHECKER)
  list(APPEND CPACK_COMPONENTS_ALL checker)
endif()

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Executables and the plugins without their symbol tables (Debian policy,
# lintian's unstripped-binary-or-object); the static library keeps its.
set(CPACK_STRIP_FILES ON)
# Between our packages: "trailguard-gen (= 0.1.0)".
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)

string(CONCAT CPACK_DEBIAN_RUNTIME_DESCRIPTION
  "trailguard runtime: the library applications link to write audit events\n"
  "Static library, headers, the CMake package (find_package(trailguard)) and\n"
  "pkg-config's trailguard.pc, trailguard-verify, which checks a trail, and\n"
  "trailguard-trail, which queries one.")
# The CMake package's targets include trailguard::gen, and
# trailguard_add_events() runs it.
set(CPACK_COMPONENT_RUNTIME_DEPENDS gen)
string(CONCAT CPACK_DEBIAN_GEN_DESCRIPTION
  "trailguard-gen: typed C++ audit events from a YAML schema\n"
  "Generates the header of an application's audit events (and their JSON\n"
  "Schema) from its events.yaml.")
string(CONCAT CPACK_DEBIAN_COLLECTOR_DESCRIPTION
  "trailguard-collector: the audit trail behind a trust boundary\n"
  "A daemon applications send their audit events to over a Unix socket; it\n"
  "validates and seals them into its trail and forwards them to Kafka or\n"
  "PostgreSQL. Ships a systemd unit and creates its system users.")
string(CONCAT CPACK_DEBIAN_CHECKER_DESCRIPTION
  "trailguard-check: finds sensitive data leaking into logs and audit events\n"
  "The Clang-based checker as a command-line tool, a compiler plugin and a\n"
  "clang-tidy module.")

# Depends: from the ELF files when dpkg-shlibdeps is there (dpkg-dev),
# otherwise the libraries this build links, by their Debian 12 names.
find_program(TRAILGUARD_DPKG_SHLIBDEPS dpkg-shlibdeps)
mark_as_advanced(TRAILGUARD_DPKG_SHLIBDEPS)
set(_tg_runtime_depends "libssl-dev")
# The postinst takes systemd-sysusers when it is there and adduser when it
# is not; adduser is what it can always count on (lintian:
# maintainer-script-needs-depends-on-adduser).
set(_tg_collector_depends "adduser")
set(_tg_checker_depends "libclang-common-${LLVM_VERSION_MAJOR}-dev")
set(_tg_gen_depends "")
if(TRAILGUARD_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  message(STATUS "trailguard: dpkg-shlibdeps not found (dpkg-dev): the .debs' "
    "library dependencies are the ones listed in cmake/TrailguardPackage.cmake")
  set(_tg_gen_depends "libc6, libstdc++6, libgcc-s1, libyaml-0-2, libfmt9")
  string(APPEND _tg_runtime_depends ", libc6, libstdc++6, libgcc-s1, libssl3")
  string(APPEND _tg_collector_depends
    ", libc6, libstdc++6, libgcc-s1, libssl3, libyaml-0-2, libfmt9, librdkafka1, libpq5")
  string(APPEND _tg_checker_depends ", libc6, libstdc++6, libgcc-s1, libyaml-0-2, "
    "libclang-cpp${LLVM_VERSION_MAJOR}, libllvm${LLVM_VERSION_MAJOR}")
endif()
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "${_tg_runtime_depends}")
set(CPACK_DEBIAN_GEN_PACKAGE_DEPENDS "${_tg_gen_depends}")
set(CPACK_DEBIAN_COLLECTOR_PACKAGE_DEPENDS "${_tg_collector_depends}")
if(TRAILGUARD_BUILD_CHECKER)
  set(CPACK_DEBIAN_CHECKER_PACKAGE_DEPENDS "${_tg_checker_depends}")
  # The plugin loads into this Clang, the module into this clang-tidy.
  set(CPACK_DEBIAN_CHECKER_PACKAGE_RECOMMENDS
    "clang-${LLVM_VERSION_MAJOR}, clang-tidy-${LLVM_VERSION_MAJOR}")
  set(CPACK_DEBIAN_CHECKER_PACKAGE_SECTION devel)
endif()
set(CPACK_DEBIAN_COLLECTOR_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_COLLECTOR_PACKAGE_CONTROL_EXTRA
  "${CMAKE_CURRENT_LIST_DIR}/debian/collector/postinst"
  "${CMAKE_CURRENT_LIST_DIR}/debian/collector/prerm"
  "${CMAKE_CURRENT_LIST_DIR}/debian/collector/postrm")

include(CPack)
