package dev.klpscope.elf;

/**
 * One symbol-table entry ({@code Elf64_Sym}) with its name. {@code sectionIndex} is the unsigned
 * {@code st_shndx} (so {@code SHN_LIVEPATCH} is 0xff20, not a negative short as jelf reports it).
 */
public record Symbol(
        int index,
        String name,
        long value,
        long size,
        int info,
        int other,
        int sectionIndex) {

    public static final int SHN_UNDEF = 0;
    public static final int SHN_LORESERVE = 0xff00;
    /** {@code st_shndx} of livepatch symbols ({@code include/uapi/linux/elf.h}). */
    public static final int SHN_LIVEPATCH = 0xff20;
    public static final int SHN_ABS = 0xfff1;
    public static final int SHN_COMMON = 0xfff2;
    public static final int SHN_XINDEX = 0xffff;

    public static final int STT_NOTYPE = 0;
    public static final int STT_OBJECT = 1;
    public static final int STT_FUNC = 2;
    public static final int STT_SECTION = 3;
    public static final int STT_FILE = 4;
    public static final int STT_COMMON = 5;
    public static final int STT_TLS = 6;

    public static final int STB_LOCAL = 0;
    public static final int STB_GLOBAL = 1;
    public static final int STB_WEAK = 2;

    public int type() {
        return info & 0xf;
    }

    public int binding() {
        return info >>> 4;
    }

    public boolean isUndefined() {
        return sectionIndex == SHN_UNDEF;
    }

    public boolean isLivepatch() {
        return sectionIndex == SHN_LIVEPATCH;
    }

    public boolean isFunction() {
        return type() == STT_FUNC;
    }

    public boolean isObject() {
        return type() == STT_OBJECT || type() == STT_TLS || type() == STT_COMMON;
    }

    public boolean isLocal() {
        return binding() == STB_LOCAL;
    }

    public String typeName() {
        return switch (type()) {
            case STT_NOTYPE -> "NOTYPE";
            case STT_OBJECT -> "OBJECT";
            case STT_FUNC -> "FUNC";
            case STT_SECTION -> "SECTION";
            case STT_FILE -> "FILE";
            case STT_COMMON -> "COMMON";
            case STT_TLS -> "TLS";
            default -> "STT_" + type();
        };
    }

    public String bindingName() {
        return switch (binding()) {
            case STB_LOCAL -> "LOCAL";
            case STB_GLOBAL -> "GLOBAL";
            case STB_WEAK -> "WEAK";
            default -> "STB_" + binding();
        };
    }

    /** {@code readelf}-style section index: UND, ABS, COM, {@code OS [0xff20]} or the number. */
    public String sectionIndexName() {
        return switch (sectionIndex) {
            case SHN_UNDEF -> "UND";
            case SHN_ABS -> "ABS";
            case SHN_COMMON -> "COM";
            default -> sectionIndex >= 0xff20 && sectionIndex <= 0xff3f
                    ? String.format("OS [0x%x]", sectionIndex)
                    : Integer.toString(sectionIndex);
        };
    }
}
