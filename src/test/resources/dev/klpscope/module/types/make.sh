#!/bin/sh
# Rebuilds seed-foo-v1.btf.xz: the BTF pahole (dwarves 1.24, as Debian bookworm's kbuild uses) encodes from the
# DWARF of the committed unstripped seed module, as standalone (base) BTF, dumped raw as /sys/kernel/btf/* are.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
samples=$here/../../../../../../../samples
tmp=$(mktemp -d)
cp "$samples/seed/unstripped/v1/foo.ko" "$tmp/foo.ko"
pahole -J "$tmp/foo.ko"
objcopy --dump-section .BTF="$tmp/foo.btf" "$tmp/foo.ko"
xz -9 -c "$tmp/foo.btf" > "$here/seed-foo-v1.btf.xz"
rm -r "$tmp"
