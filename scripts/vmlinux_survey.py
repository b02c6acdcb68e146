#!/usr/bin/env python3
"""vmlinux field survey: an oracle independent of klpscope's own code (issue 11, item 10).

  vmlinux_survey.py extract VMLINUX OUTDIR      per build: functions' normalised code, same-name statics
  vmlinux_survey.py pair OUTDIR_A OUTDIR_B OUT  per pair: same.tsv, differ.tsv, shifted.tsv, stable.tsv
  vmlinux_survey.py relocs VMLINUX_A VMLINUX_B PAIRDIR N   cross-check N functions of same.tsv by relocations

The oracle reads `objdump -d` (streamed, never held whole) and the ELF section and symbol tables itself (no
klpscope code): every address an instruction carries is replaced by what it reaches. Relocations only hint which
small operands are per-CPU addresses and which of several symbols sharing an address the code meant.
docs/real-kernels.md ("vmlinux field survey") describes the normalisation; `Normaliser` says it rule by rule.
"""
import bisect
import gzip
import hashlib
import mmap
import os
import re
import struct
import subprocess
import sys
from collections import defaultdict

STT_NOTYPE, STT_OBJECT, STT_FUNC, STT_SECTION, STT_FILE = 0, 1, 2, 3, 4
STB_LOCAL = 0
SHF_ALLOC, SHF_EXECINSTR = 0x2, 0x4
SHN_LORESERVE = 0xff00
# is_ignored_symbol() in scripts/kallsyms.c (6.1): names kallsyms never holds, so never counted for sympos (the
# arm64/arm/mips linker-thunk prefixes of that list cannot occur in an x86-64 vmlinux)
KALLSYMS_IGNORED_PREFIXES = ("$", ".L", "__crc_", "__efistub_", "__kvm_nvhe_$", "__kvm_nvhe_.L")
KALLSYMS_IGNORED_NAMES = {"kallsyms_addresses", "kallsyms_offsets", "kallsyms_relative_base", "kallsyms_num_syms",
                          "kallsyms_names", "kallsyms_markers", "kallsyms_token_table", "kallsyms_token_index",
                          "_SDA_BASE_", "_SDA2_BASE_"}
NUMBERED = re.compile(r"(\.\d+)+$")
UNIQUE_ID = re.compile(r"^(__UNIQUE_ID_.*?)\d+$|^(__BTF_ID__.*__)\d+$")


def stem(name):
    """Compiler-numbered locals (`__func__.5`, `__already_done.26`, `foo.constprop.0`, `__UNIQUE_ID_ddebug508`,
    `__BTF_ID__struct__sock__148911620`: line and counter) by their stem."""
    return UNIQUE_ID.sub(lambda m: m.group(1) or m.group(2), NUMBERED.sub("", name))


