#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The proto scenario built for Debian's 6.1 (the linux-headers of this machine: 6.1.0-57-amd64), kept unstripped:
# 6.1's headers have no vmlinux, so kbuild gives these modules no BTF, and their DWARF is the only source of the
# prototypes of scale() and ratio() (func-prototype from each build's DW_TAG_subprogram). Writes
# samples/proto/unstripped/{v1,v2}/foo.ko.xz (xz -9e -T1, about 40 KB each) and the livepatches stripped and converted
# as build.sh makes them, samples/proto/unstripped/proto_{call,repl}_lp.ko (their DWARF is not read: 10 KB each).
# build.sh runs it for 6.1's proto; in its own build folder, the one the committed files were built in (DWARF keeps
# the path).
set -euo pipefail
SAMPLES=$(cd "$(dirname "$0")" && pwd)
KVER=${KVER:-6.1.0-57-amd64}
KDIR=/usr/src/linux-headers-$KVER
BUILD=${KLP_BUILD:-/tmp/klpscope-build-proto61}
out=$SAMPLES/proto/unstripped
rm -rf "$BUILD"
mkdir -p "$BUILD" "$out/v1" "$out/v2"
cp -r "$SAMPLES/src/proto" "$SAMPLES/src/common" "$BUILD/"
for d in v1 v2 proto_call_lp proto_repl_lp; do
	make -s -C "$KDIR" M="$BUILD/proto/$d" -j"$(nproc)" KBUILD_MODPOST_WARN=1 modules 2>&1 |
		grep -v -e 'Skipping BTF generation' -e 'modpost: "scale"' -e 'modpost: "check_den"' >&2 || true
done
for p in proto_call_lp proto_repl_lp; do
	strip --strip-debug -o "$BUILD/proto/$p/$p.stripped.ko" "$BUILD/proto/$p/$p.ko"
	python3 "$SAMPLES/klp-convert.py" "$BUILD/proto/$p/klp-convert.spec" "$BUILD/proto/$p/$p.stripped.ko" "$out/$p.ko" >&2
done
for f in v1/foo.ko v2/foo.ko; do
	xz -9e -T1 -c "$BUILD/proto/$f" > "$out/$f.xz"
done
ls -l "$out"/*.ko "$out"/*/*
