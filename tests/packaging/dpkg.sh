#!/usr/bin/env bash
# Installs the Debian packages on this machine with dpkg -i (their maintainer
# scripts run for real), checks what they set up, uses them, starts the
# installed collector as its system user, then purges them and checks that
# nothing of theirs is left. It changes the machine: it runs only with
# TRAILGUARD_DPKG_TEST=1, as root, where no trailguard package, collector
# configuration or state is installed already (CI's throwaway machine).
#
# usage: dpkg.sh BUILD_DIR SOURCE_DIR CXX   (as debs.sh)
# Environment: TRAILGUARD_DPKG_TEST=1 to run at all; CPACK_COMMAND as in
# debs.sh; TRAILGUARD_PACKAGE_TEST_KEEP=1 keeps the scratch directory (the
# packages are purged anyway).
set -euo pipefail

build="$(cd "${1:?usage: dpkg.sh BUILD_DIR SOURCE_DIR CXX}" && pwd)"
src="$(cd "${2:?usage: dpkg.sh BUILD_DIR SOURCE_DIR CXX}" && pwd)"
cxx="${3:?usage: dpkg.sh BUILD_DIR SOURCE_DIR CXX}"

skip() { echo "dpkg.sh: skipped: $*" >&2; exit 77; }
fail() { echo "dpkg.sh: FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }
cache() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }

[[ "${TRAILGUARD_DPKG_TEST:-}" == 1 ]] ||
  skip "installs and purges the .debs on this machine (dpkg -i, system users); set TRAILGUARD_DPKG_TEST=1 to run it (.ci/run does, as root on a throwaway machine)"
# Asked for explicitly: what stops it is a failure, not a skip.
[[ "$(id -u)" == 0 ]] || fail "TRAILGUARD_DPKG_TEST=1 needs root (dpkg -i)"
cpack="${CPACK_COMMAND:-cpack}"
for tool in "$cpack" dpkg dpkg-deb dpkg-checkbuilddeps pkg-config setpriv /usr/bin/python3; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (./dev deps --test)"
done

# What is there already is not the test's to change or remove.
installed=$(dpkg-query -W -f '${Package} ${db:Status-Abbrev}\n' 'trailguard*' 2>/dev/null |
  awk '$2 != "un" && $2 != "pn"' || true)
[[ -z "$installed" ]] || fail "trailguard packages are installed already, not touching them: $installed"
for path in /etc/trailguard/collector.yaml /var/lib/trailguard-collector /run/trailguard-collector; do
  [[ ! -e "$path" ]] || fail "$path exists already (a collector's configuration or state), not touching it"
done
user_existed=0; writers_existed=0; group_existed=0; etc_existed=0
getent passwd trailguard-collector >/dev/null && user_existed=1
getent group trailguard-collector >/dev/null && group_existed=1
getent group trailguard-writers >/dev/null && writers_existed=1
[[ -d /etc/trailguard ]] && etc_existed=1

work="$(mktemp -d "${TMPDIR:-/tmp}/trailguard-dpkg.XXXXXX")"
collector_pid=""
packages=(runtime gen)
[[ "$(cache TRAILGUARD_BUILD_COLLECTOR)" == ON ]] && packages+=(collector)
checker=$(cache TRAILGUARD_BUILD_CHECKER)
[[ "$checker" == ON ]] && packages+=(checker)
names=("${packages[@]/#/trailguard-}")

