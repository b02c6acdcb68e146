#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""vmlinux-symtab.py - reduce a vmlinux to its symbol table, as a valid ELF file.

Usage: vmlinux-symtab.py VMLINUX OUT

Keeps the ELF header and every section header at its index (so each symbol's
st_shndx still names the same section), and the contents of .symtab, its
.strtab and .shstrtab, and of the small allocated sections that say which
build this is: .notes (the GNU build id) and __kcrctab, __kcrctab_gpl (the
exported symbols' CRCs, module_layout's among them, which the module loader
checks).  Other allocated sections become SHT_NOBITS with their
address and size (as `objcopy --only-keep-debug` does), every other section
keeps its type with size 0.  Program headers are dropped.  The output is
deterministic: same input, same bytes.
"""
import struct
import sys

EHDR = struct.Struct('<16sHHIQQQIHHHHHH')
SHDR = struct.Struct('<IIQQQQIIQQ')
SHT_NOBITS, SHT_SYMTAB, SHF_ALLOC = 8, 2, 0x2
KEEP_CONTENTS = (b'.notes', b'__kcrctab', b'__kcrctab_gpl')


def main(src, dst):
    data = open(src, 'rb').read()
    ehdr = list(EHDR.unpack_from(data, 0))
    shoff, shnum, shstrndx = ehdr[6], ehdr[12], ehdr[13]
    shdrs = [list(SHDR.unpack_from(data, shoff + i * SHDR.size)) for i in range(shnum)]
    symtab = next(i for i, sh in enumerate(shdrs) if sh[1] == SHT_SYMTAB)
    shstr = shdrs[shstrndx]
    names = [data[shstr[4] + sh[0]:data.index(b'\0', shstr[4] + sh[0])] for sh in shdrs]
    keep = (symtab, shdrs[symtab][6], shstrndx) + tuple(
        i for i, n in enumerate(names) if n in KEEP_CONTENTS and shdrs[i][1] != SHT_NOBITS)

    out = bytearray(EHDR.size)
    for i, sh in enumerate(shdrs):
        if i == 0:
            continue
        if i in keep:
            out.extend(b'\0' * (-len(out) % 8))
            blob = data[sh[4]:sh[4] + sh[5]]
            sh[4] = len(out)
            out.extend(blob)
        elif sh[2] & SHF_ALLOC:
            sh[1], sh[4] = SHT_NOBITS, 0
        else:
            sh[4], sh[5] = 0, 0
    out.extend(b'\0' * (-len(out) % 8))
    ehdr[5], ehdr[6] = 0, len(out)                  # no program headers; new e_shoff
    ehdr[9], ehdr[10] = 0, 0                        # e_phentsize, e_phnum
    out.extend(b''.join(SHDR.pack(*sh) for sh in shdrs))
    EHDR.pack_into(out, 0, *ehdr)
    open(dst, 'wb').write(out)


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__.split('\n\n')[1])
    main(*sys.argv[1:])
