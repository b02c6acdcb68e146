package dev.klpscope.livepatch.lint;

import dev.klpscope.elf.Machines;
import dev.klpscope.module.KernelVersion;

import java.util.Map;

/**
 * Which machines' kernels have livepatch ({@code select HAVE_LIVEPATCH} in arch/{@literal *}/Kconfig), and from which
 * modelled release: x86_64, ppc (64 and 32) and s390 in 6.1; loongarch from 6.12; arm64 from 7.3; riscv in none.
 */
final class LivepatchArches {

    private static final Map<Integer, KernelVersion> SINCE = Map.of(
            Machines.EM_X86_64, KernelVersion.of(6, 1),
            Machines.EM_PPC64, KernelVersion.of(6, 1),
            Machines.EM_PPC, KernelVersion.of(6, 1),
            Machines.EM_S390, KernelVersion.of(6, 1),
            Machines.EM_LOONGARCH, KernelVersion.of(6, 12),
            Machines.EM_AARCH64, KernelVersion.of(7, 3));

    private LivepatchArches() {
    }

    static boolean has(int machine, KernelRules kernel) {
        KernelVersion since = SINCE.get(machine);
        return since != null && kernel.modelled().compareTo(since) >= 0;
    }

    static boolean everHas(int machine) {
        return SINCE.containsKey(machine);
    }

    static KernelVersion since(int machine) {
        return SINCE.get(machine);
    }
}
