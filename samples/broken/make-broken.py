#!/usr/bin/env python3
"""Derive deliberately broken livepatches from the samples (see samples/README.md, "Broken livepatches").

Each case changes one thing the 6.1 module loader or livepatch core checks (or fails to check) in a
working sample livepatch, and writes samples/broken/<case>.ko plus samples/broken/cases.tsv
(case, patch, candidate, check, change).  Standard library only; ELF64 little-endian inputs.

With --kernel SHORT (a kernel of samples/kernels/kernels.tsv other than 6.1, e.g. 6.12 or 7.3) the same
cases are derived from that kernel's samples (samples/kernels/<short>/seed/seed_lp1.ko and
samples/kernels/<short>/vmlinux/vmlinux_lp.ko, made by build.sh --kernel SHORT) and written to
samples/broken/<short>/<case>.ko and samples/broken/<short>/cases.tsv. The newer kernels have one case more with
no file of its own: this-module-size, whose patch is the 6.1 build seed/seed_lp1.ko itself (its struct module is
not theirs), after that kernel's foo v1.
Usage: samples/broken/make-broken.py [--kernel SHORT]
"""
import argparse
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.dirname(HERE)
SHF_RELA_LIVEPATCH = 0x00100000
SHN_LIVEPATCH = 0xff20
SIG_MAGIC = b"~Module signature appended~\n"


class Elf:
    def __init__(self, path):
        with open(os.path.join(SAMPLES, path), "rb") as f:
            self.b = bytearray(f.read())
        self.shoff, = struct.unpack_from("<Q", self.b, 0x28)
        self.shnum, self.shstrndx = struct.unpack_from("<HH", self.b, 0x3c)

    # section header fields: name type flags addr offset size link info align entsize
    FIELDS = {"name": (0, "I"), "type": (4, "I"), "flags": (8, "Q"), "addr": (16, "Q"), "offset": (24, "Q"),
              "size": (32, "Q"), "link": (40, "I"), "info": (44, "I"), "align": (48, "Q"), "entsize": (56, "Q")}

    def sh(self, i, field):
        off, fmt = self.FIELDS[field]
        return struct.unpack_from("<" + fmt, self.b, self.shoff + 64 * i + off)[0]

    def set_sh(self, i, field, value):
        off, fmt = self.FIELDS[field]
        struct.pack_into("<" + fmt, self.b, self.shoff + 64 * i + off, value)

    def cstr(self, at):
        return self.b[at:self.b.index(b"\0", at)].decode()

    def secname(self, i):
        return self.cstr(self.sh(self.shstrndx, "offset") + self.sh(i, "name"))

    def sec(self, name):
        for i in range(self.shnum):
            if self.secname(i) == name:
                return i
        raise KeyError(name)

    def klp_rela(self):
        return next(i for i in range(self.shnum) if self.secname(i).startswith(".klp.rela."))

    def symtab(self):
        return next(i for i in range(self.shnum) if self.sh(i, "type") == 2)

    def sym_at(self, idx):
        return self.sh(self.symtab(), "offset") + 24 * idx

    def sym_name(self, idx):
        strtab = self.sh(self.symtab(), "link")
        return self.cstr(self.sh(strtab, "offset") + struct.unpack_from("<I", self.b, self.sym_at(idx))[0])

    def sym(self, name):
        n = self.sh(self.symtab(), "size") // 24
        return next(i for i in range(n) if self.sym_name(i) == name)

    def add_string(self, table, s):
        """Copies string table `table` to the end of the file with `s` appended; returns s's offset."""
        old = bytes(self.b[self.sh(table, "offset"):self.sh(table, "offset") + self.sh(table, "size")])
        at = len(self.b)
        self.b += old + s.encode() + b"\0"
        self.set_sh(table, "offset", at)
        self.set_sh(table, "size", len(old) + len(s) + 1)
        return len(old)

    def rename_section(self, i, name):
        self.set_sh(i, "name", self.add_string(self.shstrndx, name))

    def rename_symbol(self, idx, name):
        off = self.add_string(self.sh(self.symtab(), "link"), name)
        struct.pack_into("<I", self.b, self.sym_at(idx), off)

    def rela(self, sec, n, field, value=None):
        """Reads or writes field offset/info/addend of relocation n of section sec."""
        at = self.sh(sec, "offset") + 24 * n + {"offset": 0, "info": 8, "addend": 16}[field]
        fmt = "<q" if field == "addend" else "<Q"
        if value is None:
            return struct.unpack_from(fmt, self.b, at)[0]
        struct.pack_into(fmt, self.b, at, value)

    def modinfo_replace(self, old, new):
        s = self.sec(".modinfo")
        lo, hi = self.sh(s, "offset"), self.sh(s, "offset") + self.sh(s, "size")
        at = self.b.index(old, lo, hi)
        assert len(old) == len(new)
        self.b[at:at + len(old)] = new

    def append_section(self, copy_of):
        """Writes the section header table again at the end of the file (8-aligned) with one more entry, a copy of
        section copy_of's header; e_shoff and e_shnum follow, nothing else moves (the old table stays, unused).
        Returns the new section's index."""
        old = bytes(self.b[self.shoff:self.shoff + 64 * self.shnum])
        self.b += b"\0" * (-len(self.b) % 8)
        at = len(self.b)
        self.b += old + old[64 * copy_of:64 * copy_of + 64]
        self.shoff, self.shnum = at, self.shnum + 1
        struct.pack_into("<Q", self.b, 0x28, self.shoff)
        struct.pack_into("<H", self.b, 0x3c, self.shnum)
        return self.shnum - 1

    def sign(self, sig_len, blob=b"", algo=0, hash_=0, id_type=2):
        """Appends a module signature trailer: blob, struct module_signature, magic."""
        self.b += blob + struct.pack(">BBBBB3xI", algo, hash_, id_type, 0, 0, sig_len) + SIG_MAGIC


