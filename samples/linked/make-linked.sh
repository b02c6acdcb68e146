#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# make-linked.sh - link a sample module into a linked image (ET_EXEC) as vmlinux is linked, twice:
# with --emit-relocs (as Debian's -dbg vmlinux) and without (as a vmlinux without relocations), so that the
# comparison of code by meaning is tested on both paths with the same real code (see samples/README.md).
#
# Usage: samples/linked/make-linked.sh   (from the repository; writes samples/linked/*.elf, deterministic)
#
# Every symbol the module imports is defined by a stub (16 bytes each, in .text.stubs) so that each call and
# reference reaches a named place; .text is linked at a kernel address (0xffffffff81000000).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for v in v47 v57; do
	ko="$here/../debian/$v/sch_codel.ko"
	{
		echo '.section .text.stubs,"ax",@progbits'
		for s in $(nm -u "$ko" | awk '{print $2}' | sort); do
			printf '.globl %s\n.type %s,@function\n%s:\n.fill 16,1,0xcc\n.size %s,16\n' "$s" "$s" "$s" "$s"
		done
	} > "$tmp/stubs-$v.s"
	as --64 -o "$tmp/stubs-$v.o" "$tmp/stubs-$v.s"
	for mode in emit-relocs no-relocs; do
		flags=""
		[ "$mode" = emit-relocs ] && flags="--emit-relocs"
		ld -m elf_x86_64 $flags -e 0 -z noexecstack -z max-page-size=4096 --no-warn-rwx-segments --build-id=none \
			-Ttext=0xffffffff81000000 -o "$tmp/out.elf" "$ko" "$tmp/stubs-$v.o"
		strip --strip-debug -R .BTF -o "$here/sch_codel-$v.$mode.elf" "$tmp/out.elf"
	done
done
ls -l "$here"/*.elf
