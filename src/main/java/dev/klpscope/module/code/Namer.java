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
 * table by the instructions its entries reach, other bytes by their value. Never by section index or address.
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
        if (e != null) {
            return Reference.named(symbolName(e) + plus(offset - index.offsetInSection(e)));
        }
        return contents(image.section(section), offset);
    }

    /** A linked image's absolute address, if an allocated section holds it. */
    Optional<Reference> address(long address) {
        int s = index.sectionAt(address);
        return s < 0 ? Optional.empty() : Optional.of(place(s, address - image.section(s).address()));
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
        return section == fnSection && offset >= fnStart && offset <= fnStart + fnSize;
    }

    /** The symbol's name as two builds agree on it; a numbered string constant ({@code __func__.5}) with its text. */
    private String symbolName(Symbol s) {
        String stem = Names.stem(Names.unwrapLivepatch(s.name()));
        if (!stem.equals(s.name()) && s.isObject() && s.size() > 0 && s.size() <= MAX_STRING && !s.isUndefined()
                && s.sectionIndex() < image.sections().size()) {
            Section sec = image.section(s.sectionIndex());
            if (!sec.isWritable()) {
                String text = string(sec, index.offsetInSection(s), true);
                if (text != null) {
                    return stem + "=" + text;
                }
            }
        }
        return stem;
    }

    private Reference contents(Section s, long offset) {
        if (!s.occupiesFile() || offset < 0 || offset >= s.size()) {
            return Reference.named(s.name() + plus(offset));
        }
        boolean strings = s.hasFlag(SHF_STRINGS) || s.name().startsWith(".rodata.str");
        String text = string(s, offset, strings);
        if (text != null) {
            return Reference.named(text);
        }
        Reference table = table(s, offset);
        if (table != null) {
            return table;
        }
        int n = (int) Math.min(16, s.size() - offset);
        return Reference.named(s.name() + "[" + FunctionCode.hex(image.data(s).bytes(offset, n, "bytes in " + s.name())) + "]");
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
