#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""klp-convert.py - turn a kbuild-built livepatch module into a real one.

Usage: klp-convert.py SPEC IN.ko OUT.ko

IN.ko is a livepatch module built with KBUILD_MODPOST_WARN=1: the symbols of
its targets that are not exported are still undefined (SHN_UNDEF), and
loading it as is fails with "Unknown symbol".  SPEC says where each of them
lives, one line per symbol ('#' starts a comment):

    <name in the patch> <object> <sympos> [<name in the object>]

    b                 foo      0
    helper_second     foo      2   helper
    some_static       vmlinux  2

<object> is the runtime module name (dashes become underscores, as the
kernel does) or "vmlinux".  The optional last column lets a patch reach two
same-named statics (two C declarations cannot share one name).

What the 6.1 kernel needs (kernel/livepatch/core.c, klp_resolve_symbols and
klp_write_section_relocs; Documentation/livepatch/module-elf-format.rst):
  * relocations against those symbols live in SHT_RELA sections named
    .klp.rela.<object>.<target section> (so ".klp.rela.foo..text"), flagged
    SHF_ALLOC|SHF_INFO_LINK|SHF_RELA_LIVEPATCH, with the same sh_link/sh_info
    as the .rela.X they came from; one section per (object, target section),
    because a module object's section may reference only that object;
  * every symbol they reference is named .klp.sym.<object>.<name>,<sympos>
    and has st_shndx = SHN_LIVEPATCH.
Relocations refer to symbols by index and sections refer to sections by
index, so nothing is reordered: the symbol table is patched in place and
the new sections, string tables and section header table are appended at
the end of the file.  Run it after `strip --strip-debug` (BFD's strip does
not know SHN_LIVEPATCH and treats allocated RELA sections as dynamic ones).

