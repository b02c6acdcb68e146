#!/usr/bin/env bash
# Extracts the kernel's own scripts/extract-vmlinux (the independent oracle of VmlinuzTest: the vmlinux a bzImage
# carries, as the kernel's script finds and decompresses it) from Debian's linux-source-<x.y> package in the cache,
# into ${KLP_CACHE:-/var/cache/klpscope}/upstream-src/linux-source-<x.y>_<version>/scripts/extract-vmlinux, the tree
# samples/upstream/build.sh extracts its sources into. Never into the repo.
# Usage: scripts/fetch-extract-vmlinux.sh [linux-source deb]   (default: the cached linux-source-6.12 package)
set -euo pipefail
cache=${KLP_CACHE:-/var/cache/klpscope}
deb=${1:-$(ls "$cache"/linux-source-6.12_*_all.deb | head -1)}
name=$(basename "$deb" _all.deb)             # linux-source-6.12_6.12.95-1~bpo12+1
xy=${name%%_*}; xy=${xy#linux-source-}       # 6.12
out="$cache/upstream-src/$name/scripts/extract-vmlinux"
[ -f "$out" ] && { echo "have $out"; exit 0; }
mkdir -p "$(dirname "$out")"
dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/linux-source-$xy.tar.xz" | xz -dc |
	tar -xO "linux-source-$xy/scripts/extract-vmlinux" > "$out.tmp"
[ -s "$out.tmp" ] || { echo "no scripts/extract-vmlinux in $deb" >&2; rm -f "$out.tmp"; exit 1; }
mv "$out.tmp" "$out"
echo "done $out"
