package dev.klpscope.elf;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the section header table and checks it before anything else looks at it: the table lies inside
 * the file, every section with file contents lies inside the file, links are in range and names come
 * from a valid {@code .shstrtab}. Extended numbering ({@code e_shnum == 0}, {@code SHN_XINDEX}) is
 * followed as the ELF gABI says.
 */
final class SectionTableReader {

    /** Appended where 6.1's elf_validity_check rejects the file for the same reason. */
    static final String KERNEL = "; the kernel rejects it too: invalid module format (-ENOEXEC)";

    private SectionTableReader() {
    }

    static List<Section> read(ByteReader data, ElfHeader h) {
        String file = data.file();
        boolean is64 = h.is64();
        int entrySize = is64 ? 64 : 40;
        long shoff = h.sectionHeaderOffset();
        if (shoff == 0) {
            if (h.sectionCount() != 0) {
                throw new MalformedInputException(file, "e_shoff is 0 but e_shnum is " + h.sectionCount(), is64 ? 0x28 : 0x20);
            }
            return List.of();
        }
        if (h.sectionHeaderEntrySize() != entrySize) {
            throw new MalformedInputException(file, String.format("section header entry size is %d, expected %d for %s",
                    h.sectionHeaderEntrySize(), entrySize, h.className()), is64 ? 0x3a : 0x2e);
        }
        if (shoff < 0 || shoff >= data.length()) {
            throw new MalformedInputException(file, String.format(
                    "section header table offset 0x%x lies outside the file (%d bytes)" + KERNEL, shoff, data.length()), is64 ? 0x28 : 0x20);
        }
        long count = h.sectionCount();
        long nameIndex = h.sectionNameTableIndex();
        if (count == 0 || nameIndex == Symbol.SHN_XINDEX) {
            data.require(shoff, entrySize, "section header 0");
            long size0 = data.word(shoff + (is64 ? 32 : 20), is64, "section 0 size");
            if (count == 0) {
                count = size0;
            }
            if (nameIndex == Symbol.SHN_XINDEX) {
                nameIndex = data.u32(shoff + (is64 ? 40 : 24), "section 0 link");
            }
        }
        // Unsigned: with extended numbering the count is section 0's 64-bit sh_size, which may have the top bit set.
        if (Long.compareUnsigned(count, (data.length() - shoff) / entrySize) > 0) {
            throw new MalformedInputException(file, String.format(
                    "section header table (%s entries of %d bytes at 0x%x) extends past the end of the file (%d bytes)" + KERNEL,
                    Long.toUnsignedString(count), entrySize, shoff, data.length()), shoff);
        }
        int n = (int) count;
        long[][] raw = new long[n][];
        for (int i = 0; i < n; i++) {
            raw[i] = readHeader(data, shoff + (long) i * entrySize, is64);
        }
        if (nameIndex >= n) {
            throw new MalformedInputException(file, "section name table index " + nameIndex + " is out of range (" + n + " sections)",
                    is64 ? 0x3e : 0x32);
        }
        long[] names = raw[(int) nameIndex];
        if (names[1] == Section.SHT_NOBITS) {
            throw new MalformedInputException(file, "section name table (section " + nameIndex + ") has no contents (NOBITS)",
                    shoff + nameIndex * entrySize);
        }
        // any other type is read as bytes, as the kernel does (7.3 checks it: livepatch lint, elf-sections)
        checkContents(data, names, (int) nameIndex, shoff + nameIndex * entrySize);
        List<Section> sections = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long[] s = raw[i];
            long at = shoff + (long) i * entrySize;
            checkContents(data, s, i, at);
            String name;
            if (i == 0 && s[0] == 0) {
                name = "";
            } else if (s[0] >= names[5] && s[1] != Section.SHT_SYMTAB && s[1] != Section.SHT_STRTAB) {
                // whether the kernel rejects, ignores or oopses on it depends on its version and the section's flags:
                // livepatch lint says which (elf-sections)
                name = "<section " + i + ": name offset 0x" + Long.toHexString(s[0]) + " outside .shstrtab>";
            } else {
                try {
                    name = data.cString(names[4] + s[0], names[4] + names[5], "name of section " + i);
                } catch (MalformedInputException e) {
                    // every version's elf_validity_check: .shstrtab must end in NUL
                    boolean kernelRejects = names[5] == 0 || data.u8(names[4] + names[5] - 1, ".shstrtab") != 0;
                    throw new MalformedInputException(file, e.problem() + (kernelRejects ? KERNEL : ""),
                            e.offset().orElse(-1));
                }
            }
            if (s[7] >= n && s[1] != Section.SHT_NULL && s[1] != Section.SHT_SYMTAB && s[1] != Section.SHT_STRTAB && s[1] != Section.SHT_DYNSYM) {
                // the kernel reads no sh_link but the symbol table's (livepatch lint warns: elf-sections)
                s[7] = 0;
            } else if (s[7] >= n && s[1] != Section.SHT_NULL) {
                throw new MalformedInputException(file, String.format("section %d (%s) links to section %d, but there are only %d",
                        i, name, s[7], n), at + (is64 ? 40 : 24));
            }
            sections.add(new Section(i, name, s[1], s[2], s[3], s[4], s[5], (int) s[7], s[8], s[9], s[6]));
        }
        return List.copyOf(sections);
    }

    /** {name, type, flags, addr, offset, size, entsize, link, info, align}, widened to unsigned. */
    private static long[] readHeader(ByteReader d, long at, boolean is64) {
        String what = "section header at 0x" + Long.toHexString(at);
        if (is64) {
            return new long[]{d.u32(at, what), d.u32(at + 4, what), d.u64(at + 8, what), d.u64(at + 16, what),
                    d.u64(at + 24, what), d.u64(at + 32, what), d.u64(at + 56, what), d.u32(at + 40, what),
                    d.u32(at + 44, what), d.u64(at + 48, what)};
        }
        return new long[]{d.u32(at, what), d.u32(at + 4, what), d.u32(at + 8, what), d.u32(at + 12, what),
                d.u32(at + 16, what), d.u32(at + 20, what), d.u32(at + 36, what), d.u32(at + 24, what),
                d.u32(at + 28, what), d.u32(at + 32, what)};
    }

    private static void checkContents(ByteReader data, long[] s, int index, long at) {
        long type = s[1];
        if (type == Section.SHT_NOBITS || type == Section.SHT_NULL) {
            return;
        }
        long offset = s[4];
        long size = s[5];
        if (Long.compareUnsigned(offset, data.length()) > 0 || Long.compareUnsigned(size, data.length() - offset) > 0) {
            throw new MalformedInputException(data.file(), String.format(
                    "section %d: contents (offset 0x%x, size %d) extend past the end of the file (%d bytes)" + KERNEL,
                    index, offset, size, data.length()), at);
        }
    }
}
