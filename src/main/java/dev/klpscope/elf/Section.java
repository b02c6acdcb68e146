package dev.klpscope.elf;

/**
 * One section header ({@code Elf64_Shdr}), with its name already looked up. Offsets and sizes have been
 * checked against the file when the section table was read, except for {@code SHT_NOBITS} sections, which
 * occupy no bytes.
 */
public record Section(
        int index,
        String name,
        long type,
        long flags,
        long address,
        long offset,
        long size,
        int link,
        long info,
        long addressAlign,
        long entrySize) {

    public static final long SHT_NULL = 0;
    public static final long SHT_PROGBITS = 1;
    public static final long SHT_SYMTAB = 2;
    public static final long SHT_STRTAB = 3;
    public static final long SHT_RELA = 4;
    public static final long SHT_NOTE = 7;
    public static final long SHT_NOBITS = 8;
    public static final long SHT_REL = 9;
    public static final long SHT_DYNSYM = 11;
    public static final long SHT_SYMTAB_SHNDX = 18;

    public static final long SHF_WRITE = 0x1;
    public static final long SHF_ALLOC = 0x2;
    public static final long SHF_EXECINSTR = 0x4;
    public static final long SHF_INFO_LINK = 0x40;
    /** Marks a livepatch relocation section ({@code include/uapi/linux/elf.h}). */
    public static final long SHF_RELA_LIVEPATCH = 0x00100000;

    public boolean hasFlag(long flag) {
        return (flags & flag) != 0;
    }

    public boolean isAlloc() {
        return hasFlag(SHF_ALLOC);
    }

    public boolean isWritable() {
        return hasFlag(SHF_WRITE);
    }

    public boolean isExecutable() {
        return hasFlag(SHF_EXECINSTR);
    }

    public boolean occupiesFile() {
        return type != SHT_NOBITS && type != SHT_NULL;
    }

    public boolean isRelocation() {
        return type == SHT_RELA || type == SHT_REL;
    }

    /** Debug sections are never decoded unless asked: the analysis does not need DWARF. */
    public boolean isDebug() {
        return name.startsWith(".debug_") || name.startsWith(".rela.debug_") || name.startsWith(".rel.debug_")
                || name.startsWith(".zdebug_");
    }

    /** {@code readelf}-style flag letters, e.g. {@code AIo} for a livepatch relocation section. */
    public String flagLetters() {
        StringBuilder sb = new StringBuilder();
        if (hasFlag(SHF_WRITE)) sb.append('W');
        if (hasFlag(SHF_ALLOC)) sb.append('A');
        if (hasFlag(SHF_EXECINSTR)) sb.append('X');
        if (hasFlag(0x10)) sb.append('M');
        if (hasFlag(0x20)) sb.append('S');
        if (hasFlag(SHF_INFO_LINK)) sb.append('I');
        if (hasFlag(0x80)) sb.append('L');
        if (hasFlag(0x200)) sb.append('G');
        if (hasFlag(0x400)) sb.append('T');
        if (hasFlag(0x0ff00000)) sb.append('o');
        return sb.toString();
    }
}
