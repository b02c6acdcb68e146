#!/usr/bin/env bash
# Fetches Debian's linux-image-<ABI>-amd64-dbg packages and extracts only their vmlinux (full symtab, DWARF,
# --emit-relocs .rela.* sections) into ${KLP_CACHE:-/var/cache/klpscope}/dbg/<ABI>/vmlinux. Never into the repo.
# Usage: scripts/fetch-dbg-vmlinux.sh [ABI...]     (default: 6.1.0-57 6.1.0-56 6.1.0-53 6.1.0-50 6.1.0-47)
# Each package is ~850 MB; each vmlinux ~630 MB. A directory <ABI>.tmp means an extraction was interrupted.
set -euo pipefail
cache=${KLP_CACHE:-/var/cache/klpscope}
dir="$cache/dbg"
mkdir -p "$dir"
cd "$dir"
[ $# -gt 0 ] || set -- 6.1.0-57 6.1.0-56 6.1.0-53 6.1.0-50 6.1.0-47
for abi in "$@"; do
  case $abi in *[!0-9.-]*|'') echo "not an ABI: $abi (e.g. 6.1.0-57)" >&2; exit 2;; esac
  pkg=linux-image-$abi-amd64-dbg
  [ -f "$abi/vmlinux" ] && { echo "have $abi"; continue; }
  if ! ls "${pkg}"_*.deb >/dev/null 2>&1; then
    apt-cache show "$pkg" >/dev/null 2>&1 || apt-get update -qq
    apt-get download "$pkg"
  fi
  rm -rf "$abi.tmp" && mkdir -p "$abi.tmp"
  dpkg-deb --fsys-tarfile "$(ls "${pkg}"_*.deb | head -1)" | tar -x -C "$abi.tmp" --wildcards './usr/lib/debug/boot/vmlinux-*'
  mv "$abi.tmp"/usr/lib/debug/boot/vmlinux-* "$abi.tmp/vmlinux"
  rm -rf "$abi.tmp/usr" && mv "$abi.tmp" "$abi"
  echo "done $abi"
done
