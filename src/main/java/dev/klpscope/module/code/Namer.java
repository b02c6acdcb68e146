package dev.klpscope.module.code;

import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;

import java.util.List;
import java.util.Optional;

/**
 * Names what an address in a function reaches, the same way in every build: a symbol by its name without compiler
 * numbering ({@link Names#stem}) and the offset into it; a place inside the function itself by its offset there
 * (numbered later); a place in a section without a symbol by its contents: a string literal by its text, a jump
 * table by the instructions its entries reach, other bytes by their value; a gap in {@code .bss} (no bytes) by the
 * label before it and the offset from there. Never by section index or address.
 */
final class Namer {

    private static final long SHF_STRINGS = 0x20;
    private static final int MAX_STRING = 256;
    private static final int MAX_TABLE = 512;

    private final CodeIndex index;
    private final ElfImage image;
    private final int fnSection;
    private final long fnStart;
    private final long fnSize;
    private final boolean useRelocations;
    /** Inside a code snippet being named: code it reaches is named by its bytes, not decoded again. */
    private boolean inSnippet;

    Namer(CodeIndex index, int fnSection, long fnStart, long fnSize, boolean useRelocations) {
        this.index = index;
        this.image = index.image();
        this.fnSection = fnSection;
        this.fnStart = fnStart;
        this.fnSize = fnSize;
        this.useRelocations = useRelocations;
    }

    /** What a relocated field reaches; {@code bias} is added to the addend (x86-64 PC-relative: to the next instruction). */
    Reference relocation(Relocation r, long bias) {
        List<Symbol> symbols = image.symbols();
        long off = r.addend() + bias;
        if (r.symbolIndex() <= 0 || r.symbolIndex() >= symbols.size()) {
            return Reference.named("*ABS*" + plus(off));
        }
        Symbol s = symbols.get(r.symbolIndex());
        if (s.name().startsWith(".L")) { // an assembler-numbered local label: where it is, not its number
            return place(s.sectionIndex(), index.offsetInSection(s) + off);
        }
        if (s.isLivepatch() || s.isUndefined() || s.sectionIndex() >= Symbol.SHN_LORESERVE
                || s.sectionIndex() >= image.sections().size()) {
            return Reference.named(symbolName(s) + plus(off));
        }
        long target = index.offsetInSection(s) + off;
        if (s.type() == Symbol.STT_SECTION || inFunction(s.sectionIndex(), target)) {
            return place(s.sectionIndex(), target);
        }
        if (off >= 0 && off < Math.max(1, s.size())) {
            return Reference.named(symbolName(s) + plus(off));
        }
        return place(s.sectionIndex(), target);
    }

    /** What offset {@code offset} of section {@code section} holds. */
    Reference place(int section, long offset) {
        if (inFunction(section, offset)) {
            return Reference.local(offset);
        }
        if (section < 0 || section >= image.sections().size()) {
            return Reference.named("?");
        }
        Symbol e = index.symbols(section).containing(offset);
        if (e != null && offset < index.offsetInSection(e) + Math.max(1, e.size())) {
            return Reference.named(symbolName(e) + plus(offset - index.offsetInSection(e)));
        }
        if (section == fnSection && offset == fnStart + fnSize) {
            return Reference.local(offset); // just past the function's last instruction
        }
        Section s = image.section(section);
        if (e == null && !s.occupiesFile() && offset >= 0 && offset < s.size()) {
            e = index.symbols(section).before(offset); // a gap in .bss: no bytes to tell it by, so its place
        }
        Reference contents = contents(s, offset);
        if (e != null && contents.bytesOnly()) { // one past an array's end (a loop bound), or a gap after a label
            return Reference.named(symbolName(e) + plus(offset - index.offsetInSection(e)));
        }
        return contents;
    }

    /**
     * A linked image's address, if an allocated section holds it or a symbol is defined there (a section's end).
     * With {@code certain=false} (a number that may be an address or a constant), only a symbol, a string or a jump
     * table counts: a constant that happens to fall in a section is not named by the bytes it lands on.
     */
    Optional<Reference> address(long address, boolean certain) {
        int s = index.sectionAt(address);
        Reference ref = s < 0 ? null : place(s, address - image.section(s).address());
        if (ref == null || ref.bytesOnly()) {
            Symbol label = index.labelAt(address);
            if (label != null) {
                return Optional.of(Reference.named(symbolName(label)));
            }
        }
        return ref == null || ref.bytesOnly() && !certain ? Optional.empty() : Optional.of(ref);
    }

