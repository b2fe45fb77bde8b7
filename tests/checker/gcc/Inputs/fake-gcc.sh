#!/bin/sh
# A stand-in for a GCC driver, for --query-driver: what it prints depends on
# the name it is run under. Each run is logged next to it, with its locale.
dir=$(cd "$(dirname "$0")" && pwd)
inputs=$(cat "$dir/inputs")
echo "LC_ALL=$LC_ALL $*" >> "$0.log"
case "$*" in
  -print-file-name=include) echo "$inputs/fake/gcc-builtins"; exit 0 ;;
esac
case "$(basename "$0")" in
  g++-fails) echo "g++: fatal error: no input files" >&2; exit 3 ;;
  g++-hangs) exec sleep 60 ;;
  g++-huge) head -c 1100000 /dev/zero | tr '\0' 'x' >&2; exit 0 ;;
  g++-garbled)
    printf 'Target: \033[31m$(reboot)\n#include <...> search starts here:\n /ok\n\001\377 not a path\nEnd of search list.\n' >&2
    exit 0 ;;
  g++-noend)
    printf '#include <...> search starts here:\n %s\n' "$inputs/fake/include" >&2
    exit 0 ;;
  g++-nolist) echo "gcc version 12.2.0 (Debian 12.2.0-14)" >&2; exit 0 ;;
esac
cat >&2 <<OUT
Using built-in specs.
COLLECT_GCC=$0
Target: aarch64-linux-gnu
gcc version 12.2.0 (Debian 12.2.0-14)
ignoring nonexistent directory "/nonexistent/include"
#include "..." search starts here:
#include <...> search starts here:
 $inputs/fake/include
 $inputs/fake/gcc-builtins
 /nonexistent/include
End of search list.
OUT