# Whatever happens, the machine ends as it was: the packages purged, and
# what the test (or the packages, whose users and state outlive them on
# purpose) created removed.
cleanup() {
  local status=$?
  set +e
  if [[ -n "$collector_pid" ]] && kill -0 "$collector_pid" 2>/dev/null; then
    kill -TERM "$collector_pid"; wait "$collector_pid"
  fi
  for name in "${names[@]}"; do
    if dpkg-query -W -f '${db:Status-Abbrev}' "$name" 2>/dev/null | grep -q '^[a-z][^n]'; then
      echo "dpkg.sh: cleanup: dpkg --purge $name" >&2
      dpkg --purge "$name" >/dev/null
    fi
  done
  rm -f /etc/systemd/system/multi-user.target.wants/trailguard-collector.service
  rm -rf /var/lib/trailguard-collector /run/trailguard-collector /etc/trailguard/collector.yaml
  ((etc_existed)) || rmdir /etc/trailguard 2>/dev/null
  ((user_existed)) || ! getent passwd trailguard-collector >/dev/null || userdel trailguard-collector
  ((group_existed)) || ! getent group trailguard-collector >/dev/null || groupdel trailguard-collector
  ((writers_existed)) || ! getent group trailguard-writers >/dev/null || groupdel trailguard-writers
  if [[ "${TRAILGUARD_PACKAGE_TEST_KEEP:-}" == 1 ]]; then
    echo "dpkg.sh: keeping $work"
  else
    rm -rf "$work"
  fi
  exit $status
}
trap cleanup EXIT

source "$(dirname "${BASH_SOURCE[0]}")/cpack-debs.sh"
debs=()
for p in "${packages[@]}"; do
  debs+=("$work/debs/trailguard-${p}_${version}_$(dpkg --print-architecture).deb")
  [[ -f "${debs[-1]}" ]] || fail "cpack made no $(basename "${debs[-1]}")"
done

step "the packages' dependencies are installed Debian packages"
# Our own packages come in the same dpkg -i; every other dependency must be
# installed already (dpkg -i installs nothing else).
unmet=""
for deb in "${debs[@]}"; do
  depends=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/^ *//' | grep -v '^trailguard-' |
    paste -sd, - | sed 's/,/, /g')
  [[ -n "$depends" ]] || continue
  if ! out=$(dpkg-checkbuilddeps -d "$depends" /dev/null 2>&1); then
    unmet+="  $(dpkg-deb -f "$deb" Package): ${out#*Unmet build dependencies: }"$'\n'
  fi
done
[[ -z "$unmet" ]] || fail "dependencies not installed (apt-get install them, or fix Depends):"$'\n'"$unmet"

step "dpkg -i ${debs[*]##*/}"
dpkg -i "${debs[@]}" 2>&1 | tee "$work/install.log" || fail "dpkg -i failed"
for name in "${names[@]}"; do
  [[ "$(dpkg-query -W -f '${Status}' "$name")" == "install ok installed" ]] ||
    fail "$name is not installed: $(dpkg-query -W -f '${Status}' "$name")"
  dpkg -L "$name" >>"$work/files"
done

step "what the packages put on the machine"
for file in /usr/bin/trailguard-gen /usr/bin/trailguard-verify /usr/bin/trailguard-trail; do
  [[ -x "$file" ]] || fail "no $file"
done
/usr/bin/trailguard-gen --version
[[ -f /usr/lib/pkgconfig/trailguard.pc ]] || fail "no /usr/lib/pkgconfig/trailguard.pc"
[[ -f /usr/lib/cmake/trailguard/trailguardConfig.cmake ]] || fail "no /usr/lib/cmake/trailguard"
if [[ "$checker" == ON ]]; then /usr/bin/trailguard-check --version; fi