class Elf:
    """The little of ELF64 little-endian the survey needs: sections, symbols (with their STT_FILE unit), bytes."""

    def __init__(self, path):
        self.path = path
        f = open(path, "rb")
        self.map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        m = self.map
        if m[:4] != b"\x7fELF" or m[4] != 2 or m[5] != 1:
            raise SystemExit(f"{path}: not a little-endian ELF64 file")
        shoff, = struct.unpack_from("<Q", m, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", m, 0x3a)
        raw = [struct.unpack_from("<IIQQQQIIQQ", m, shoff + i * shentsize) for i in range(shnum)]
        names = raw[shstrndx]
        self.sections = []
        for (name, typ, flags, addr, off, size, link, info, align, entsize) in raw:
            n = m[names[4] + name:m.find(b"\0", names[4] + name)].decode()
            self.sections.append(dict(name=n, type=typ, flags=flags, addr=addr, off=off, size=size, link=link,
                                      info=info))
        symtab = next(s for s in self.sections if s["type"] == 2)
        strtab = self.sections[symtab["link"]]
        self.symbols = []  # (index, name, value, size, type, bind, shndx, unit_index)
        unit = -1
        self.units = []  # STT_FILE names in symtab order
        for i in range(symtab["size"] // 24):
            st_name, st_info, st_other, st_shndx, st_value, st_size = struct.unpack_from(
                "<IBBHQQ", m, symtab["off"] + i * 24)
            start = strtab["off"] + st_name
            name = m[start:m.find(b"\0", start)].decode("utf-8", "replace")
            typ, bind = st_info & 0xf, st_info >> 4
            if typ == STT_FILE:
                unit = len(self.units)
                self.units.append(name)
                continue
            if bind != STB_LOCAL:
                unit = -1  # globals follow all locals: they belong to no STT_FILE
            self.symbols.append((i, name, st_value, st_size, typ, bind, st_shndx, unit))

    def section_of(self, addr):
        for i, s in enumerate(self.sections):
            if s["flags"] & SHF_ALLOC and s["addr"] <= addr < s["addr"] + s["size"]:
                return i
        return None

    def read(self, addr, n):
        i = self.section_of(addr)
        if i is None or self.sections[i]["type"] == 8:  # NOBITS
            return None
        s = self.sections[i]
        off = s["off"] + addr - s["addr"]
        return bytes(self.map[off:off + min(n, s["addr"] + s["size"] - addr)])

    def kallsyms_visible(self, sym):
        _, name, _, _, typ, _, shndx, _ = sym
        if not name or shndx == 0 or shndx >= SHN_LORESERVE or shndx >= len(self.sections):
            return False
        if typ in (STT_SECTION, STT_FILE) or name.startswith(KALLSYMS_IGNORED_PREFIXES) \
                or name in KALLSYMS_IGNORED_NAMES:
            return False
        return bool(self.sections[shndx]["flags"] & SHF_ALLOC)


class Namer:
    """Names an address: exact symbol, inside a sized symbol, a string literal by its bytes, else nearest label."""

    def __init__(self, elf):
        self.elf = elf
        # what kallsyms holds, plus the names it leaves out only because they vary between link passes; local
        # labels (.L*) are named by what they reach instead
        named = [s for s in elf.symbols if elf.kallsyms_visible(s) or s[1] in KALLSYMS_IGNORED_NAMES]
        # preference at one address: sized FUNC/OBJECT first, then by stem (deterministic across builds)
        def rank(s):
            return (0 if s[4] in (STT_FUNC, STT_OBJECT) and s[3] > 0 else 1, stem(s[1]), s[1])
        best = {}
        for s in named:
            cur = best.get(s[2])
            if cur is None or rank(s) < rank(cur):
                best[s[2]] = s
        self.best = best
        self.labels = sorted(best)
        sized = sorted((s for s in named if s[3] > 0 and s[4] in (STT_FUNC, STT_OBJECT)), key=lambda s: (s[2], -s[3]))
        self.sized_start = [s[2] for s in sized]
        self.function_sections = {s[6] for s in sized if s[4] == STT_FUNC}
        self.sized = sized
        self.percpu = next((i for i, s in enumerate(elf.sections) if s["name"] == ".data..percpu"), None)
        self.kernel_ranges = sorted((s["addr"], s["addr"] + s["size"]) for s in elf.sections
                                    if s["flags"] & SHF_ALLOC and s["addr"] >= 0xffffffff80000000)
        self.exact = {a: self.display(s) for a, s in best.items()}
        self.aliases = defaultdict(int)
        self.by_name = {}
        for s in named:
            self.aliases[s[2]] += 1
            self.by_name.setdefault(s[1], s)
        self.cache = {}

    def pointer(self, w):
        """A pointer inside an object's contents, by the symbol it reaches (no contents of that one: no cycles)."""
        s = self.best.get(w)
        if s is not None:
            return stem(s[1])
        i = bisect.bisect_right(self.sized_start, w) - 1
        for j in range(i, max(-1, i - 8), -1):
            s = self.sized[j]
            if s[2] <= w < s[2] + s[3]:
                return f"{stem(s[1])}+{w - s[2]:#x}"
        data = self.elf.read(w, 256)
        end = data.find(b"\0") if data else -1
        return repr(data[:end]) if end >= 0 else f"{w:#x}"

    def contents(self, data):
        """An object's bytes with every 8-byte word that is a kernel address replaced by what it reaches."""
        out = []
        for i in range(0, len(data) - len(data) % 8, 8):
            w = int.from_bytes(data[i:i + 8], "little")
            out.append(self.pointer(w) if self.in_kernel(w) else data[i:i + 8].hex())
        out.append(data[len(data) - len(data) % 8:].hex())
        return "|".join(out).encode()

    def shared(self, v):
        """Whether several kallsyms names share address v (the only case a relocation's choice matters)."""
        return self.aliases.get(v, 1) > 1

    def display_name(self, name, value):
        """A relocation's symbol by name, or by what it reaches where it has none of its own (.L labels)."""
        s = self.by_name.get(name)
        return self.display(s) if s is not None else self.name(value)

    def display(self, s):
        """A function by its full name (`foo.constprop.0` and `.1` are different clones); a compiler-numbered
        object by its stem, and if read-only by its contents too (`__func__.5` is the string it holds)."""
        name = s[1]
        if s[4] == STT_FUNC or stem(name) == name:
            return name
        if name.startswith("__BTF_ID__"):  # a BTF type id, filled in per build by resolve_btfids: its name says it
            return stem(name)
        sec = self.elf.sections[s[6]]
        # data the kernel writes (.data, .bss, __dyndbg): its role, not its bytes. vmlinux's .rodata is flagged
        # writable (it holds __ro_after_init data), so read-only is told by name there.
        read_only = not sec["flags"] & 0x1 or sec["name"].startswith(".rodata")
        if not read_only or sec["type"] == 8 or s[3] == 0:
            return stem(name)
        data = self.elf.read(s[2], min(s[3], 4096)) or b""
        return stem(name) + "=" + hashlib.sha1(self.contents(data)).hexdigest()[:10]

    def in_kernel(self, v):
        if v >= 0xffffffff80000000 and v in self.best:  # __end_rodata etc.: past the last section
            return True
        i = bisect.bisect_right(self.kernel_ranges, (v, 1 << 64)) - 1
        return i >= 0 and self.kernel_ranges[i][0] <= v <= self.kernel_ranges[i][1]

    def name(self, v):
        r = self.cache.get(v)
        if r is None:
            r = self.cache[v] = self._name(v)
        return r

    def _name(self, v):
        if v in self.exact:
            return self.exact[v]
        i = bisect.bisect_right(self.sized_start, v) - 1
        # the innermost sized symbol containing v (a few steps back cover nested objects)
        for j in range(i, max(-1, i - 8), -1):
            s = self.sized[j]
            if s[2] <= v < s[2] + s[3]:
                return f"{self.display(s)}+{v - s[2]:#x}"
        sec = self.elf.section_of(v)
        if sec is not None and self.elf.sections[sec]["flags"] & SHF_EXECINSTR:
            s = self.elf.sections[sec]
            i = bisect.bisect_right(self.labels, v) - 1
            if sec in self.function_sections and i >= 0 and self.labels[i] >= s["addr"]:  # past a function's end
                return f"{self.exact[self.labels[i]]}+{v - self.labels[i]:#x}"
            return "code-in:" + s["name"]  # .altinstr_aux has no symbols: its stubs follow from the ALT tag
        data = self.elf.read(v, 256)
        if data:
            end = data.find(b"\0")
            if end >= 0 and all(32 <= b < 127 or b in (9, 10, 1) for b in data[:end]):
                return "str:" + repr(data[:end].decode("ascii"))
            return "data:" + data[:16].hex()  # anonymous data by its contents, never by its address
        i = bisect.bisect_right(self.labels, v) - 1
        return f"{self.exact[self.labels[i]]}+{v - self.labels[i]:#x}" if i >= 0 else f"{v:#x}"

    def percpu_name(self, v):
        return "percpu:" + self.name(v) if self.percpu is not None else f"{v:#x}"


def relocation_hints(elf):
    """Code offset → what an --emit-relocs relocation says the field refers to, used only to pick a name where the
    address alone cannot: ("percpu", value) for an absolute relocation against a per-CPU symbol (per-CPU addresses
    are small numbers, indistinguishable from constants by value), ("symbol", value, name) for one against a named
    symbol (several symbols can share an address, e.g. `__indirect_thunk_start` and `__x86_indirect_thunk_rax` in
    one build but not the next: the name is the one the code was built against). The address is still what
    objdump computed; a hint only names it when the relocated symbol's value is that address.
    """
    percpu = next((i for i, s in enumerate(elf.sections) if s["name"] == ".data..percpu"), None)
    by_index = {sym[0]: sym for sym in elf.symbols}
    hints = {}
    for off, typ, value, addend, shndx, index in code_relocations(elf):
        if shndx == percpu and typ in (1, 10, 11):  # R_X86_64_64, _32, _32S
            hints[off] = ("percpu", (value + addend) & 0xffffffff)
            continue
        sym = by_index.get(index)
        if sym is not None and sym[1] and sym[4] != STT_SECTION and shndx != percpu:
            hints[off] = ("symbol", value, sym[1])
    return hints


def site_lists(elf, namer):
    """Address → tags from the kernel's patch-site lists (what the kernel rewrites at boot)."""
    tags = defaultdict(list)
    m = elf.map
    sym = {s[1]: s[2] for s in elf.symbols if s[5] != STB_LOCAL or s[1].startswith("__")}

    def section(name):
        return next((s for s in elf.sections if s["name"] == name), None)

    def off_of(addr):
        s = elf.sections[elf.section_of(addr)]
        return s["off"] + addr - s["addr"]

    def rel32_list(name, tag):
        s = section(name)
        if s:
            for k in range(s["size"] // 4):
                d, = struct.unpack_from("<i", m, s["off"] + 4 * k)
                tags[(s["addr"] + 4 * k + d) & (2**64 - 1)].append(tag)

    rel32_list(".retpoline_sites", "RETPOLINE")
    rel32_list(".return_sites", "RETURN")
    rel32_list(".smp_locks", "LOCK")
    s = section(".altinstructions")  # struct alt_instr (6.1): s32 instr, s32 repl, u16 cpuid, u8 len, u8 replen
    if s:
        for k in range(s["size"] // 12):
            a = s["addr"] + 12 * k
            instr, repl, cpuid, ln, rln = struct.unpack_from("<iiHBB", m, s["off"] + 12 * k)
            tags[a + instr].append(f"ALT cpuid={cpuid:#x} len={ln} replen={rln}")
    s = section(".parainstructions")  # struct paravirt_patch_site: u8 *instr, u8 type, u8 len (16 bytes)
    if s:
        for k in range(s["size"] // 16):
            instr, typ, ln = struct.unpack_from("<QBB", m, s["off"] + 16 * k)
            tags[instr].append(f"PARAVIRT type={typ} len={ln}")
    if "__start_mcount_loc" in sym:
        a, b = sym["__start_mcount_loc"], sym["__stop_mcount_loc"]
        o = off_of(a)
        for k in range((b - a) // 8):
            tags[struct.unpack_from("<Q", m, o + 8 * k)[0]].append("MCOUNT")
    if "__start_static_call_sites" in sym:  # struct static_call_site: s32 addr, s32 key (low bits: flags)
        a, b = sym["__start_static_call_sites"], sym["__stop_static_call_sites"]
        o = off_of(a)
        for k in range((b - a) // 8):
            d, key = struct.unpack_from("<ii", m, o + 8 * k)
            e = a + 8 * k
            tags[e + d].append(f"STATIC_CALL {namer.name(e + 4 + (key & ~3))} flags={key & 3}")
    if "__start___jump_table" in sym:  # struct jump_entry: s32 code, s32 target, long key (low bits: flags)
        a, b = sym["__start___jump_table"], sym["__stop___jump_table"]
        o = off_of(a)
        for k in range((b - a) // 16):
            code, target, key = struct.unpack_from("<iiq", m, o + 16 * k)
            e = a + 16 * k
            site = e + code
            tags[site].append(("JUMP_LABEL", e + 4 + target, namer.name((e + 8 + (key & ~3)) & (2**64 - 1)), key & 3))
    return tags


INSN = re.compile(r"^ *([0-9a-f]+):\t(.*)$")
BRANCH_TARGET = re.compile(r"^([0-9a-f]+) <[^>]*>$")
COMMENT_ADDR = re.compile(r"^\s*([0-9a-f]+)")
OPERAND = re.compile(r"(%gs:)?(-?0x[0-9a-f]+)\(%rip\)|%gs:(0x[0-9a-f]+)|(\$?)(-?)0x([0-9a-f]+)")
PREFIXES = ("notrack", "bnd", "lock", "rep", "repz", "repnz", "repe", "repne", "data16", "cs", "ds")
BRANCHES = ("call", "jmp", "loop", "jrcxz", "jecxz", "xbegin") + tuple(
    "j" + c for c in "a ae b be c e g ge l le na nae nb nbe nc ne ng nge nl nle no np ns nz o p pe po s z".split())


class Normaliser:
    """One instruction of objdump's text -> the instruction with every address replaced by what it reaches.

    Rules (documented in docs/real-kernels.md):
      1. objdump's own `<sym+off>` annotations are dropped: they are computed against whatever symbol precedes the
         address, which is not the same one in two builds. Only the addresses objdump computed are kept.
      2. A direct call/jmp/Jcc target, a RIP-relative operand (objdump's computed address), a `%gs:` per-CPU
         offset, any immediate or displacement (negative ones as 64-bit two's complement) whose value lies inside
         an allocated kernel section or is a symbol's address, and a small operand a relocation against a per-CPU
         symbol covers become `.+off` inside the function itself, else what `Namer.name` makes of the address
         (where symbols share it, the one the instruction's relocation names).
      3. `ret` and `jmp __x86_return_thunk` are both `RET`; at a `__mcount_loc` site, `call __fentry__` and a
         5-byte nop are both `FENTRY`.
      4. Each site of `.altinstructions`, `.parainstructions`, `.retpoline_sites`, `.return_sites`, `.smp_locks`,
         `__mcount_loc`, static_call_sites and `__jump_table` adds a tag at its offset (alternative: cpuid and
         lengths; static call: key; jump label: target and key): equal only if both builds list it alike.
    """

    def __init__(self, namer, tags, hints):
        self.namer = namer
        self.tags = tags
        self.hints = hints
        self.hint_offsets = sorted(hints)
        self.percpu_values = set()  # values of the current instruction's per-CPU fields
        self.symbol_hints = {}  # address → the name the current instruction's relocation gives it

    def ref(self, v, lo, hi):
        if lo <= v < hi:
            return f".+{v - lo:#x}"
        hinted = self.symbol_hints.get(v)
        if hinted is not None and self.namer.shared(v):
            return self.namer.display_name(hinted, v)
        return self.namer.name(v)

    def insn(self, addr, text, lo, hi, end):
        i = bisect.bisect_left(self.hint_offsets, addr)
        self.percpu_values = set()
        self.symbol_hints = {}
        while i < len(self.hint_offsets) and self.hint_offsets[i] < end:
            h = self.hints[self.hint_offsets[i]]
            if h[0] == "percpu":
                self.percpu_values.add(h[1])
            else:
                self.symbol_hints[h[1]] = h[2]
            i += 1
        code, _, comment = text.partition("#")
        parts = code.split(None, 1)
        if not parts:
            return ""
        mnem, ops = parts[0], (parts[1].strip() if len(parts) > 1 else "")
        prefix = ""
        while mnem in PREFIXES and ops:
            prefix += mnem + " "
            p = ops.split(None, 1)
            mnem, ops = p[0], (p[1] if len(p) > 1 else "")
        if mnem.startswith(BRANCHES) and (mb := BRANCH_TARGET.match(ops)):
            ops = self.ref(int(mb.group(1), 16), lo, hi)
        else:
            ops = re.sub(r" ?<[^>]*>", "", ops)
            rip = COMMENT_ADDR.search(comment)
            ops = OPERAND.sub(lambda o: self.operand(o, rip, lo, hi), ops)
        norm = prefix + mnem + " " + ops
        if mnem in ("ret", "retq") or (mnem == "jmp" and ops == "__x86_return_thunk"):
            norm = prefix + "RET"
        tags = self.tags.get(addr)
        if tags:
            if "MCOUNT" in tags and (ops == "__fentry__" or code.startswith("nopl   0x0(%rax,%rax,1)")):
                norm = "FENTRY"
            norm += " [" + ", ".join(self.tag_text(t, lo, hi) for t in tags) + "]"
        return norm

    def tag_text(self, t, lo, hi):
        if isinstance(t, tuple):
            return f"{t[0]} {self.ref(t[1], lo, hi)} key={t[2]} flags={t[3]}"
        return t

    def operand(self, o, rip, lo, hi):
        if o.group(2):  # RIP-relative: objdump's computed address (its comment), never the displacement
            if not rip:
                return "{?}(%rip)"
            v = int(rip.group(1), 16)
            if o.group(1):  # %gs:sym(%rip): the per-CPU offset of sym
                return "%gs:{" + self.namer.percpu_name(v) + "}(%rip)"
            return "{" + self.ref(v, lo, hi) + "}(%rip)"
        if o.group(3):
            return "%gs:{" + self.namer.percpu_name(int(o.group(3), 16)) + "}"
        imm, neg, digits = o.group(4), o.group(5), o.group(6)
        v = int(digits, 16)
        if not neg and v in self.percpu_values:
            return imm + "{" + self.namer.percpu_name(v) + "}"
        if neg:
            v = (-v) & (2**64 - 1)
        if self.namer.in_kernel(v):
            return imm + "{" + self.ref(v, lo, hi) + "}"
        return o.group(0)


def extract(vmlinux, outdir):
    os.makedirs(outdir, exist_ok=True)
    elf = Elf(vmlinux)
    namer = Namer(elf)
    tags = site_lists(elf, namer)
    norm = Normaliser(namer, tags, relocation_hints(elf))
    units = elf.units
    # functions: FUNC symbols with a size in executable sections; aliases share one normalised text
    funcs = defaultdict(list)
    for s in elf.symbols:
        if s[4] == STT_FUNC and s[3] > 0 and 0 < s[6] < len(elf.sections) and \
                elf.sections[s[6]]["flags"] & SHF_EXECINSTR:
            funcs[(s[2], s[3])].append(s)
    ranges = sorted(funcs)
    starts = [r[0] for r in ranges]
    out_hash = open(os.path.join(outdir, "funcs.tsv.tmp"), "w")
    out_text = gzip.open(os.path.join(outdir, "norm.txt.gz.tmp"), "wt", compresslevel=3)
    proc = subprocess.Popen(["objdump", "-d", "--no-show-raw-insn", "-w", vmlinux], stdout=subprocess.PIPE,
                            text=True, bufsize=1 << 20)
    cur = None  # (start, size) of the function being read
    lines = []

    def flush():
        if cur is None:
            return
        text = "\n".join(lines)
        h = hashlib.sha1(text.encode()).hexdigest()[:16]
        for s in funcs[cur]:
            sec = elf.sections[s[6]]["name"]
            unit = f"{units[s[7]]}#{s[7]}" if s[7] >= 0 else "-"
            bind = "local" if s[5] == STB_LOCAL else "global"
            out_hash.write(f"{s[1]}\t{unit}\t{bind}\t{s[2]:x}\t{s[3]}\t{sec}\t{h}\n")
        out_text.write(f">{cur[0]:x}\n{text}\n")

    held = None  # (addr, text): an instruction ends where the next one starts

    def take(addr, text, end):
        lines.append(f"{addr - cur[0]:x} {norm.insn(addr, text, cur[0], cur[0] + cur[1], end)}")

    for raw in proc.stdout:
        m = INSN.match(raw)
        if not m:
            continue
        addr = int(m.group(1), 16)
        if held:
            take(held[0], held[1], addr if held[0] < addr <= cur[0] + cur[1] else cur[0] + cur[1])
            held = None
        if cur is None or not (cur[0] <= addr < cur[0] + cur[1]):
            i = bisect.bisect_right(starts, addr) - 1
            nxt = ranges[i] if i >= 0 and ranges[i][0] <= addr < ranges[i][0] + ranges[i][1] else None
            if nxt != cur:
                flush()
                cur, lines = nxt, []
            if cur is None:
                continue
        held = (addr, m.group(2))
    if held:
        take(held[0], held[1], cur[0] + cur[1])
    flush()
    if proc.wait() != 0:
        raise SystemExit(f"objdump failed on {vmlinux}")
    out_hash.close()
    out_text.close()
    # same-name symbols the kernel counts (kallsyms order: address, then symbol-table order)
    byname = defaultdict(list)
    for s in elf.symbols:
        if elf.kallsyms_visible(s):
            byname[s[1]].append(s)
    with open(os.path.join(outdir, "dups.tsv.tmp"), "w") as out:
        for name in sorted(byname):
            l = byname[name]
            if len(l) < 2:
                continue
            l.sort(key=lambda s: (s[2], s[0]))
            for pos, s in enumerate(l, 1):
                kind = {STT_FUNC: "func", STT_OBJECT: "object"}.get(s[4], "other")
                bind = "local" if s[5] == STB_LOCAL else "global"
                unit = f"{units[s[7]]}#{s[7]}" if s[7] >= 0 else "-"
                out.write(f"{name}\t{pos}\t{len(l)}\t{kind}\t{bind}\t{s[3]}\t{s[2]:x}\t{unit}\n")
    # each unit's local names, for telling apart units with the same file name
    with open(os.path.join(outdir, "units.tsv.tmp"), "w") as out:
        members = defaultdict(set)
        for s in elf.symbols:
            if s[7] >= 0 and s[4] in (STT_FUNC, STT_OBJECT):
                members[s[7]].add(stem(s[1]))
        for u, name in enumerate(units):
            out.write(f"{name}#{u}\t{' '.join(sorted(members[u]))}\n")
    for f in ("funcs.tsv", "norm.txt.gz", "dups.tsv", "units.tsv"):
        os.replace(os.path.join(outdir, f + ".tmp"), os.path.join(outdir, f))


def read_tsv(path):
    with open(path) as f:
        return [line.rstrip("\n").split("\t") for line in f]


def match_units(a_dir, b_dir):
    """Unit of A → unit of B: same file name; among several, the one sharing most local names (Jaccard)."""
    def load(d):
        by_file = defaultdict(list)
        for uid, names in read_tsv(os.path.join(d, "units.tsv")):
            by_file[uid.rsplit("#", 1)[0]].append((uid, set(names.split())))
        return by_file
    ua, ub = load(a_dir), load(b_dir)
    out = {}
    for fname, la in ua.items():
        lb = list(ub.get(fname, []))
        pairs = sorted(((len(x & y) / max(1, len(x | y)), ia, ib) for ia, (_, x) in enumerate(la)
                        for ib, (_, y) in enumerate(lb)), reverse=True)
        used_a, used_b = set(), set()
        for score, ia, ib in pairs:
            if ia in used_a or ib in used_b:
                continue
            used_a.add(ia)
            used_b.add(ib)
            out[la[ia][0]] = lb[ib][0]
    return out


def load_texts(d, wanted):
    texts, cur, buf = {}, None, []
    with gzip.open(os.path.join(d, "norm.txt.gz"), "rt") as f:
        for line in f:
            if line.startswith(">"):
                if cur in wanted:
                    texts[cur] = buf
                cur, buf = line[1:].strip(), []
            elif cur in wanted:
                buf.append(line.rstrip("\n"))
    if cur in wanted:
        texts[cur] = buf
    return texts


def pair(a_dir, b_dir, out):
    os.makedirs(out, exist_ok=True)
    units = match_units(a_dir, b_dir)

    def funcs(d, unit_of):
        rows = read_tsv(os.path.join(d, "funcs.tsv"))
        count = defaultdict(int)
        for r in rows:
            count[r[0]] += 1
        keyed = {}
        for r in rows:
            # a unique name is its own key; a same-name static is keyed by name and (B's) unit, if unique there
            keyed.setdefault((r[0], "" if count[r[0]] == 1 else unit_of(r[1])), []).append(r)
        return {k: v[0] for k, v in keyed.items() if len(v) == 1}
    fa, fb = funcs(a_dir, lambda u: units.get(u, "?" + u)), funcs(b_dir, lambda u: u)
    same, differ = [], []
    for k, ra in fa.items():
        rb = fb.get(k)
        if rb is None or ra[4] != rb[4]:
            continue
        (same if ra[6] == rb[6] else differ).append((ra, rb))
    texts_a = load_texts(a_dir, {ra[3] for ra, _ in differ})
    texts_b = load_texts(b_dir, {rb[3] for _, rb in differ})
    header = "name\tunit\tbind\tsize\tsection\taddr_a\taddr_b"
    with open(os.path.join(out, "same.tsv"), "w") as f:
        f.write(header + "\n")
        for ra, rb in sorted(same):
            f.write(f"{ra[0]}\t{ra[1]}\t{ra[2]}\t{ra[4]}\t{ra[5]}\t{ra[3]}\t{rb[3]}\n")
    with open(os.path.join(out, "differ.tsv"), "w") as f:
        f.write(header + "\tfirst_difference_a\tfirst_difference_b\n")
        for ra, rb in sorted(differ):
            ta, tb = texts_a.get(ra[3], []), texts_b.get(rb[3], [])
            d = next((i for i in range(min(len(ta), len(tb))) if ta[i] != tb[i]), min(len(ta), len(tb)))
            da = ta[d] if d < len(ta) else "(end)"
            db = tb[d] if d < len(tb) else "(end)"
            f.write(f"{ra[0]}\t{ra[1]}\t{ra[2]}\t{ra[4]}\t{ra[5]}\t{ra[3]}\t{rb[3]}\t{da}\t{db}\n")
    # same-name statics: position N (kallsyms order) in A and in B, units compared through the unit matching
    def dups(d):
        by = defaultdict(dict)
        for name, pos, count, kind, bind, size, addr, unit in read_tsv(os.path.join(d, "dups.tsv")):
            by[name][int(pos)] = (int(count), kind, bind, size, addr, unit)
        return by
    da, db = dups(a_dir), dups(b_dir)
    shifted, stable = [], []
    for name in sorted(set(da) & set(db)):
        pa, pb = da[name], db[name]
        for pos in sorted(set(pa) & set(pb)):
            a, b = pa[pos], pb[pos]
            if not (a[2] == "local" and b[2] == "local" and a[1] in ("func", "object") and b[1] == a[1]):
                continue
            numbered = "numbered" if stem(name) != name else "plain"  # __func__.5, CSWTCH.133: compiler-made
            row = (name, pos, a[0], b[0], a[1], a[3], b[3], a[5], b[5], a[4], b[4], numbered)
            (stable if units.get(a[5]) == b[5] else shifted).append(row)
    head = "name\tposition\tcount_a\tcount_b\tkind\tsize_a\tsize_b\tunit_a\tunit_b\taddr_a\taddr_b\tname_kind\n"
    for fname, rows in (("shifted.tsv", shifted), ("stable.tsv", stable)):
        with open(os.path.join(out, fname), "w") as f:
            f.write(head)
            for r in rows:
                f.write("\t".join(str(x) for x in r) + "\n")
    plain = sum(1 for r in shifted if r[-1] == "plain")
    line = (f"{os.path.basename(out)}\tsame={len(same)}\tdiffer={len(differ)}\tshifted={len(shifted)}"
            f" (plain names {plain})\tstable={len(stable)}")
    with open(os.path.join(out, "summary.txt"), "w") as f:
        f.write(line + "\n")
    print(line)


def code_relocations(elf):
    """Every --emit-relocs relocation in code: (offset, type, symbol value, addend, symbol section, symbol index),
    sorted."""
    symtab = next(s for s in elf.sections if s["type"] == 2)
    out = []
    for s in elf.sections:
        if s["type"] != 4 or not elf.sections[s["info"]]["flags"] & SHF_EXECINSTR:
            continue
        for off, info, addend in struct.iter_unpack("<QQq", elf.map[s["off"]:s["off"] + s["size"]]):
            shndx, value = struct.unpack_from("<HQ", elf.map, symtab["off"] + (info >> 32) * 24 + 6)
            out.append((off, info & 0xffffffff, value, addend, shndx, info >> 32))
    out.sort()
    return out


def relocation_check(vm_a, vm_b, pair_dir, n):
    """A second look at same.tsv: a spread of n functions' data references by relocation must agree.

    Independent of the disassembly: the linker says which fields hold addresses. Each relocation is named by the
    symbol it reaches: a named symbol as such (its addend is the field's distance to the instruction's end), a
    section symbol by S+A plus that distance (4, or 5/6/8 when an immediate follows the displacement: the one that
    reaches a symbol's start). R_X86_64_PLT32 (calls, jumps) is left to the disassembly: the assembler resolves a
    call to a local function of the same section without one, so the lists differ where a callee became static.
    """
    def load(path):
        elf = Elf(path)
        by_index = {sym[0]: sym for sym in elf.symbols}
        return elf, Namer(elf), code_relocations(elf), by_index

    def signature(side, addr, size):
        elf, namer, rel, by_index = side
        i = bisect.bisect_left(rel, (addr,))
        out = []
        while i < len(rel) and rel[i][0] < addr + size:
            off, typ, value, addend, shndx, index = rel[i]
            i += 1
            if typ == 4:  # R_X86_64_PLT32
                continue
            sym = by_index.get(index)
            pc = typ in (2, 24)  # R_X86_64_PC32, PC64
            named = sym is not None and sym[1] and sym[4] != STT_SECTION
            if named and (addend in (-4, -5, -6, -8) if pc else addend == 0):
                target = value
            else:
                base = (value + addend) & (2**64 - 1)
                target = base + 4 if pc else base
                if pc and target not in namer.best:
                    target = next((base + k for k in (5, 6, 8) if base + k in namer.best), target)
            if addr <= target < addr + size:
                name = f".+{target - addr:#x}"
            elif named and target == value:
                name = namer.display_name(sym[1], value)
            elif named:  # symbol-relative constants such as __end_rodata_hpage_align - 1
                name = f"{namer.display_name(sym[1], value)}{addend:+#x}"
            else:
                name = namer.name(target)
            percpu = shndx < len(elf.sections) and elf.sections[shndx]["name"] == ".data..percpu"
            out.append((off - addr, "percpu:" + name if percpu else name))
        return out
    a, b = load(vm_a), load(vm_b)
    rows = read_tsv(os.path.join(pair_dir, "same.tsv"))[1:]
    step = max(1, len(rows) // max(1, n))
    differ = 0
    for r in rows[::step]:
        sa, sb = signature(a, int(r[5], 16), int(r[3])), signature(b, int(r[6], 16), int(r[3]))
        if sa != sb:
            differ += 1
            print("relocations differ:", r[0], next((x for x in zip(sa, sb) if x[0] != x[1]), (len(sa), len(sb))))
    print(f"{os.path.basename(pair_dir)}\trelocation check: {len(rows[::step])} functions of same.tsv, "
          f"{differ} with different relocations")
    return differ


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "extract":
        extract(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "pair":
        pair(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 6 and sys.argv[1] == "relocs":
        sys.exit(1 if relocation_check(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])) else 0)
    else:
        raise SystemExit(__doc__)
