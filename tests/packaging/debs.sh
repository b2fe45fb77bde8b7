#!/usr/bin/env bash
# Builds the Debian packages with cpack, unpacks them into a scratch root
# (dpkg -x: nothing on this machine is installed or changed) and builds the
# consumer project of tests/cmake against that root, once through the CMake
# package and once through pkg-config.
#
# usage: debs.sh BUILD_DIR SOURCE_DIR CXX
#   BUILD_DIR   a built trailguard build directory (its CPackConfig.cmake)
#   CXX         the compiler for the consumer (the build's Clang, so that the
#               packaged plugin loads into it)
# Environment: TRAILGUARD_PACKAGE_TEST_KEEP=1 keeps the scratch directory;
# CPACK_COMMAND is the cpack to run (ctest passes the build's).
set -euo pipefail

build="$(cd "${1:?usage: debs.sh BUILD_DIR SOURCE_DIR CXX}" && pwd)"
src="$(cd "${2:?usage: debs.sh BUILD_DIR SOURCE_DIR CXX}" && pwd)"
cxx="${3:?usage: debs.sh BUILD_DIR SOURCE_DIR CXX}"

cpack="${CPACK_COMMAND:-cpack}"
for tool in "$cpack" dpkg-deb pkg-config; do
  if ! command -v "$tool" >/dev/null; then
    echo "debs.sh: skipped: $tool is not installed" >&2
    exit 77
  fi
done

work="$(mktemp -d "${TMPDIR:-/tmp}/trailguard-debs.XXXXXX")"
if [[ "${TRAILGUARD_PACKAGE_TEST_KEEP:-}" == 1 ]]; then
  echo "debs.sh: keeping $work"
else
  trap 'rm -rf "$work"' EXIT
fi

fail() { echo "debs.sh: FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }
cache() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }

source "$(dirname "${BASH_SOURCE[0]}")/cpack-debs.sh"

packages=(runtime gen)
[[ "$(cache TRAILGUARD_BUILD_COLLECTOR)" == ON ]] && packages+=(collector)
checker=$(cache TRAILGUARD_BUILD_CHECKER)
[[ "$checker" == ON ]] && packages+=(checker)

deb() { echo "$work/debs/trailguard-$1_${version}_$(dpkg --print-architecture).deb"; }
field() { dpkg-deb -f "$(deb "$1")" "$2"; }
has_file() { dpkg-deb -c "$(deb "$1")" | awk '{print $6}' | grep -qxF "./$2" ||
  fail "trailguard-$1 does not ship /$2"; }

step "package contents and dependencies"
for p in "${packages[@]}"; do
  [[ -f "$(deb "$p")" ]] || fail "cpack made no $(basename "$(deb "$p")") ($(ls "$work/debs"))"
  echo "trailguard-$p: Depends: $(field "$p" Depends)"
done
has_file runtime usr/lib/libtrailguard_runtime.a
has_file runtime usr/include/trailguard/event.hpp
has_file runtime usr/include/trailguard/annotations.hpp
has_file runtime usr/lib/cmake/trailguard/trailguardConfig.cmake
has_file runtime usr/lib/pkgconfig/trailguard.pc
has_file runtime usr/bin/trailguard-verify
has_file runtime usr/bin/trailguard-trail
has_file gen usr/bin/trailguard-gen
field runtime Depends | grep -qF "trailguard-gen (= $version)" ||
  fail "trailguard-runtime does not depend on trailguard-gen (= $version)"
field runtime Depends | grep -qw "libssl-dev" || fail "trailguard-runtime does not depend on libssl-dev"
field gen Depends | grep -qw "libyaml-0-2" || fail "trailguard-gen does not depend on libyaml-0-2"
if [[ " ${packages[*]} " == *" collector "* ]]; then
  has_file collector usr/bin/trailguard-collector
  has_file collector usr/lib/systemd/system/trailguard-collector.service
  has_file collector usr/lib/sysusers.d/trailguard-collector.conf
  has_file collector usr/share/trailguard/collector/collector.example.yaml
  mkdir -p "$work/control"
  dpkg-deb -e "$(deb collector)" "$work/control/collector"
  [[ -x "$work/control/collector/postinst" ]] || fail "trailguard-collector has no postinst"
  sh -n "$work/control/collector/postinst" || fail "trailguard-collector's postinst is not valid sh"
  grep -q "systemd-sysusers trailguard-collector.conf" "$work/control/collector/postinst" ||
    fail "trailguard-collector's postinst does not create the users"
  field collector Depends | grep -qw "libc6" || fail "trailguard-collector has no library dependencies"