    /** A {@code %gs:}-relative offset: a per-CPU variable in {@code .data..percpu} (linked at address 0). */
    Optional<Reference> perCpu(long offset) {
        return image.section(".data..percpu")
                .filter(s -> s.address() == 0 && offset >= 0 && offset < s.size())
                .map(s -> place(s.index(), offset));
    }

    /** Whether {@code target} is {@code back} bytes into a function (ppc64's local entry point). */
    boolean isFunctionStartBefore(int section, long target, int back) {
        Symbol e = index.symbols(section).containing(target);
        return e != null && e.isFunction() && index.offsetInSection(e) == target - back;
    }

    private boolean inFunction(int section, long offset) {
        return section == fnSection && offset >= fnStart && offset < fnStart + fnSize;
    }

    /** The symbol's name as two builds agree on it; a numbered string constant ({@code __func__.5}) with its text. */
    private String symbolName(Symbol s) {
        String stem = Names.stem(Names.unwrapLivepatch(s.name()));
        if (Names.numbered(s.name()) && s.isObject() && s.size() > 0 && s.size() <= MAX_STRING && !s.isUndefined()
                && s.sectionIndex() < image.sections().size()) {
            Section sec = image.section(s.sectionIndex());
            if (readOnlyData(sec)) {
                String text = string(sec, index.offsetInSection(s), true);
                if (text != null && text.length() - 2 - escapes(text) + 1 == s.size()) { // exactly a string: __func__.N
                    return stem + "=" + text;
                }
            }
        }
        return stem;
    }

    /** Bytes written as {@code \xNN} in a quoted string (3 characters more than the one byte each stands for). */
    private static int escapes(String quoted) {
        int n = 0;
        for (int i = quoted.indexOf("\\x"); i >= 0; i = quoted.indexOf("\\x", i + 1)) {
            n += 3;
        }
        return n;
    }

    private Reference contents(Section s, long offset) {
        if (!s.occupiesFile() || offset < 0 || offset >= s.size()) {
            return Reference.bytes(s.name() + plus(offset));
        }
        boolean strings = s.hasFlag(SHF_STRINGS) || readOnlyData(s); // "" is tail-merged into any string
        String text = string(s, offset, strings);
        if (text != null) {
            return Reference.named(text);
        }
        if (s.isExecutable() && image.header().machine() == dev.klpscope.elf.Machines.EM_X86_64 && !inSnippet) {
            return snippet(s, offset);
        }
        Reference table = table(s, offset);
        if (table != null) {
            return table;
        }
        int n = (int) Math.min(16, s.size() - offset);
        byte[] b = image.data(s).bytes(offset, n, "bytes in " + s.name());
        CodeIndex.Relocations rels = useRelocations ? index.relocations(s.index()) : null;
        if (rels != null) { // addresses stored there differ by build: compared masked
            for (int i = rels.from(offset - 7); i < rels.at().length && rels.at()[i] < offset + n; i++) {
                blank(b, (int) (rels.at()[i] - offset), RelocationWidths.width(image.header().machine(), rels.entry(i).type()));
            }
        }
        return Reference.bytes(s.name() + "[" + FunctionCode.hex(b) + "]");
    }