SHF_ALLOC = 0x2
SHT_PROGBITS = 1
SEED = ("seed/seed_lp1.ko", "seed/v1/foo.ko")
SEED_61 = SEED
VML = ("vmlinux/vmlinux_lp.ko", "vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz")
LONG = "o" * 60


def kernel_row(short):
    """The row of samples/kernels/kernels.tsv for a kernel (by short name or release), as a dict."""
    with open(os.path.join(SAMPLES, "kernels", "kernels.tsv")) as f:
        lines = [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]
    for l in lines[1:]:
        if short in (l[0], l[1]):
            return dict(zip(lines[0], l))
    raise SystemExit("no kernel %r in samples/kernels/kernels.tsv" % short)


def bases(short):
    """(SEED, VML, output folder, patch path prefix) for a kernel; 6.1 is the top-level samples."""
    if short == "6.1":
        return SEED, VML, HERE, "broken/"
    k = kernel_row(short)
    top = "kernels/%s/" % k["short"]
    return ((top + "seed/seed_lp1.ko", top + "seed/v1/foo.ko"),
            (top + "vmlinux/vmlinux_lp.ko", top + "vmlinux/vmlinux-%s.symtab.xz" % k["release"]),
            os.path.join(HERE, k["short"]), "broken/%s/" % k["short"])


