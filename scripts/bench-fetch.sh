#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch the benchmark inputs from Debian's packages into a cache outside the repository.
#
#   bash scripts/bench-fetch.sh          (prints the input directory on stdout)
#
# Cache: ${KLP_CACHE:-/var/cache/klpscope} (shared with samples/build.sh: same .deb names, same vmlinux path).
# Inputs end up in $KLP_CACHE/bench/:
#   amdgpu.ko              linux-image-6.1.0-57-amd64: the largest module (19.5 MB, stripped, signed)
#   amdgpu-dbg.ko          linux-image-6.1.0-57-amd64-dbg: the same module unstripped (356 MB, DWARF)
#   vmlinux                -> $KLP_CACHE/vmlinux-6.1.0-57-amd64 (633 MB, from the -dbg package)
#   abi/NN/sch_codel.ko    linux-image-6.1.0-NN-amd64, NN = 47..57 (11 candidates; samples/debian's target)
# Nothing here is ever written into the repository.
set -euo pipefail

CACHE=${KLP_CACHE:-/var/cache/klpscope}
OUT=$CACHE/bench
KVER=6.1.0-57-amd64
AMDGPU=kernel/drivers/gpu/drm/amd/amdgpu/amdgpu.ko
CODEL=kernel/net/sched/sch_codel.ko

log() { echo "== $*" >&2; }

# fetch_deb PACKAGE: the package's .deb in $CACHE (downloaded once); prints its path.
fetch_deb() {
	local deb
	mkdir -p "$CACHE"
	deb=$(ls "$CACHE/$1"_*_amd64.deb 2>/dev/null | head -1 || true)
	if [ -z "$deb" ]; then
		log "downloading $1 to $CACHE"
		(cd "$CACHE" && apt-get download "$1" >&2)
		deb=$(ls "$CACHE/$1"_*_amd64.deb | head -1)
	fi
	echo "$deb"
}

# deb_file PACKAGE PATH-IN-PACKAGE OUT: one file out of a cached .deb (skipped when OUT exists).
deb_file() {
	[ -s "$3" ] && return 0
	mkdir -p "$(dirname "$3")"
	log "extracting $2 from $1"
	dpkg-deb --fsys-tarfile "$(fetch_deb "$1")" | tar -xO "./$2" > "$3.tmp"
	mv "$3.tmp" "$3"
}

# An already extracted package tree (samples/build.sh, other helpers) saves a minute of xz.
from_tree() { # PACKAGE-DIR-NAME PATH OUT
	local f
	for f in "$CACHE/$1/$2" "$CACHE/x${1#linux-image-6.1.0-}/$2"; do
		if [ -s "$f" ] && [ ! -s "$3" ]; then mkdir -p "$(dirname "$3")"; cp "$f" "$3"; fi
	done
	[ -s "$3" ]
}

mkdir -p "$OUT/abi"
command -v apt-get >/dev/null || { echo "needs apt-get (Debian)" >&2; exit 1; }

from_tree linux-image-$KVER "lib/modules/$KVER/$AMDGPU" "$OUT/amdgpu.ko" ||
	deb_file linux-image-$KVER "lib/modules/$KVER/$AMDGPU" "$OUT/amdgpu.ko"

for n in 47 48 49 50 51 52 53 54 55 56 57; do
	v=6.1.0-$n-amd64
	from_tree linux-image-$v "lib/modules/$v/$CODEL" "$OUT/abi/$n/sch_codel.ko" ||
		deb_file linux-image-$v "lib/modules/$v/$CODEL" "$OUT/abi/$n/sch_codel.ko"
done

deb_file linux-image-$KVER-dbg "usr/lib/debug/lib/modules/$KVER/$AMDGPU" "$OUT/amdgpu-dbg.ko"

if [ ! -s "$CACHE/vmlinux-$KVER" ]; then
	deb_file linux-image-$KVER-dbg "usr/lib/debug/boot/vmlinux-$KVER" "$CACHE/vmlinux-$KVER"
fi
ln -sfn "$(readlink -f "$CACHE/vmlinux-$KVER")" "$OUT/vmlinux"

echo "$OUT"
