package dev.klpscope.elf;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * A symbol table as a list of {@link Symbol}s in file order, with each entry's fields also readable by number
 * without making a {@code Symbol}: the name index, the kernel's export scan and the clone search walk the whole
 * table (130 k entries in a vmlinux) but keep a handful of entries, so they test names against the string table's
 * bytes ({@link #nameIs}, {@link #nameStartsWith}, {@link #nameHash}) and fields by number. A table read from a
 * file ({@link SymbolTableReader}) decodes an entry into a {@code Symbol} the first time it is asked for and keeps
 * it; a table given as records ({@link #of}) answers from them.
 */
public abstract sealed class Symbols extends AbstractList<Symbol> implements RandomAccess
        permits Symbols.Decoded, Symbols.Listed {

    /** {@code list} itself when it already is one, else a view of the records. */
    public static Symbols of(List<Symbol> list) {
        return list instanceof Symbols s ? s : new Listed(list);
    }

    public abstract int info(int i);

    /** The unsigned {@code st_shndx}, through {@code SHT_SYMTAB_SHNDX} for {@code SHN_XINDEX}, as {@link Symbol#sectionIndex}. */
    public abstract int sectionIndex(int i);

    public abstract long value(int i);

    /** The name as {@link Symbol#name} has it, without making the {@code Symbol}. */
    public abstract String name(int i);

    /** {@code name(i).hashCode()}, computed over the string table's bytes where it can be. */
    public abstract int nameHash(int i);

    public abstract boolean nameIs(int i, String name);

    public abstract boolean nameStartsWith(int i, String prefix);

    public abstract boolean nameIsEmpty(int i);

    /** The first defined entry called {@code name} in file order, its name tested without decoding the others. */
    public Optional<Symbol> firstDefined(String name) {
        for (int i = 0; i < size(); i++) {
            if (!isUndefined(i) && nameIs(i, name)) {
                return Optional.of(get(i));
            }
        }
        return Optional.empty();
    }

    public int type(int i) {
        return info(i) & 0xf;
    }

    public boolean isUndefined(int i) {
        return sectionIndex(i) == Symbol.SHN_UNDEF;
    }

    public boolean isFunction(int i) {
        return type(i) == Symbol.STT_FUNC;
    }

    /** As {@link Symbol#isObject}. */
    public boolean isObject(int i) {
        int t = type(i);
        return t == Symbol.STT_OBJECT || t == Symbol.STT_TLS || t == Symbol.STT_COMMON;
    }

    /** A symbol table read from the file's bytes; entries become {@code Symbol}s when asked for, once. */
    static final class Decoded extends Symbols {

        /** Checked once for the whole table (count * entry size fits), so per-field reads share one description. */
        private static final String WHAT = "symbol table entry";

        private final ByteReader entries;
        private final ByteReader strings;
        private final ByteReader extended;
        private final ByteReader whole;
        private final long stringTableOffset;
        private final boolean is64;
        private final int entrySize;
        private final int count;
        /** Decoded entries; a race decodes one twice and keeps either (records of final fields). */
        private final Symbol[] decoded;

        Decoded(ByteReader entries, ByteReader strings, ByteReader extended, ByteReader whole, long stringTableOffset,
                boolean is64) {
            this.entries = entries;
            this.strings = strings;
            this.extended = extended;
            this.whole = whole;
            this.stringTableOffset = stringTableOffset;
            this.is64 = is64;
            this.entrySize = is64 ? 24 : 16;
            this.count = (int) Math.min(Integer.MAX_VALUE - 8, entries.length() / entrySize);
            this.decoded = new Symbol[count];
            if (extended != null) {
                for (int i = 0; i < count; i++) {
                    sectionIndex(i); // a bad extended index fails the read, not a later check
                }
            }
        }

        @Override
        public int size() {
            return count;
        }

        @Override
        public Symbol get(int i) {
            Objects.checkIndex(i, count);
            Symbol s = decoded[i];
            if (s == null) {
                s = new Symbol(i, name(i), value(i), entrySizeField(i), info(i), other(i), sectionIndex(i));
                decoded[i] = s;
            }
            return s;
        }

        private long at(int i) {
            return (long) Objects.checkIndex(i, count) * entrySize;
        }

        @Override
        public int info(int i) {
            return entries.u8(at(i) + (is64 ? 4 : 12), WHAT);
        }

        private int other(int i) {
            return entries.u8(at(i) + (is64 ? 5 : 13), WHAT);
        }

        @Override
        public int sectionIndex(int i) {
            int shndx = entries.u16(at(i) + (is64 ? 6 : 14), WHAT);
            if (shndx == Symbol.SHN_XINDEX && extended != null) {
                long x = extended.u32((long) i * 4, "extended section index of symbol " + i);
                shndx = (int) Math.min(x, Integer.MAX_VALUE);
            }
            return shndx;
        }

        @Override
        public long value(int i) {
            return is64 ? entries.u64(at(i) + 8, WHAT) : entries.u32(at(i) + 4, WHAT);
        }

        private long entrySizeField(int i) {
            return is64 ? entries.u64(at(i) + 16, WHAT) : entries.u32(at(i) + 8, WHAT);
        }

        private long nameOffset(int i) {
            return entries.u32(at(i), WHAT);
        }

        @Override
        public String name(int i) {
            long offset = nameOffset(i);
            if (offset == 0) {
                return "";
            }
            String name = strings.cStringOrNull(offset, strings.length());
            if (name == null && offset >= strings.length()) {
                // what the kernel does with it depends on its version (livepatch lint says: elf-strtab)
                return "<symbol " + i + ": name offset 0x" + Long.toHexString(offset) + " outside the string table>";
            } else if (name == null) {
                // the table's last byte is not NUL: the kernel reads this name on past the table, through the rest of
                // its copy of the file, up to the next NUL (7.3 refuses such a table: livepatch lint, elf-strtab)
                name = whole.cStringOrNull(stringTableOffset + offset, whole.length());
                if (name == null) {
                    return "<symbol " + i + ": name runs to the end of the file without a NUL>";
                }
            }
            return name;
        }

        @Override
        public int nameHash(int i) {
            long offset = nameOffset(i);
            if (offset == 0) {
                return 0;
            }
            long h = strings.cStringHash(offset);
            return h >= 0 ? (int) h : name(i).hashCode();
        }

        @Override
        public boolean nameIs(int i, String name) {
            return matches(i, name, true);
        }

        @Override
        public boolean nameStartsWith(int i, String prefix) {
            return matches(i, prefix, false);
        }

        private boolean matches(int i, String text, boolean whole) {
            long offset = nameOffset(i);
            if (offset == 0) {
                return text.isEmpty();
            }
            int m = strings.cStringMatch(offset, text, whole);
            if (m < 0) { // past the table's end: as the odd cases of name() read it
                String n = name(i);
                return whole ? n.equals(text) : n.startsWith(text);
            }
            return m == 1;
        }

        @Override
        public boolean nameIsEmpty(int i) {
            long offset = nameOffset(i);
            return offset == 0 || strings.cStringMatch(offset, "", true) == 1;
        }
    }

    /** Records given as a list (a System.map's symbols, tests). */
    static final class Listed extends Symbols {

        private final List<Symbol> list;

        Listed(List<Symbol> list) {
            this.list = list;
        }

        @Override
        public Symbol get(int i) {
            return list.get(i);
        }

        @Override
        public int size() {
            return list.size();
        }

        @Override
        public int info(int i) {
            return list.get(i).info();
        }

        @Override
        public int sectionIndex(int i) {
            return list.get(i).sectionIndex();
        }

        @Override
        public long value(int i) {
            return list.get(i).value();
        }

        @Override
        public String name(int i) {
            return list.get(i).name();
        }

        @Override
        public int nameHash(int i) {
            return name(i).hashCode();
        }

        @Override
        public boolean nameIs(int i, String name) {
            return name(i).equals(name);
        }

        @Override
        public boolean nameStartsWith(int i, String prefix) {
            return name(i).startsWith(prefix);
        }

        @Override
        public boolean nameIsEmpty(int i) {
            return name(i).isEmpty();
        }
    }
}
