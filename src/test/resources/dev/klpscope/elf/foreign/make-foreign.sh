#!/bin/sh
# Rebuild the foreign-architecture test objects from tiny.c with Debian bookworm's clang 14
# (apt-get install -y clang). Real compiler outputs (relocatable objects, ET_REL), not kernel modules.
# -O1 keeps helper() a separate static function (noinline) while dropping frame noise; no DWARF,
# no .comment/.note sections (-fno-ident, -fno-asynchronous-unwind-tables, -fno-addrsig) keep them small.
set -eu
cd "$(dirname "$0")"
for t in i386-linux-gnu s390x-linux-gnu powerpc64le-linux-gnu powerpc-linux-gnu aarch64-linux-gnu x86_64-linux-gnu; do
	clang --target=$t -O1 -fno-ident -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-addrsig \
		-fno-pic -fno-stack-protector -c tiny.c -o tiny-$t.o
done
# the livepatch function tables (kpatch and klp-build layouts) for ELF32 LE, ELF32 BE and ELF64 BE
for t in i386-linux-gnu powerpc-linux-gnu s390x-linux-gnu; do
	clang --target=$t -O1 -fno-ident -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-addrsig \
		-fno-pic -fno-stack-protector -c functables.c -o functables-$t.o
done
