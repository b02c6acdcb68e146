package dev.klpscope.livepatch.lint;

import dev.klpscope.elf.Machines;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The relocation types each livepatch architecture's {@code apply_relocate_add} writes, and what it says of the
 * others, read from the arch sources of Debian's 6.1.176, 6.12.95 and 7.3.4 (arch/x86/kernel/module.c,
 * arch/arm64/kernel/module.c, arch/powerpc/kernel/module_64.c, arch/s390/kernel/module.c, arch/riscv/kernel/module.c,
 * arch/loongarch/kernel/module.c; type numbers from each arch's elf.h). Where an arch has no livepatch in a version
 * the table still answers: the file fails earlier, and the type is one more thing to fix.
 */
final class ArchRelocations {

    /** What the arch code does with a type it does not write: its message and how insmod reports the errno. */
    record Unknown(String message, String errno) {
    }

    private static final Set<Integer> X86_64 = Set.of(0, 1, 2, 4, 10, 11, 24); // NONE 64 PC32 PLT32 32 32S PC64

    /** arm64: 0 (R_ARM_NONE), 256..280, 282..293 (281 is unassigned), 299 (LDST128_ABS_LO12_NC); not the GOT ones (311, 312). */
    private static final Set<Integer> AARCH64 = range(Set.of(0, 299), 256, 280, 282, 293);

    /** ppc64 with CONFIG_PPC_KERNEL_PCREL=n (Debian ppc64el); R_PPC64_NONE (0) is not accepted. */
    private static final Set<Integer> PPC64 = Set.of(1, 10, 26, 38, 44, 47, 48, 50, 51, 63, 64, 109, 118, 250, 252);

    /** s390: 0..8, 13..36, 57..59; COPY, GLOB_DAT, JMP_SLOT, RELATIVE (9..12) fail without a message. */
    private static final Set<Integer> S390 = range(Set.of(), 0, 8, 13, 36, 57, 59);

    private static final Set<Integer> RISCV_6_1 = Set.of(1, 2, 16, 17, 18, 19, 20, 23, 24, 25, 26, 27, 28, 35, 36, 39, 40,
            44, 45, 51);
    private static final Set<Integer> RISCV_6_12 = union(RISCV_6_1, Set.of(33, 34, 37, 38, 52, 53, 54, 55, 56, 57, 59, 60, 61));

    private static final Set<Integer> LOONGARCH_6_1 = range(Set.of(0, 1, 2, 20, 21, 22, 23, 24, 29, 50, 51, 55, 56, 66),
            32, 37, 39, 46, 71, 76);
    private static final Set<Integer> LOONGARCH_6_12 = union(LOONGARCH_6_1, Set.of(99, 109));
    private static final Set<Integer> LOONGARCH_7_3 = union(LOONGARCH_6_12, Set.of(128, 129, 130, 131));

    private ArchRelocations() {
    }

    /** Whether the machine's {@code apply_relocate_add} writes this type; empty for a machine without a table. */
    static Optional<Boolean> accepts(int machine, KernelRules kernel, int type) {
        Set<Integer> known = switch (machine) {
            case Machines.EM_X86_64 -> X86_64;
            case Machines.EM_AARCH64 -> AARCH64;
            case Machines.EM_PPC64 -> PPC64;
            case Machines.EM_S390 -> S390;
            case Machines.EM_RISCV -> kernel.atLeast(6, 12) ? RISCV_6_12 : RISCV_6_1;
            case Machines.EM_LOONGARCH -> kernel.atLeast(7, 3) ? LOONGARCH_7_3
                    : kernel.atLeast(6, 12) ? LOONGARCH_6_12 : LOONGARCH_6_1;
            default -> null;
        };
        return known == null ? Optional.empty() : Optional.of(known.contains(type));
    }

    static Unknown unknown(int machine, String module, int type) {
        String noexec = "invalid module format, -ENOEXEC";
        String inval = "Invalid argument, -EINVAL";
        return switch (machine) {
            case Machines.EM_AARCH64 -> new Unknown("module " + module + ": unsupported RELA relocation: " + type, noexec);
            case Machines.EM_PPC64 -> new Unknown(module + ": Unknown ADD relocation: " + type, noexec);
            case Machines.EM_S390 -> new Unknown(type >= 9 && type <= 12 ? "" : "module " + module
                    + ": unknown relocation: " + type, noexec);
            case Machines.EM_RISCV -> new Unknown(module + ": Unknown relocation type " + type, inval);
            case Machines.EM_LOONGARCH -> new Unknown(module + ": Unsupport relocation type " + type, inval);
            default -> new Unknown(module + ": Unknown rela relocation: " + type, noexec);
        };
    }

    private static Set<Integer> range(Set<Integer> base, int... fromTo) {
        Set<Integer> out = new HashSet<>(base);
        for (int i = 0; i < fromTo.length; i += 2) {
            for (int t = fromTo[i]; t <= fromTo[i + 1]; t++) {
                out.add(t);
            }
        }
        return Set.copyOf(out);
    }

    private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
        Set<Integer> out = new HashSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }
}
