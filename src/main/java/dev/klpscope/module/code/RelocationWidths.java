package dev.klpscope.module.code;

import dev.klpscope.elf.Machines;

/** How many bytes a relocation type writes, and whether it is PC-relative (x86-64: the field's distance to the next instruction). */
final class RelocationWidths {

    private RelocationWidths() {
    }

    static int width(int machine, int type) {
        return switch (machine) {
            case Machines.EM_X86_64 -> switch (type) {
                case 1, 24 -> 8;  // R_X86_64_64, R_X86_64_PC64
                case 12, 13 -> 2; // R_X86_64_16, R_X86_64_PC16
                case 14, 15 -> 1; // R_X86_64_8, R_X86_64_PC8
                default -> 4;
            };
            case Machines.EM_AARCH64 -> type == 257 || type == 260 ? 8 : 4; // ABS64, PREL64
            case Machines.EM_PPC64 -> type == 38 || type == 44 ? 8 : 4;     // ADDR64, REL64
            case Machines.EM_S390 -> type == 22 || type == 23 ? 8 : 4;
            default -> 4;
        };
    }

    /** ppc64 {@code I-form} branch displacement bits ({@code LI}), arm64 {@code imm26}. */
    static final long PPC_BRANCH = 0x03fffffcL;
    static final long ARM64_BRANCH = 0x03ffffffL;

    /**
     * For a relocation that writes a branch's displacement into a 4-byte instruction word (ppc64 {@code REL24},
     * {@code REL24_NOTOC}; arm64 {@code CALL26}, {@code JUMP26}), the bits it writes; 0 for any other.
     */
    static long branchField(int machine, int type) {
        if (machine == Machines.EM_PPC64 && (type == 10 || type == 116)) {
            return PPC_BRANCH;
        }
        if (machine == Machines.EM_AARCH64 && (type == 282 || type == 283)) {
            return ARM64_BRANCH;
        }
        return 0;
    }

    /** x86-64 PC-relative types: the value is {@code S + A - P}, and the CPU adds the next instruction's address. */
    static boolean pcRelative(int machine, int type) {
        return machine == Machines.EM_X86_64 && (type == 2 || type == 4 || type == 9 || type == 13 || type == 15
                || type == 24 || type == 26 || type == 41 || type == 42);
    }
}