def cases(SEED=SEED, VML=VML, short="6.1"):
    """(case, base, check, change, edit(elf)); `change` may name {text_size}, the size of the section that
    klp relocation 0 applies to (it differs between kernels), or be a function of the unedited patch's Elf.
    edit None: no file of its own, the row names the base patch itself."""
    def c(name, base, check, change):
        def deco(f):
            out.append((name, base, check, change, f))
            return f
        return deco
    out = []

    @c("klp-info-none", SEED, "klp-section-info", ".klp.rela.foo..text: sh_info = e_shnum + 100")
    def _(e): e.set_sh(e.klp_rela(), "info", e.shnum + 100)

    @c("vmlinux-info-none", VML, "klp-section-info", ".klp.rela.vmlinux..text: sh_info = e_shnum + 100")
    def _(e): e.set_sh(e.klp_rela(), "info", e.shnum + 100)

    @c("klp-reloc-offset", SEED, "klp-reloc-offset", "klp relocation 0: r_offset = 0x1000000 (.text is {text_size} bytes)")
    def _(e): e.rela(e.klp_rela(), 0, "offset", 0x1000000)

    @c("vmlinux-reloc-offset", VML, "klp-reloc-offset", "klp relocation 0: r_offset = 0x1000000")
    def _(e): e.rela(e.klp_rela(), 0, "offset", 0x1000000)

    @c("klp-reloc-symbol", SEED, "klp-reloc-symbol", "klp relocation 0: symbol index 0x100000")
    def _(e):
        s = e.klp_rela()
        e.rela(s, 0, "info", (0x100000 << 32) | (e.rela(s, 0, "info") & 0xffffffff))

    @c("klp-reloc-type", SEED, "klp-reloc-type", "klp relocation 0: type 0xff (unknown on x86_64)")
    def _(e):
        s = e.klp_rela()
        e.rela(s, 0, "info", (e.rela(s, 0, "info") & ~0xffffffff) | 0xff)

    @c("klp-reloc-nonzero", SEED, "klp-reloc-target", "the 4 bytes at klp relocation 0's offset in .text set to 0x11")
    def _(e):
        s = e.klp_rela()
        at = e.sh(e.sh(s, "info"), "offset") + e.rela(s, 0, "offset")
        e.b[at:at + 4] = b"\x11\x11\x11\x11"

    @c("klp-section-flag", SEED, "klp-section-flag", ".klp.rela.foo..text without SHF_RELA_LIVEPATCH")
    def _(e):
        s = e.klp_rela()
        e.set_sh(s, "flags", e.sh(s, "flags") & ~SHF_RELA_LIVEPATCH)

    @c("klp-objname-long", SEED, "klp-section-objname", ".klp.rela.foo..text renamed .klp.rela.<60 x o>..text")
    def _(e): e.rename_section(e.klp_rela(), ".klp.rela.%s..text" % LONG)

    @c("klp-section-name", SEED, "klp-section-format", ".klp.rela.foo..text renamed .klp.rela..text (empty object name)")
    def _(e): e.rename_section(e.klp_rela(), ".klp.rela..text")

    @c("klp-sym-unmarked", SEED, "klp-sym-marked", ".klp.sym.foo.c,0: st_shndx SHN_UNDEF instead of SHN_LIVEPATCH")
    def _(e): struct.pack_into("<H", e.b, e.sym_at(e.sym(".klp.sym.foo.c,0")) + 6, 0)

    @c("livepatch-sym-name", SEED, "klp-sym-name", "klp_enable_patch (undefined, used by .rela.text): st_shndx = SHN_LIVEPATCH")
    def _(e): struct.pack_into("<H", e.b, e.sym_at(e.sym("klp_enable_patch")) + 6, SHN_LIVEPATCH)

    @c("klp-sym-format", SEED, "klp-sym-format", ".klp.sym.foo.c,0 renamed .klp.sym.foo.c (no sympos)")
    def _(e): e.rename_symbol(e.sym(".klp.sym.foo.c,0"), ".klp.sym.foo.c")

    @c("klp-sym-sympos", SEED, "klp-sym-format", ".klp.sym.foo.c,0 renamed .klp.sym.foo.c,x")
    def _(e): e.rename_symbol(e.sym(".klp.sym.foo.c,0"), ".klp.sym.foo.c,x")

    @c("klp-sym-objname-long", SEED, "klp-sym-format", ".klp.sym.foo.c,0 renamed .klp.sym.<60 x o>.c,0")
    def _(e): e.rename_symbol(e.sym(".klp.sym.foo.c,0"), ".klp.sym.%s.c,0" % LONG)

    @c("klp-sym-vmlinux", SEED, "module-vs-vmlinux-ref", ".klp.sym.foo.c,0 renamed .klp.sym.vmlinux.c,0")
    def _(e): e.rename_symbol(e.sym(".klp.sym.foo.c,0"), ".klp.sym.vmlinux.c,0")

    @c("modinfo-livepatch", SEED, "modinfo-livepatch", ".modinfo: livepatch=Y changed to livepatcH=Y")
    def _(e): e.modinfo_replace(b"livepatch=Y", b"livepatcH=Y")

    @c("modinfo-vermagic", SEED, "modinfo-vermagic", ".modinfo: vermagic's 'SMP' changed to 'SMQ'")
    def _(e): e.modinfo_replace(b"SMP preempt", b"SMQ preempt")

    @c("sig-length", SEED, "signature", "signature trailer whose sig_len (0x7fffffff) exceeds the file")
    def _(e): e.sign(0x7fffffff)

    @c("sig-params", SEED, "signature", "signature trailer with algo = 1 (must be 0 for PKCS#7)")
    def _(e): e.sign(16, b"\x30\x0e" + b"\0" * 14, algo=1)

    @c("sig-garbage", SEED, "signature", "signature trailer whose 16-byte PKCS#7 blob is not DER")
    def _(e): e.sign(16, b"\xaa" * 16)

    @c("sig-not-pkcs7", SEED, "signature", "signature trailer with id_type 0 (PGP), 16-byte blob")
    def _(e): e.sign(16, b"\xaa" * 16, id_type=0)

    @c("elf-type", SEED, "elf-header", "e_type = ET_DYN")
    def _(e): struct.pack_into("<H", e.b, 0x10, 3)

    @c("elf-machine", SEED, "elf-header", "e_machine = EM_386")
    def _(e): struct.pack_into("<H", e.b, 0x12, 3)

    @c("elf-class", SEED, "elf-ident", "EI_CLASS = ELFCLASS32 (the kernel never reads it)")
    def _(e): e.b[4] = 1

    @c("elf-data", SEED, "elf-ident", "EI_DATA = ELFDATA2MSB (the kernel never reads it)")
    def _(e): e.b[5] = 2

    @c("elf-section0", SEED, "elf-sections", "section 0: sh_size = 16")
    def _(e): e.set_sh(0, "size", 16)

    @c("elf-shstrtab-nul", SEED, "elf-sections", ".shstrtab's last byte not NUL")
    def _(e):
        s = e.shstrndx
        e.b[e.sh(s, "offset") + e.sh(s, "size") - 1] = ord("x")

    @c("elf-symtab-link", SEED, "elf-sections", ".symtab: sh_link = 0")
    def _(e): e.set_sh(e.symtab(), "link", 0)

    @c("elf-alloc-name", SEED, "elf-sections", ".modinfo (SHF_ALLOC): sh_name beyond .shstrtab")
    def _(e): e.set_sh(e.sec(".modinfo"), "name", 0x10000)

    @c("elf-nonalloc-name", SEED, "elf-sections", ".comment (not SHF_ALLOC): sh_name beyond .shstrtab")
    def _(e): e.set_sh(e.sec(".comment"), "name", 0x10000)

    @c("elf-entsize", SEED, "elf-entsize", ".klp.rela.foo..text and .symtab: sh_entsize = 0")
    def _(e):
        e.set_sh(e.klp_rela(), "entsize", 0)
        e.set_sh(e.symtab(), "entsize", 0)

    @c("elf-rela-link", SEED, "elf-sections", ".comment: sh_link = 0x7fff (the kernel reads no sh_link but .symtab's)")
    def _(e): e.set_sh(e.sec(".comment"), "link", 0x7fff)

    @c("elf-symtab-second", SEED, "elf-sections", "a second SHT_SYMTAB: a copy of .symtab's section header (same sh_name, "
       "offset, size, link, info) appended as the last section (section header table rewritten at the end of the "
       "file with e_shnum + 1; nothing else moves)")
    def _(e): e.append_section(e.symtab())

    @c("modinfo-second", SEED, "elf-sections", "a second .modinfo: a copy of .modinfo's section header without SHF_ALLOC "
       "appended as the last section (section header table rewritten at the end of the file with e_shnum + 1)")
    def _(e):
        i = e.append_section(e.sec(".modinfo"))
        e.set_sh(i, "flags", e.sh(i, "flags") & ~SHF_ALLOC)

    @c("this-module-noalloc", SEED, "elf-sections", ".gnu.linkonce.this_module without SHF_ALLOC")
    def _(e):
        i = e.sec(".gnu.linkonce.this_module")
        e.set_sh(i, "flags", e.sh(i, "flags") & ~SHF_ALLOC)

    def modinfo_symbol(e):
        """The first symbol defined in .modinfo: a __UNIQUE_ID_ string marker no relocation uses (the samples
        have no STT_FILE symbol: stripped)."""
        n, m = e.sh(e.symtab(), "size") // 24, e.sec(".modinfo")
        return next(i for i in range(n) if struct.unpack_from("<H", e.b, e.sym_at(i) + 6)[0] == m)

    def strtab_size(e):
        return e.sh(e.sh(e.symtab(), "link"), "size")

    @c("strtab-name-range", SEED, "elf-strtab",
       lambda e: "%s (the first symbol defined in .modinfo; no relocation uses it): st_name = .strtab size (0x%x) "
                 "+ 0x100000" % (e.sym_name(modinfo_symbol(e)), strtab_size(e)))
    def _(e): struct.pack_into("<I", e.b, e.sym_at(modinfo_symbol(e)), strtab_size(e) + 0x100000)

    @c("shstrtab-type", SEED, "elf-sections", ".shstrtab: sh_type = SHT_PROGBITS (1)")
    def _(e): e.set_sh(e.shstrndx, "type", SHT_PROGBITS)

    @c("strtab-leading-nul", SEED, "elf-strtab", ".strtab (the symbol string table): first byte 'X' instead of NUL")
    def _(e): e.b[e.sh(e.sh(e.symtab(), "link"), "offset")] = ord("X")

    @c("bss-name", SEED, "elf-sections", ".bss (SHT_NOBITS, SHF_ALLOC): sh_name = 0x10000 (beyond .shstrtab)")
    def _(e): e.set_sh(e.sec(".bss"), "name", 0x10000)

    @c("sym-shndx-range", SEED, "elf-symbols",
       lambda e: "%s (the first symbol defined in .modinfo; no relocation uses it): st_shndx = e_shnum + 100 (%d), "
                 "not a special index" % (e.sym_name(modinfo_symbol(e)), e.shnum + 100))
    def _(e): struct.pack_into("<H", e.b, e.sym_at(modinfo_symbol(e)) + 6, e.shnum + 100)

    @c("strtab-trailing-nul", SEED, "elf-strtab",
       lambda e: ".strtab (the symbol string table): last byte 'X' instead of NUL (it ends the name of %s)"
                 % last_named(e))
    def _(e):
        t = e.sh(e.symtab(), "link")
        e.b[e.sh(t, "offset") + e.sh(t, "size") - 1] = ord("X")

    def last_named(e):
        """The symbol whose name ends the string table (read before the edit)."""
        t = e.sh(e.symtab(), "link")
        end = e.sh(t, "size") - 1
        n = e.sh(e.symtab(), "size") // 24
        return next(e.sym_name(i) for i in range(1, n)
                    if struct.unpack_from("<I", e.b, e.sym_at(i))[0] + len(e.sym_name(i)) == end)

    if short != "6.1":
        def module_size(path):
            m = Elf(path)
            return m.sh(m.sec(".gnu.linkonce.this_module"), "size")

        # no file of its own (edit None): the row's patch is the 6.1 build itself, loaded on this kernel
        out.append(("this-module-size", (SEED_61[0], SEED[1]), "this-module-size",
                    lambda e: "no file of its own: 6.1's %s (.gnu.linkonce.this_module 0x%x bytes) after this kernel's "
                              "%s (0x%x bytes: this kernel's struct module)" % (
                                  SEED_61[0], module_size(SEED_61[0]), SEED[1], module_size(SEED[1])),
                    None))

    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kernel", default="6.1", help="kernel of samples/kernels/kernels.tsv (default 6.1)")
    args = ap.parse_args()
    seed, vml, out, prefix = bases(args.kernel)
    short = "6.1" if args.kernel == "6.1" else kernel_row(args.kernel)["short"]
    os.makedirs(out, exist_ok=True)
    rows = []
    for name, (patch, cand), check, change, edit in cases(seed, vml, short):
        e = Elf(patch)
        s = e.klp_rela()
        if callable(change):
            change = change(e)
        else:
            change = change.format(text_size="0x%x" % e.sh(e.sh(s, "info"), "size"))
        if edit is None:
            rows.append((name, patch, cand, check, change))
            continue
        edit(e)
        with open(os.path.join(out, name + ".ko"), "wb") as f:
            f.write(e.b)
        rows.append((name, "%s%s.ko" % (prefix, name), cand, check, change))
    with open(os.path.join(out, "cases.tsv"), "w") as f:
        f.write("case\tpatch\tcandidate\tcheck\tchange\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    made = sum(1 for r in rows if r[1].startswith(prefix))
    print("wrote %d broken livepatches and %d cases to %s" % (made, len(rows), out))


if __name__ == "__main__":
    main()
