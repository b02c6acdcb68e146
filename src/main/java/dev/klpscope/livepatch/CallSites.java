package dev.klpscope.livepatch;

import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Machines;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.RelocationTypes;
import dev.klpscope.elf.Section;

/**
 * Whether a relocation fills the target of a call or jump, so what it names is a function: by its type where the
 * type says so ({@link RelocationTypes#isCall}), else, on x86-64, by the instruction around a {@code R_X86_64_PC32}
 * with addend -4: a {@code call}/{@code jmp rel32} (opcode {@code e8}/{@code e9}) or a {@code jcc rel32}
 * ({@code 0f 80}..{@code 0f 8f}) ends right after the field. (A RIP-relative data operand has a ModRM byte with
 * {@code mod=00} there, never {@code e8}/{@code e9}.)
 */
final class CallSites {

    private static final int R_X86_64_PC32 = 2;

    private CallSites() {
    }

    static boolean isCall(ElfImage image, int targetSection, Relocation r) {
        int machine = image.header().machine();
        if (RelocationTypes.isCall(machine, r.type())) {
            return true;
        }
        if (machine != Machines.EM_X86_64 || r.type() != R_X86_64_PC32 || r.addend() != -4
                || targetSection <= 0 || targetSection >= image.sections().size()) {
            return false;
        }
        Section code = image.section(targetSection);
        if (!code.isExecutable() || !code.occupiesFile() || r.offset() < 1) {
            return false;
        }
        var bytes = image.data(code);
        if (!bytes.fits(r.offset() - 1, 5)) {
            return false;
        }
        int opcode = bytes.u8(r.offset() - 1, "instruction before a relocated field");
        if (opcode == 0xe8 || opcode == 0xe9) {
            return true;
        }
        return r.offset() >= 2 && bytes.u8(r.offset() - 2, "instruction before a relocated field") == 0x0f
                && opcode >= 0x80 && opcode <= 0x8f;
    }
}
