package dev.klpscope.elf;

import java.util.Map;

/**
 * Relocation type names per machine, for the types that appear in kernel modules. What a type means for
 * the analysis (a call or a data access) is decided by {@link #isCall(int, int)}; the kernel's own
 * application of relocations is never emulated.
 */
public final class RelocationTypes {

    private static final Map<Integer, String> X86_64 = Map.ofEntries(
            Map.entry(0, "R_X86_64_NONE"), Map.entry(1, "R_X86_64_64"), Map.entry(2, "R_X86_64_PC32"),
            Map.entry(3, "R_X86_64_GOT32"), Map.entry(4, "R_X86_64_PLT32"), Map.entry(9, "R_X86_64_GOTPCREL"),
            Map.entry(10, "R_X86_64_32"), Map.entry(11, "R_X86_64_32S"), Map.entry(12, "R_X86_64_16"),
            Map.entry(13, "R_X86_64_PC16"), Map.entry(14, "R_X86_64_8"), Map.entry(15, "R_X86_64_PC8"),
            Map.entry(24, "R_X86_64_PC64"), Map.entry(41, "R_X86_64_GOTPCRELX"), Map.entry(42, "R_X86_64_REX_GOTPCRELX"));

    private static final Map<Integer, String> I386 = Map.of(
            0, "R_386_NONE", 1, "R_386_32", 2, "R_386_PC32", 3, "R_386_GOT32", 4, "R_386_PLT32",
            9, "R_386_GOTOFF", 10, "R_386_GOTPC");

    private static final Map<Integer, String> AARCH64 = Map.ofEntries(
            Map.entry(0, "R_AARCH64_NONE"), Map.entry(257, "R_AARCH64_ABS64"), Map.entry(258, "R_AARCH64_ABS32"),
            Map.entry(260, "R_AARCH64_PREL64"), Map.entry(261, "R_AARCH64_PREL32"), Map.entry(262, "R_AARCH64_PREL16"),
            Map.entry(274, "R_AARCH64_ADR_PREL_LO21"), Map.entry(275, "R_AARCH64_ADR_PREL_PG_HI21"),
            Map.entry(276, "R_AARCH64_ADR_PREL_PG_HI21_NC"), Map.entry(277, "R_AARCH64_ADD_ABS_LO12_NC"),
            Map.entry(278, "R_AARCH64_LDST8_ABS_LO12_NC"), Map.entry(280, "R_AARCH64_CONDBR19"),
            Map.entry(282, "R_AARCH64_JUMP26"), Map.entry(283, "R_AARCH64_CALL26"),
            Map.entry(284, "R_AARCH64_LDST16_ABS_LO12_NC"), Map.entry(285, "R_AARCH64_LDST32_ABS_LO12_NC"),
            Map.entry(286, "R_AARCH64_LDST64_ABS_LO12_NC"), Map.entry(299, "R_AARCH64_LDST128_ABS_LO12_NC"),
            Map.entry(311, "R_AARCH64_ADR_GOT_PAGE"), Map.entry(312, "R_AARCH64_LD64_GOT_LO12_NC"));

    private static final Map<Integer, String> PPC64 = Map.ofEntries(
            Map.entry(0, "R_PPC64_NONE"), Map.entry(1, "R_PPC64_ADDR32"), Map.entry(10, "R_PPC64_REL24"),
            Map.entry(26, "R_PPC64_REL32"), Map.entry(38, "R_PPC64_ADDR64"), Map.entry(44, "R_PPC64_REL64"),
            Map.entry(47, "R_PPC64_TOC16"), Map.entry(48, "R_PPC64_TOC16_LO"), Map.entry(49, "R_PPC64_TOC16_HI"),
            Map.entry(50, "R_PPC64_TOC16_HA"), Map.entry(51, "R_PPC64_TOC"), Map.entry(63, "R_PPC64_TOC16_DS"),
            Map.entry(64, "R_PPC64_TOC16_LO_DS"), Map.entry(109, "R_PPC64_TOCSAVE"), Map.entry(118, "R_PPC64_ENTRY"), Map.entry(116, "R_PPC64_REL24_NOTOC"),
            Map.entry(249, "R_PPC64_REL16"), Map.entry(250, "R_PPC64_REL16_LO"), Map.entry(251, "R_PPC64_REL16_HI"),
            Map.entry(252, "R_PPC64_REL16_HA"));

    /** 32-bit PowerPC (EM_PPC): the SysV ABI names, as binutils' elf/ppc.h spells them. */
    private static final Map<Integer, String> PPC = Map.ofEntries(
            Map.entry(0, "R_PPC_NONE"), Map.entry(1, "R_PPC_ADDR32"), Map.entry(2, "R_PPC_ADDR24"),
            Map.entry(3, "R_PPC_ADDR16"), Map.entry(4, "R_PPC_ADDR16_LO"), Map.entry(5, "R_PPC_ADDR16_HI"),
            Map.entry(6, "R_PPC_ADDR16_HA"), Map.entry(10, "R_PPC_REL24"), Map.entry(11, "R_PPC_REL14"),
            Map.entry(18, "R_PPC_PLTREL24"), Map.entry(26, "R_PPC_REL32"));

    private static final Map<Integer, String> S390X = Map.ofEntries(
            Map.entry(0, "R_390_NONE"), Map.entry(4, "R_390_32"), Map.entry(5, "R_390_PC32"), Map.entry(8, "R_390_PLT32"),
            Map.entry(16, "R_390_PC16DBL"), Map.entry(17, "R_390_PLT16DBL"), Map.entry(19, "R_390_PC32DBL"),
            Map.entry(20, "R_390_PLT32DBL"), Map.entry(21, "R_390_GOTPCDBL"), Map.entry(22, "R_390_64"),
            Map.entry(23, "R_390_PC64"), Map.entry(24, "R_390_GOT64"), Map.entry(25, "R_390_PLT64"),
            Map.entry(26, "R_390_GOTENT"));

    private RelocationTypes() {
    }

    public static String name(int machine, int type) {
        Map<Integer, String> names = table(machine);
        String name = names == null ? null : names.get(type);
        return name != null ? name : String.format("%s type %d", Machines.name(machine), type);
    }

    /** True when the machine knows this type at all (the kernel's loader rejects unknown types). */
    public static boolean isKnown(int machine, int type) {
        Map<Integer, String> names = table(machine);
        return names != null && names.containsKey(type);
    }

    /** True for types used by calls and jumps: their target is expected to be a function. */
    public static boolean isCall(int machine, int type) {
        return switch (machine) {
            case Machines.EM_X86_64 -> type == 4;
            case Machines.EM_386 -> type == 4;
            case Machines.EM_AARCH64 -> type == 282 || type == 283;
            case Machines.EM_PPC64 -> type == 10 || type == 116;
            case Machines.EM_PPC -> type == 10 || type == 18;
            case Machines.EM_S390 -> type == 8 || type == 17 || type == 20 || type == 25;
            default -> false;
        };
    }

    private static Map<Integer, String> table(int machine) {
        return switch (machine) {
            case Machines.EM_X86_64 -> X86_64;
            case Machines.EM_386 -> I386;
            case Machines.EM_AARCH64 -> AARCH64;
            case Machines.EM_PPC64 -> PPC64;
            case Machines.EM_PPC -> PPC;
            case Machines.EM_S390 -> S390X;
            default -> null;
        };
    }
}
