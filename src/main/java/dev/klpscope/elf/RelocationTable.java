package dev.klpscope.elf;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A relocation section as a list of {@link Relocation}s in file order, each decoded when asked for and not kept:
 * a {@code -dbg} vmlinux keeps its link-time relocations ({@code --emit-relocs}), millions of entries of which a
 * comparison of one function's code needs a few, found through {@link #offset} (docs/performance.md).
 */
public final class RelocationTable extends AbstractList<Relocation> implements RandomAccess {

    private final ByteReader entries;
    private final boolean is64;
    private final boolean rela;
    private final boolean mips64el;
    private final int entrySize;
    private final int count;
    /** count * entrySize fits the section, so no read below can fail: one description for every entry. */
    private final String what;

    RelocationTable(ByteReader entries, boolean is64, boolean rela, boolean mips64el, String sectionName) {
        this.entries = entries;
        this.is64 = is64;
        this.rela = rela;
        this.mips64el = mips64el;
        this.entrySize = (is64 ? 8 : 4) * (rela ? 3 : 2);
        this.count = (int) Math.min(Integer.MAX_VALUE - 8, entries.length() / entrySize);
        this.what = sectionName + " entry";
    }

    @Override
    public int size() {
        return count;
    }

    /** {@code r_offset} of entry {@code i}, without decoding the rest. */
    public long offset(int i) {
        return entries.word(at(i), is64, what);
    }

    @Override
    public Relocation get(int i) {
        long at = at(i);
        long info = entries.word(at + (is64 ? 8 : 4), is64, what);
        long addend = rela ? entries.signedWord(at + (is64 ? 16 : 8), is64, what) : 0;
        int sym;
        int type;
        if (is64 && !mips64el) {
            sym = symbolIndex(info >>> 32);
            type = (int) (info & 0xffffffffL);
        } else if (is64) {
            sym = symbolIndex(info & 0xffffffffL);
            type = (int) ((info >>> 56) & 0xff);
        } else {
            sym = (int) (info >>> 8);
            type = (int) (info & 0xff);
        }
        return new Relocation(entries.word(at, is64, what), type, sym, addend);
    }

    private long at(int i) {
        return (long) Objects.checkIndex(i, count) * entrySize;
    }

    /**
     * ELF64 symbol indices are unsigned 32-bit; one above {@code Integer.MAX_VALUE} is out of range for any symbol
     * table, so it is kept as {@code Integer.MAX_VALUE} rather than wrapping negative past every range check.
     */
    private static int symbolIndex(long index) {
        return (int) Math.min(index, Integer.MAX_VALUE);
    }
}