if [[ " ${packages[*]} " == *" collector "* ]]; then
  step "the collector's system users, unit and example configuration (docs/collector.md)"
  getent passwd trailguard-collector | tee "$work/passwd"
  IFS=: read -r _ _ uid gid _ home shell <"$work/passwd"
  ((uid < 1000)) || fail "trailguard-collector is not a system user (uid $uid)"
  [[ "$home" == /var/lib/trailguard-collector && "$shell" == /usr/sbin/nologin ]] ||
    fail "trailguard-collector's home or shell is wrong: $home $shell"
  [[ "$(getent group "$gid" | cut -d: -f1)" == trailguard-collector ]] ||
    fail "trailguard-collector's group is not trailguard-collector"
  getent group trailguard-writers || fail "no group trailguard-writers"
  unit=/usr/lib/systemd/system/trailguard-collector.service
  [[ -f "$unit" ]] || fail "no $unit"
  [[ -f /usr/lib/sysusers.d/trailguard-collector.conf ]] || fail "no sysusers.d file"
  example=/usr/share/trailguard/collector/collector.example.yaml
  [[ -f "$example" ]] || fail "no $example"
  doc=$(sed -n 's|^Documentation=file://||p' "$unit")
  [[ -f "$doc" ]] || fail "the unit's Documentation= names $doc, which the package does not ship"
  if command -v systemd-analyze >/dev/null; then
    systemd-analyze verify "$unit" || fail "systemd-analyze verify $unit"
  fi
  # The admin enables the unit (systemctl works offline, without systemd
  # running); the purge must take the link away.
  dsh=/var/lib/systemd/deb-systemd-helper-enabled/trailguard-collector.service.dsh-also
  if command -v deb-systemd-helper >/dev/null; then
    [[ -f "$dsh" ]] || fail "the postinst did not record the unit with deb-systemd-helper ($dsh)"
  fi
  if command -v systemctl >/dev/null; then
    systemctl enable trailguard-collector.service 2>&1 | sed 's/^/  /'
    [[ -L /etc/systemd/system/multi-user.target.wants/trailguard-collector.service ]] ||
      fail "systemctl enable made no link"
  fi
fi

step "pkg-config --cflags --libs trailguard (the system's search path)"
unset PKG_CONFIG_PATH
[[ "$(pkg-config --modversion trailguard)" == "$version" ]] || fail "pkg-config: wrong or no trailguard"
pkg-config --cflags --libs trailguard
[[ "$(realpath "$(pkg-config --variable=gen trailguard)")" == /usr/bin/trailguard-gen ]] ||
  fail "pkg-config --variable=gen trailguard is not /usr/bin/trailguard-gen"

step "the consumer project with find_package(trailguard) (no CMAKE_PREFIX_PATH)"
cp -R "$src/tests/cmake/Inputs/consumer" "$work/src"
cmake -S "$work/src" -B "$work/cmake" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log" >&2; fail "configuring the consumer failed"; }
grep -F "consumer: trailguard $version, gen /usr/bin/trailguard-gen" "$work/configure.log" ||
  { cat "$work/configure.log" >&2; fail "the consumer did not find the installed package"; }
cmake --build "$work/cmake" >"$work/build.log" 2>&1 ||
  { cat "$work/build.log" >&2; fail "building the consumer failed"; }
"$work/cmake/consumer" | tee "$work/cmake.out"
grep -q "^inventory stock.adjusted$" "$work/cmake.out" || fail "the consumer's output is wrong"
if [[ "$checker" == ON ]]; then
  llvm=$(sed -n 's/^set(trailguard_PLUGIN_LLVM_MAJOR "\(.*\)")$/\1/p' \
    /usr/lib/cmake/trailguard/trailguardConfig.cmake)
  if "$cxx" --version | grep -q "clang version $llvm\."; then
    step "the installed compiler plugin finds the consumer's deliberate leak"
    cmake --build "$work/cmake" --target leaky >"$work/leaky.log" 2>&1 ||
      { cat "$work/leaky.log" >&2; fail "building leaky failed"; }
    grep -F "warning: sensitive value stored in field 'reason' declared unrestricted [trailguard-tier-leak]" \
      "$work/leaky.log" || { cat "$work/leaky.log" >&2; fail "the installed plugin did not report the leak"; }
  fi
fi

step "the consumer with pkg-config"
mkdir -p "$work/pc/consumer"
trailguard-gen cpp "$work/src/events.yaml" --namespace consumer::audit -o "$work/pc/consumer/events.hpp"
# shellcheck disable=SC2046
"$cxx" -std=c++17 "$work/src/main.cpp" -I"$work/pc" $(pkg-config --cflags trailguard) \
  -o "$work/pc/consumer-pc" $(pkg-config --libs trailguard)
"$work/pc/consumer-pc" >"$work/pc.out"
cmp "$work/cmake.out" "$work/pc.out" || fail "the pkg-config build prints something else"

