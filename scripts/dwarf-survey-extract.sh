#!/usr/bin/env bash
# Extracts, from Debian's -dbg packages in the cache, the unstripped debug modules of the survey's selection
# (every module under kernel/fs/ and kernel/net/) into ${KLP_CACHE:-/var/cache/klpscope}/dbg/<ABI>/debug-modules,
# and 6.12.95's -dbg vmlinux into dbg/6.12.95/vmlinux. Never into the repo. One pass over each package (~850 MB,
# xz); a <ABI>/debug-modules.done marker skips it next time. Used by scripts/dwarf-survey.sh.
# Usage: scripts/dwarf-survey-extract.sh [ABI...]   (default: 6.1.0-47 6.1.0-50 6.1.0-53 6.1.0-56 6.1.0-57 6.12.95)
set -euo pipefail
cache=${KLP_CACHE:-/var/cache/klpscope}
[ $# -gt 0 ] || set -- 6.1.0-47 6.1.0-50 6.1.0-53 6.1.0-56 6.1.0-57 6.12.95
for abi in "$@"; do
  dir=$cache/dbg/$abi
  [ -f "$dir/debug-modules.done" ] && { echo "have $abi"; continue; }
  deb=$(ls "$cache"/dbg/linux-image-"$abi"*-amd64-dbg_*.deb "$cache"/linux-image-"$abi"*-amd64-dbg_*.deb 2>/dev/null | head -1 || true)
  [ -n "$deb" ] || { echo "no linux-image-$abi*-amd64-dbg package in $cache or $cache/dbg" >&2; exit 2; }
  mkdir -p "$dir/debug-modules"
  start=$(date +%s)
  patterns=('./usr/lib/debug/lib/modules/*/kernel/fs/*' './usr/lib/debug/lib/modules/*/kernel/net/*')
  [ -f "$dir/vmlinux" ] || patterns+=('./usr/lib/debug/boot/vmlinux-*')
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir/debug-modules" --wildcards "${patterns[@]}"
  if [ ! -f "$dir/vmlinux" ]; then
    mv "$dir"/debug-modules/usr/lib/debug/boot/vmlinux-* "$dir/vmlinux"
  fi
  touch "$dir/debug-modules.done"
  echo "extracted $abi from $(basename "$deb") in $(( $(date +%s) - start )) s: $(find "$dir/debug-modules" -name '*.ko' | wc -l) modules"
done