__versions: modpost writes an entry only for symbols it resolved against a
Module.symvers, so a symbol that is not exported has none.  If a converted
name has one anyway (it is also exported somewhere), the entry is removed:
in 6.1 check_version() only runs for symbols resolved as ordinary SHN_UNDEF
ones (simplify_symbols -> resolve_symbol), so a stale entry would be
harmless, but it would mislead a reader (or an inspector) into thinking the
symbol is modversions-checked.  .modinfo depends= is left as modpost wrote
it: it only lists modules that resolved an ordinary undefined symbol, which
a converted symbol is not (a warning is printed when that might be wrong).
"""
import struct
import sys

SHT_SYMTAB, SHT_RELA = 2, 4
SHF_ALLOC, SHF_INFO_LINK, SHF_RELA_LIVEPATCH = 0x2, 0x40, 0x00100000
SHN_UNDEF, SHN_LIVEPATCH = 0, 0xff20
MODULE_NAME_LEN = 56                      # 64 - sizeof(unsigned long)

EHDR = struct.Struct('<16sHHIQQQIHHHHHH')
SHDR = struct.Struct('<IIQQQQIIQQ')       # name type flags addr off size link info align entsize
SYM = struct.Struct('<IBBHQQ')            # name info other shndx value size
RELA = struct.Struct('<QQq')              # offset info addend
VERSION = struct.Struct('<Q%ds' % MODULE_NAME_LEN)


def die(msg):
    sys.exit('klp-convert: error: ' + msg)


def read_spec(path):
    """Return {name in patch: (object, sympos, name in object)}."""
    spec = {}
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            words = line.split('#', 1)[0].split()
            if not words:
                continue
            if len(words) not in (3, 4) or not words[2].isdigit():
                die('%s:%d: expected "<name> <object> <sympos> [<target name>]"' % (path, lineno))
            obj = words[1].replace('-', '_')      # runtime module name
            if '.' in obj or len(obj) >= MODULE_NAME_LEN:
                die('%s:%d: bad object name %r' % (path, lineno, obj))
            target = words[3] if len(words) == 4 else words[0]
            if ',' in target:
                die('%s:%d: symbol names cannot contain ","' % (path, lineno))
            spec[words[0]] = (obj, int(words[2]), target)
    return spec


def cstr(table, off):
    return table[off:table.index(b'\0', off)].decode()


def main(spec_path, in_path, out_path):
    spec = read_spec(spec_path)
    data = bytearray(open(in_path, 'rb').read())
    ehdr = list(EHDR.unpack_from(data, 0))
    if ehdr[0][:4] != b'\x7fELF' or ehdr[0][4] != 2 or ehdr[0][5] != 1:
        die('%s: not a little-endian ELF64 file' % in_path)
    e_shoff, e_shnum, e_shstrndx = ehdr[6], ehdr[12], ehdr[13]
    shdrs = [list(SHDR.unpack_from(data, e_shoff + i * SHDR.size)) for i in range(e_shnum)]
    shstr = bytes(data[shdrs[e_shstrndx][4]:][:shdrs[e_shstrndx][5]])
    names = [cstr(shstr, sh[0]) for sh in shdrs]

    symtab_idx = next(i for i, sh in enumerate(shdrs) if sh[1] == SHT_SYMTAB)
    symtab, strtab_idx = shdrs[symtab_idx], shdrs[symtab_idx][6]
    strtab = bytes(data[shdrs[strtab_idx][4]:][:shdrs[strtab_idx][5]])
    new_strtab = bytearray(strtab)

    # 1. Rename the undefined symbols named in the spec, in place (same index).
    sym_obj = {}                      # symbol index -> object name
    converted = set()
    for idx in range(symtab[5] // SYM.size):
        off = symtab[4] + idx * SYM.size
        st_name, st_info, st_other, st_shndx, st_value, st_size = SYM.unpack_from(data, off)
        name = cstr(strtab, st_name)
        if st_shndx != SHN_UNDEF or name not in spec:
            continue
        obj, pos, target = spec[name]
        klp_name = '.klp.sym.%s.%s,%d' % (obj, target, pos)
        st_name = len(new_strtab)
        new_strtab += klp_name.encode() + b'\0'
        # Keep st_info (binding/type): the kernel does not look at it.
        SYM.pack_into(data, off, st_name, st_info, st_other, SHN_LIVEPATCH, 0, 0)
        sym_obj[idx] = obj
        converted.add(name)
        print('klp-convert: %s -> %s' % (name, klp_name))
    for name in sorted(set(spec) - converted):
        die('%s: no undefined symbol %r (spec entry unused)' % (in_path, name))

    # 2. Move relocations against those symbols into .klp.rela.<obj>.<sec>.
    new_secs = []                     # (name, payload, template shdr)
    for i, sh in enumerate(shdrs):
        if sh[1] != SHT_RELA or sh[6] != symtab_idx or sh[2] & SHF_RELA_LIVEPATCH:
            continue
        keep, moved = bytearray(), {}
        for r in range(sh[5] // RELA.size):
            raw = data[sh[4] + r * RELA.size:][:RELA.size]
            obj = sym_obj.get(RELA.unpack(raw)[1] >> 32)
            if obj is None:
                keep += raw
            else:
                moved.setdefault(obj, bytearray()).extend(raw)
        if not moved:
            continue
        target = sh[7]                # sh_info: the section being relocated
        if not shdrs[target][2] & SHF_ALLOC:
            die('%s: relocation to a target symbol from non-allocated section %s'
                % (in_path, names[target]))
        # Shrink .rela.X in place; the bytes left over are never looked at.
        data[sh[4]:sh[4] + len(keep)] = keep
        sh[5] = len(keep)
        for obj in sorted(moved):
            # Section name keeps the target's leading dot: ".klp.rela.foo..text".
            new_secs.append(('.klp.rela.%s.%s' % (obj, names[target]), moved[obj], sh))
    if not new_secs:
        die('%s: no relocation references a converted symbol' % in_path)

    # 3. Drop __versions entries of converted names (see the docstring).
    if '__versions' in names:
        ver = shdrs[names.index('__versions')]
        entries = [data[ver[4] + k:][:VERSION.size] for k in range(0, ver[5], VERSION.size)]
        kept = [e for e in entries
                if VERSION.unpack(e)[1].split(b'\0', 1)[0].decode() not in converted]
        if len(kept) != len(entries):
            print('klp-convert: warning: dropped %d __versions entries; check .modinfo depends='
                  % (len(entries) - len(kept)))
            data[ver[4]:ver[4] + ver[5]] = b''.join(kept).ljust(ver[5], b'\0')
            ver[5] = len(kept) * VERSION.size

    # 4. Append: new .strtab, new .shstrtab, the new RELA sections, and a new
    #    section header table. The old copies stay in the file, unreferenced.
    def append(blob, align=8):
        data.extend(b'\0' * (-len(data) % align))
        off = len(data)
        data.extend(blob)
        return off

    shdrs[strtab_idx][4] = append(new_strtab, 1)
    shdrs[strtab_idx][5] = len(new_strtab)
    new_shstr = bytearray(shstr)
    for name, payload, rela in new_secs:
        name_off = len(new_shstr)
        new_shstr += name.encode() + b'\0'
        flags = SHF_ALLOC | SHF_INFO_LINK | SHF_RELA_LIVEPATCH
        shdrs.append([name_off, SHT_RELA, flags, 0, 0, len(payload),
                      rela[6], rela[7], 8, RELA.size])
        shdrs[-1][4] = append(payload)
        print('klp-convert: %s: %d relocation(s)' % (name, len(payload) // RELA.size))
    shdrs[e_shstrndx][4] = append(new_shstr, 1)
    shdrs[e_shstrndx][5] = len(new_shstr)
    ehdr[6] = append(b''.join(SHDR.pack(*sh) for sh in shdrs))
    ehdr[12] = len(shdrs)
    EHDR.pack_into(data, 0, *ehdr)
    with open(out_path, 'wb') as f:
        f.write(data)


if __name__ == '__main__':
    if len(sys.argv) != 4:
        sys.exit(__doc__.split('\n\n')[1])
    main(*sys.argv[1:])
