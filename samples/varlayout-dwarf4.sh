#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The varlayout scenario's two builds of foo for Debian's 6.1 (the machine's 6.1.0-57-amd64 headers), as a kernel
# configured with CONFIG_DEBUG_INFO_DWARF4 builds them: kbuild adds -gdwarf-4 (scripts/Makefile.debug) where
# Debian's config takes the toolchain's default (gcc 12: DWARF 5, samples/varlayout/unstripped). DWARF 4 lays out
# bitfields and several forms otherwise (DW_AT_bit_offset, no .debug_str_offsets or .debug_line_str); these hold
# var-layout on a kbuild module's DWARF 4. Kept unstripped, xz -9e: samples/varlayout/dwarf4/{v1,v2}/foo.ko.xz.
# Not recorded under QEMU: the sources and the scenario are varlayout's, recorded with the DWARF 5 builds.
# Deterministic as varlayout-unstripped.sh is (same build folder, same sources).
set -euo pipefail
SAMPLES=$(cd "$(dirname "$0")" && pwd)
KVER=${KVER:-6.1.0-57-amd64}
KDIR=/usr/src/linux-headers-$KVER
BUILD=${KLP_BUILD:-/tmp/klpscope-build-varlayout61-dwarf4}
out=$SAMPLES/varlayout/dwarf4
rm -rf "$BUILD"
mkdir -p "$BUILD" "$out/v1" "$out/v2"
cp -r "$SAMPLES/src/varlayout" "$SAMPLES/src/common" "$BUILD/"
for d in v1 v2; do
	make -s -C "$KDIR" M="$BUILD/varlayout/$d" -j"$(nproc)" CONFIG_DEBUG_INFO_DWARF4=y modules 2>&1 |
		grep -v -e 'Skipping BTF generation' >&2 || true
	xz -9e -c "$BUILD/varlayout/$d/foo.ko" > "$out/$d/foo.ko.xz"
done
ls -l "$out"/*/*.xz
