#!/usr/bin/env python3
"""Rewrite a module's license= in .modinfo, in place: relicense.py LICENSE MODULE.ko

modpost refuses to finish a GPL-incompatible module that uses GPL-only symbols (scripts/mod/modpost.c,
"GPL-incompatible module %s.ko uses GPL-only symbol '%s'", an error whatever KBUILD_MODPOST_WARN says), and every
livepatch uses klp_enable_patch (EXPORT_SYMBOL_GPL). A non-GPL livepatch, which the kernel must see to refuse, is
therefore built as "GPL" and relicensed here: the string "license=<old>" is overwritten with "license=<new>" and
NUL-padded to the old length (the kernel's get_next_modinfo() skips empty strings), so no offset in the file
changes. The new license may not be longer than the old one. Standard library only.
"""
import struct
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: relicense.py LICENSE MODULE.ko")
    new, path = sys.argv[1].encode(), sys.argv[2]
    with open(path, "rb") as f:
        data = bytearray(f.read())
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit("%s: not an ELF64 little-endian file" % path)
    e_shoff, = struct.unpack_from("<Q", data, 0x28)
    e_shentsize, e_shnum, e_shstrndx = struct.unpack_from("<HHH", data, 0x3a)
    shdrs = [struct.unpack_from("<IIQQQQIIQQ", data, e_shoff + i * e_shentsize) for i in range(e_shnum)]
    stroff = shdrs[e_shstrndx][4]
    hits = 0
    for sh in shdrs:
        name = bytes(data[stroff + sh[0]:data.index(b"\0", stroff + sh[0])])
        if name != b".modinfo":
            continue
        off, size = sh[4], sh[5]
        at = off
        while at < off + size:
            end = data.index(b"\0", at)
            if data[at:end].startswith(b"license="):
                old = data[at + len(b"license="):end]
                if len(new) > len(old):
                    sys.exit("%s: license %r is longer than %r" % (path, new.decode(), old.decode()))
                data[at + len(b"license="):end] = new + b"\0" * (len(old) - len(new))
                hits += 1
            at = end + 1
    if hits != 1:
        sys.exit("%s: %d license= entries in .modinfo, expected 1" % (path, hits))
    with open(path, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
