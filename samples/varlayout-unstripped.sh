#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The varlayout scenario built for Debian's 6.1 (the linux-headers of this machine: 6.1.0-57-amd64), kept
# unstripped: 6.1's headers have no vmlinux, so kbuild gives these modules no BTF, and their DWARF is the only type
# source (var-layout from DWARF: the candidates' own, the patch's declaration of foo_stats). Writes
# samples/varlayout/unstripped/{v1/foo.ko,v2/foo.ko,varlayout_lp.ko}.xz (xz -9e: about 145 KB in all).
# Deterministic: two runs give the same bytes, as long as the build folder is the same (DWARF names it; the
# committed files were built in the default one) and so are samples/src/varlayout and samples/src/common (the
# line numbers of klps_target.h are in .debug_line, hence in the build ids). bash samples/build.sh runs this
# for varlayout. Recorded on 6.1.0-57 as samples/varlayout/kernel-verdicts.tsv: rebuilt, record them again
# (samples/README.md, "varlayout").
set -euo pipefail
SAMPLES=$(cd "$(dirname "$0")" && pwd)
KVER=${KVER:-6.1.0-57-amd64}
KDIR=/usr/src/linux-headers-$KVER
BUILD=${KLP_BUILD:-/tmp/klpscope-build-varlayout61}
out=$SAMPLES/varlayout/unstripped
rm -rf "$BUILD"
mkdir -p "$BUILD" "$out/v1" "$out/v2"
cp -r "$SAMPLES/src/varlayout" "$SAMPLES/src/common" "$BUILD/"
for d in v1 v2 varlayout_lp; do
	make -s -C "$KDIR" M="$BUILD/varlayout/$d" -j"$(nproc)" KBUILD_MODPOST_WARN=1 modules 2>&1 |
		grep -v -e 'Skipping BTF generation' -e 'modpost: "foo_stats"' >&2 || true
done
python3 "$SAMPLES/klp-convert.py" "$BUILD/varlayout/varlayout_lp/klp-convert.spec" \
	"$BUILD/varlayout/varlayout_lp/varlayout_lp.ko" "$BUILD/varlayout/varlayout_lp.ko" >&2
for f in v1/foo.ko v2/foo.ko varlayout_lp.ko; do
	xz -9e -c "$BUILD/varlayout/$f" > "$out/$f.xz"
done
ls -l "$out"/*.xz "$out"/*/*.xz
