# Sourced by the packaging tests: builds the Debian packages of $build into
# $work/debs with $cpack, uncompressed (the tests look at the contents, not
# the size), and sets $version. Needs the sourcing script's fail and step.
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
[[ -n "$version" ]] || fail "no CPACK_PACKAGE_VERSION in $build/CPackConfig.cmake"
step "cpack -G DEB ($version)"
if ! "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$work/debs" \
    -D CPACK_DEBIAN_COMPRESSION_TYPE=none >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log" >&2
  fail "cpack failed"
fi