if [[ " ${packages[*]} " == *" collector "* ]]; then
  step "the installed collector, started as trailguard-collector with the example configuration"
  # As the docs say: the example copied to /etc/trailguard, the socket
  # handed to trailguard-writers.
  install -d -m 0755 /etc/trailguard
  sed 's/^# socket_group: trailguard-writers$/socket_group: trailguard-writers/' "$example" \
    >"$work/collector.yaml"
  install -m 0640 -o root -g trailguard-collector "$work/collector.yaml" /etc/trailguard/collector.yaml
  grep -q '^socket_group: trailguard-writers$' /etc/trailguard/collector.yaml ||
    fail "the example configuration has no '# socket_group: trailguard-writers' line to enable"
  # What the unit's RuntimeDirectory= and StateDirectory= do under systemd.
  install -d -m 0755 -o trailguard-collector -g trailguard-collector /run/trailguard-collector
  install -d -m 0700 -o trailguard-collector -g trailguard-collector /var/lib/trailguard-collector
  as_collector=(setpriv --reuid=trailguard-collector --regid=trailguard-collector
    --groups="$(getent group trailguard-writers | cut -d: -f3)" --inh-caps=-all)
  (cd / && umask 0077 && "${as_collector[@]}" trailguard-collector \
    --config /etc/trailguard/collector.yaml --check-config) ||
    fail "--check-config refuses the example configuration"
  (cd / && umask 0077 && exec "${as_collector[@]}" trailguard-collector \
    --config /etc/trailguard/collector.yaml) 2>"$work/collector.log" &
  collector_pid=$!
  socket=/run/trailguard-collector/collector.sock
  for _ in $(seq 1 600); do
    [[ -S "$socket" ]] && break
    kill -0 "$collector_pid" 2>/dev/null || { cat "$work/collector.log" >&2; fail "the collector exited"; }
    sleep 0.1
  done
  [[ -S "$socket" ]] || fail "the collector opened no socket"
  [[ "$(stat -c '%a %U %G' "$socket")" == "660 trailguard-collector trailguard-writers" ]] ||
    fail "the socket is $(stat -c '%a %U %G' "$socket"), not 660 trailguard-collector trailguard-writers"
  # One event of the example schema, from a process in trailguard-writers
  # only (neither root nor the collector's user; Debian's python3, which
  # nobody may run, not a python3 under root's home).
  reply=$(setpriv --reuid=nobody --regid=nogroup \
    --groups="$(getent group trailguard-writers | cut -d: -f3)" --inh-caps=-all \
    /usr/bin/python3 - "$socket" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
s.sendall(b'{"seq":1,"time":"2026-12-07T12:00:00.000000Z","service":"shop","event":"authn.login_success",'
          b'"version":"1.0","schema":"0000000000000000","outcome":"success",'
          b'"context":{"actor":"u-42","actor_type":"user","source_address":"203.0.113.9","request_id":"r-1"},'
          b'"fields":{"user":"alice","method":"password"}}\n')
print(s.makefile("rb").readline().decode().strip())
PY
  ) || fail "could not send an event to the collector"
  echo "  the collector answered: $reply"
  [[ "$reply" == "ok "* ]] || { cat "$work/collector.log" >&2; fail "the collector refused the event: $reply"; }
  kill -TERM "$collector_pid"
  wait "$collector_pid" || { cat "$work/collector.log" >&2; fail "the collector did not stop cleanly"; }
  collector_pid=""
  trail=/var/lib/trailguard-collector/trail.jsonl
  [[ "$(stat -c '%a %U' "$trail")" == "600 trailguard-collector" ]] ||
    fail "the trail is $(stat -c '%a %U' "$trail"), not 600 trailguard-collector"
  keys=/var/lib/trailguard-collector/keys
  trailguard-verify --key "$keys/mac.key" --pubkey "$keys/signing.pub.pem" "$trail" ||
    fail "the collector's trail does not verify"
  grep -q '"event":"authn.login_success"' "$trail" || fail "the event is not in the trail"
fi

if [[ " ${packages[*]} " == *" collector "* ]]; then
  step "dpkg -i trailguard-collector again (an upgrade: prerm upgrade, postinst configure VERSION)"
  dpkg -i "$work/debs/trailguard-collector_${version}_$(dpkg --print-architecture).deb" 2>&1 |
    tee -a "$work/install.log" || fail "reinstalling trailguard-collector failed"
  [[ "$(getent passwd trailguard-collector)" == "$(cat "$work/passwd")" ]] ||
    fail "the upgrade changed the user: $(getent passwd trailguard-collector)"
