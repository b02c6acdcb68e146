package dev.klpscope.elf;

/** {@code e_machine} values klpscope knows by name. */
public final class Machines {
    public static final int EM_386 = 3;
    public static final int EM_PPC = 20;
    public static final int EM_PPC64 = 21;
    public static final int EM_S390 = 22;
    public static final int EM_ARM = 40;
    public static final int EM_X86_64 = 62;
    public static final int EM_AARCH64 = 183;
    public static final int EM_RISCV = 243;
    public static final int EM_LOONGARCH = 258;

    private Machines() {
    }

    public static String name(int machine) {
        return switch (machine) {
            case EM_386 -> "i386";
            case EM_PPC -> "ppc";
            case EM_PPC64 -> "ppc64";
            case EM_S390 -> "s390x";
            case EM_ARM -> "arm";
            case EM_X86_64 -> "x86_64";
            case EM_AARCH64 -> "aarch64";
            case EM_RISCV -> "riscv";
            case EM_LOONGARCH -> "loongarch";
            default -> "machine " + machine;
        };
    }
}
