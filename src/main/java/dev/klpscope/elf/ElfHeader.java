package dev.klpscope.elf;

import java.nio.ByteOrder;

/** The fields of {@code Elf32_Ehdr}/{@code Elf64_Ehdr} that klpscope uses, widened to unsigned. */
public record ElfHeader(
        boolean is64,
        ByteOrder order,
        int osAbi,
        int type,
        int machine,
        long version,
        long flags,
        long sectionHeaderOffset,
        int headerSize,
        int sectionHeaderEntrySize,
        int sectionCount,
        int sectionNameTableIndex) {

    public static final int ET_REL = 1;
    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;

    public String className() {
        return is64 ? "ELF64" : "ELF32";
    }

    public String orderName() {
        return order == ByteOrder.LITTLE_ENDIAN ? "little-endian" : "big-endian";
    }

    public String machineName() {
        return Machines.name(machine);
    }

    public String typeName() {
        return switch (type) {
            case ET_REL -> "REL";
            case ET_EXEC -> "EXEC";
            case ET_DYN -> "DYN";
            case 4 -> "CORE";
            default -> "type " + type;
        };
    }
}