fi
if [[ "$checker" == ON ]]; then
  has_file checker usr/bin/trailguard-check
  llvm=$(sed -n 's/^set(trailguard_PLUGIN_LLVM_MAJOR "\(.*\)")$/\1/p' \
    "$build/cmake/trailguardConfig.cmake")
  field checker Depends | grep -qF "libclang-common-$llvm-dev" ||
    fail "trailguard-checker does not depend on libclang-common-$llvm-dev (Clang's builtin headers)"
fi

step "dpkg -x into $work/root"
root="$work/root"
for p in "${packages[@]}"; do dpkg -x "$(deb "$p")" "$root"; done
"$root/usr/bin/trailguard-gen" --version
if [[ "$checker" == ON ]]; then "$root/usr/bin/trailguard-check" --version; fi

if [[ " ${packages[*]} " == *" collector "* ]] && command -v systemd-sysusers >/dev/null; then
  step "the collector's sysusers.d file creates its users (in a scratch /etc)"
  mkdir -p "$work/sysroot/etc"
  systemd-sysusers --root="$work/sysroot" "$root/usr/lib/sysusers.d/trailguard-collector.conf"
  grep -q '^trailguard-collector:.*:/var/lib/trailguard-collector:/usr/sbin/nologin$' \
    "$work/sysroot/etc/passwd" || fail "no system user trailguard-collector"
  grep -q '^trailguard-writers:' "$work/sysroot/etc/group" || fail "no group trailguard-writers"
fi

step "the consumer project through the CMake package (CMAKE_PREFIX_PATH=$root/usr)"
cp -R "$src/tests/cmake/Inputs/consumer" "$work/src"
cmake -S "$work/src" -B "$work/cmake" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_PREFIX_PATH="$root/usr" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
  >"$work/configure.log" 2>&1 || { cat "$work/configure.log" >&2; fail "configuring the consumer failed"; }
grep -F "consumer: trailguard $version, gen $root/usr/bin/trailguard-gen" "$work/configure.log" ||
  { cat "$work/configure.log" >&2; fail "the consumer did not find the unpacked package"; }
cmake --build "$work/cmake" >"$work/build.log" 2>&1 ||
  { cat "$work/build.log" >&2; fail "building the consumer failed"; }
"$work/cmake/consumer" | tee "$work/cmake.out"
grep -q "^inventory stock.adjusted$" "$work/cmake.out" || fail "the consumer's output is wrong"
if [[ -f "$root/usr/lib/trailguard/libTrailguardPlugin.so" ]] && "$cxx" --version | grep -q "clang version $llvm\."; then
  step "the packaged compiler plugin finds the consumer's deliberate leak"
  cmake --build "$work/cmake" --target leaky >"$work/leaky.log" 2>&1 ||
    { cat "$work/leaky.log" >&2; fail "building leaky failed"; }
  grep -F "libTrailguardPlugin.so" "$work/cmake/build.ninja" | grep -qF "$root/usr/lib/trailguard/" ||
    fail "the consumer does not load the plugin from $root/usr/lib/trailguard"
  grep -F "warning: sensitive value stored in field 'reason' declared unrestricted [trailguard-tier-leak]" \
    "$work/leaky.log" || { cat "$work/leaky.log" >&2; fail "the packaged plugin did not report the leak"; }
fi

step "the consumer through pkg-config (PKG_CONFIG_PATH=$root/usr/lib/pkgconfig)"
export PKG_CONFIG_PATH="$root/usr/lib/pkgconfig"
[[ "$(pkg-config --modversion trailguard)" == "$version" ]] || fail "pkg-config: wrong or no trailguard version"
gen=$(pkg-config --variable=gen trailguard)
[[ "$(realpath "$gen")" == "$root/usr/bin/trailguard-gen" ]] ||
  fail "pkg-config --variable=gen trailguard is $gen, not the unpacked trailguard-gen"
mkdir -p "$work/pc/consumer"
"$gen" cpp "$work/src/events.yaml" --namespace consumer::audit -o "$work/pc/consumer/events.hpp"
echo "$cxx -std=c++17 main.cpp -I... $(pkg-config --cflags --libs trailguard)"
# shellcheck disable=SC2046
"$cxx" -std=c++17 "$work/src/main.cpp" -I"$work/pc" $(pkg-config --cflags trailguard) \
  -o "$work/pc/consumer-pc" $(pkg-config --libs trailguard)
"$work/pc/consumer-pc" | tee "$work/pc.out"
cmp "$work/cmake.out" "$work/pc.out" || fail "the pkg-config build prints something else"

echo "debs.sh: OK: ${packages[*]} built, unpacked, and used by a CMake and a pkg-config build"