    /**
     * Code without a symbol, such as what {@code static_cpu_has()} jumps to in {@code .altinstr_aux}
     * ({@code arch/x86/include/asm/cpufeature.h}): its instructions up to the first jump or return, each with what it
     * reaches, so that the same snippet placed elsewhere in another build is the same reference.
     */
    private Reference snippet(Section s, long offset) {
        int n = (int) Math.min(64, s.size() - offset);
        byte[] code = image.data(s).bytes(offset, n, "code in " + s.name());
        CodeIndex.Relocations rels = useRelocations ? index.relocations(s.index()) : null;
        Reference ref = Reference.named("code{");
        inSnippet = true;
        try {
            int p = 0;
            for (int k = 0; k < 8 && p < n; k++) {
                Optional<X86Instruction> d = X86Decoder.decode(code, p, n);
                if (d.isEmpty()) {
                    break;
                }
                X86Instruction insn = d.get();
                byte[] masked = java.util.Arrays.copyOfRange(code, p, p + insn.length());
                List<Reference> refs = new java.util.ArrayList<>();
                java.util.Set<Integer> fields = new java.util.HashSet<>();
                if (rels != null) {
                    for (int i = rels.from(offset + p); i < rels.at().length && rels.at()[i] < offset + p + insn.length(); i++) {
                        Relocation r = rels.entry(i);
                        int field = (int) (rels.at()[i] - offset - p);
                        fields.add(field);
                        blank(masked, field, RelocationWidths.width(image.header().machine(), r.type()));
                        refs.add(relocation(r, RelocationWidths.pcRelative(image.header().machine(), r.type())
                                ? insn.length() - field : 0));
                    }
                }
                int field = insn.relative() ? insn.immAt() : insn.ripRelative() ? insn.dispAt() : -1;
                if (field >= 0 && !fields.contains(field)) {
                    int width = insn.relative() ? insn.immSize() : 4;
                    long disp = 0;
                    for (int i = width - 1; i >= 0; i--) {
                        disp = (disp << 8) | (masked[field + i] & 0xff);
                    }
                    disp = (disp << (64 - 8 * width)) >> (64 - 8 * width);
                    blank(masked, field, width);
                    long target = offset + p + insn.length() + disp;
                    refs.add(index.linked() ? address(s.address() + target, true).orElse(Reference.named("?")) : place(s.index(), target));
                }
                ref.then(k == 0 ? "" : "; ").then(java.util.HexFormat.of().formatHex(masked));
                for (Reference r : refs) {
                    ref.then(" → ").then(r);
                }
                p += insn.length();
                if (insn.isJump() || insn.map() == 0 && (insn.opcode() == 0xc3 || insn.opcode() == 0xc2)) {
                    break;
                }
            }
        } finally {
            inSnippet = false;
        }
        return ref.then("}");
    }

    /** Constant data; vmlinux's {@code .rodata} is linked writable (RO_DATA is made read-only at boot). */
    private static boolean readOnlyData(Section s) {
        return !s.isExecutable() && (!s.isWritable() || s.name().startsWith(".rodata"));
    }

    private static void blank(byte[] b, int at, int width) {
        for (int i = Math.max(0, at); i < Math.min(b.length, at + width); i++) {
            b[i] = 0;
        }
    }

    /** A NUL-terminated printable string at {@code offset} (a kernel log level's SOH included), quoted; else null. */
    private String string(Section s, long offset, boolean emptyIsString) {
        ByteReader r = image.data(s);
        int n = (int) Math.min(MAX_STRING, s.size() - offset);
        if (n <= 0) {
            return null;
        }
        byte[] b = r.bytes(offset, n, "string in " + s.name());
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            if (c == 0) {
                return i == 0 && !emptyIsString ? null : out.append('"').toString();
            }
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out.append((char) c);
            } else if (c == '\n' || c == '\t' || c == 1 || c == '"' || c == '\\') {
                out.append(String.format("\\x%02x", c));
            } else {
                return null;
            }
        }
        return null; // no NUL within reach: not a string
    }

    /** A table of 8-byte addresses of places in this function (a {@code switch}'s jump table); else null. */
    private Reference table(Section s, long offset) {
        CodeIndex.Relocations rels = useRelocations ? index.relocations(s.index()) : null;
        boolean byValue = rels == null || rels.isEmpty();
        if (byValue && !index.linked()) {
            return null;
        }
        Section fn = image.section(fnSection);
        Reference ref = null;
        List<Symbol> symbols = image.symbols();
        for (int k = 0; k < MAX_TABLE; k++) {
            long at = offset + 8L * k;
            if (at + 8 > s.size()) {
                break;
            }
            long target;
            if (byValue) {
                target = image.data(s).u64(at, "jump table in " + s.name()) - fn.address();
            } else {
                Relocation r = rels.at(at);
                if (r == null || r.symbolIndex() <= 0 || r.symbolIndex() >= symbols.size()
                        || symbols.get(r.symbolIndex()).sectionIndex() != fnSection) {
                    break;
                }
                target = index.offsetInSection(symbols.get(r.symbolIndex())) + r.addend();
            }
            if (!inFunction(fnSection, target) || target == fnStart + fnSize) {
                break;
            }
            ref = ref == null ? Reference.named("table[").thenLocal(target) : ref.then(",").thenLocal(target);
        }
        return ref == null ? null : ref.then("]");
    }

    private static String plus(long off) {
        return off == 0 ? "" : off > 0 ? "+0x" + Long.toHexString(off) : "-0x" + Long.toHexString(-off);
    }
}
