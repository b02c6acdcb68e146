package dev.klpscope.elf;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a symbol table in file order. Names come from the string table the symbol table's
 * {@code sh_link} names (not by searching all sections, which is what makes jelf slow on big objects).
 * The entry size used is the structure's size for the ELF class, whatever {@code sh_entsize} says: the
 * kernel never reads {@code sh_entsize} of a symbol table either.
 */
final class SymbolTableReader {

    private SymbolTableReader() {
    }

    static List<Symbol> read(ElfImage image, Section symtab) {
        boolean is64 = image.header().is64();
        int entrySize = is64 ? 24 : 16;
        String file = image.file();
        List<Section> sections = image.sections();
        if (symtab.link() <= 0 || symtab.link() >= sections.size()) {
            throw new MalformedInputException(file, String.format("symbol table %s links to string table %d, which does not exist"
                    + SectionTableReader.KERNEL, symtab.name(), symtab.link()));
        }
        Section strtab = sections.get(symtab.link());
        if (strtab.type() == Section.SHT_NOBITS) {
            throw new MalformedInputException(file, String.format("symbol table %s links to section %d (%s), which has no contents",
                    symtab.name(), strtab.index(), strtab.name()));
        }
        // any other type is read as bytes, as the kernel does (7.3 checks it: livepatch lint, elf-strtab)
        ByteReader syms = image.data(symtab);
        ByteReader strings = image.data(strtab);
        ByteReader extended = extendedIndices(image, symtab);
        long count = syms.length() / entrySize;
        // count * entrySize <= length: no entry can be out of bounds, so the per-field reads below share one
        // constant description instead of building "symbol N" for each of vmlinux's 130 k entries.
        String what = "symbol table entry";
        List<Symbol> out = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            long at = (long) i * entrySize;
            long nameOffset;
            long value;
            long size;
            int info;
            int other;
            int shndx;
            if (is64) {
                nameOffset = syms.u32(at, what);
                info = syms.u8(at + 4, what);
                other = syms.u8(at + 5, what);
                shndx = syms.u16(at + 6, what);
                value = syms.u64(at + 8, what);
                size = syms.u64(at + 16, what);
            } else {
                nameOffset = syms.u32(at, what);
                value = syms.u32(at + 4, what);
                size = syms.u32(at + 8, what);
                info = syms.u8(at + 12, what);
                other = syms.u8(at + 13, what);
                shndx = syms.u16(at + 14, what);
            }
            if (shndx == Symbol.SHN_XINDEX && extended != null) {
                long x = extended.u32((long) i * 4, "extended section index of symbol " + i);
                shndx = (int) Math.min(x, Integer.MAX_VALUE);
            }
            String name = nameOffset == 0 ? "" : strings.cStringOrNull(nameOffset, strings.length());
            if (name == null && nameOffset >= strings.length()) {
                // what the kernel does with it depends on its version (livepatch lint says: elf-strtab)
                name = "<symbol " + i + ": name offset 0x" + Long.toHexString(nameOffset) + " outside the string table>";
            } else if (name == null) {
                // the table's last byte is not NUL: the kernel reads this name on past the table, through the rest of
                // its copy of the file, up to the next NUL (7.3 refuses such a table: livepatch lint, elf-strtab)
                ByteReader whole = image.reader();
                name = whole.cStringOrNull(strtab.offset() + nameOffset, whole.length());
                if (name == null) {
                    name = "<symbol " + i + ": name runs to the end of the file without a NUL>";
                }
            }
            out.add(new Symbol(i, name, value, size, info, other, shndx));
        }
        return java.util.Collections.unmodifiableList(out); // no second 130 k-element copy
    }

    private static ByteReader extendedIndices(ElfImage image, Section symtab) {
        for (Section s : image.sections()) {
            if (s.type() == Section.SHT_SYMTAB_SHNDX && s.link() == symtab.index()) {
                return image.data(s);
            }
        }
        return null;
    }
}