fi

step "dpkg --purge ${names[*]}"
dpkg --purge "${names[@]}" 2>&1 | tee "$work/purge.log" || fail "dpkg --purge failed"
left=$(dpkg-query -W -f '${Package} ${db:Status-Abbrev}\n' 'trailguard*' 2>/dev/null |
  awk '$2 != "un" && $2 != "pn"' || true)
[[ -z "$left" ]] || fail "still known to dpkg after the purge: $left"
# Every file the packages had is gone; their directories may stay when
# something else uses them (/usr/lib/cmake, /usr/share/trailguard's parent).
while read -r path; do
  [[ -d "$path" && ! -L "$path" ]] && continue
  [[ ! -e "$path" && ! -L "$path" ]] || fail "the purge left $path"
done <"$work/files"
for dir in /usr/include/trailguard /usr/lib/cmake/trailguard /usr/lib/trailguard /usr/share/trailguard \
    /usr/share/doc/trailguard; do
  [[ ! -e "$dir" ]] || fail "the purge left $dir: $(find "$dir" | head -5)"
done
if [[ " ${packages[*]} " == *" collector "* ]]; then
  if command -v systemctl >/dev/null; then
    [[ ! -e /etc/systemd/system/multi-user.target.wants/trailguard-collector.service &&
       ! -L /etc/systemd/system/multi-user.target.wants/trailguard-collector.service ]] ||
      fail "the purge left the link systemctl enable made"
  fi
  [[ ! -e "$dsh" ]] || fail "the purge left deb-systemd-helper's $dsh"
  # Kept on purpose (cmake/debian/collector/postrm): the audit trail and the
  # users owning it.
  getent passwd trailguard-collector >/dev/null || fail "the purge removed the user trailguard-collector"
  [[ -f /var/lib/trailguard-collector/trail.jsonl ]] || fail "the purge removed the trail"
  echo "  kept, as documented: the users trailguard-collector, trailguard-writers and /var/lib/trailguard-collector"
fi

# The dpkg -i above took the postinst's systemd-sysusers branch when there
# is one; the other, adduser's, is what a machine without systemd takes.
if [[ " ${packages[*]} " == *" collector "* ]] && command -v systemd-sysusers >/dev/null &&
   command -v adduser >/dev/null && command -v unshare >/dev/null; then
  step "the postinst without systemd-sysusers creates the same users with adduser"
  userdel trailguard-collector
  ! getent group trailguard-collector >/dev/null || groupdel trailguard-collector
  groupdel trailguard-writers
  mkdir -p "$work/control"
  dpkg-deb -e "$work/debs/trailguard-collector_${version}_$(dpkg --print-architecture).deb" "$work/control"
  # Hidden in a mount namespace of its own: `command -v` finds no
  # executable systemd-sysusers. (Outside dpkg, the postinst's
  # deb-systemd-helper says it was not called from dpkg and does nothing.)
  # shellcheck disable=SC2016  # expanded by the inner sh
  unshare --mount sh -c 'mount --bind /dev/null "$(command -v systemd-sysusers)" && exec sh "$1" configure' \
    sh "$work/control/postinst" || fail "the postinst failed without systemd-sysusers"
  getent passwd trailguard-collector | tee "$work/passwd.adduser"
  IFS=: read -r _ _ uid gid _ home shell <"$work/passwd.adduser"
  if ((uid >= 1000)) || [[ "$home" != /var/lib/trailguard-collector || "$shell" != /usr/sbin/nologin ]]; then
    fail "adduser made another user than systemd-sysusers"
  fi
  [[ "$(getent group "$gid" | cut -d: -f1)" == trailguard-collector ]] ||
    fail "adduser gave trailguard-collector another group"
  getent group trailguard-writers || fail "adduser made no group trailguard-writers"
fi

echo "dpkg.sh: OK: ${names[*]} installed with dpkg -i, used, and purged"
