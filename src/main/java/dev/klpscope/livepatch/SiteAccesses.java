package dev.klpscope.livepatch;

import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Machines;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.module.code.X86Decoder;
import dev.klpscope.module.code.X86Instruction;
import dev.klpscope.module.code.X86Stores;

import java.util.Optional;

/**
 * What the code does at a relocation site ({@link SiteAccess}). A call by its relocation type or opcode
 * ({@link CallSites}); otherwise, on x86-64, the containing function is decoded from its entry to the instruction
 * holding the relocated field: the field is its memory operand's displacement (a read, or a write by
 * {@link X86Stores}; {@code lea} only takes the address), a {@code mov moffs} address ({@code a0}-{@code a3}), or an
 * immediate (the address is taken). A relocation in a section that holds no code stores an address. Other
 * architectures are not decoded: their sites are {@link SiteAccess#UNKNOWN}.
 */
final class SiteAccesses {

    private SiteAccesses() {
    }

    static SiteAccess of(ElfImage image, int targetSection, Relocation r, Optional<Symbol> function) {
        if (CallSites.isCall(image, targetSection, r)) {
            return SiteAccess.CALL;
        }
        if (targetSection <= 0 || targetSection >= image.sections().size()) {
            return SiteAccess.UNKNOWN;
        }
        Section section = image.section(targetSection);
        if (!section.isExecutable()) {
            return SiteAccess.ADDRESS;
        }
        if (image.header().machine() != Machines.EM_X86_64 || function.isEmpty() || !section.occupiesFile()) {
            return SiteAccess.UNKNOWN;
        }
        Symbol f = function.get();
        if (f.size() <= 0 || f.size() > Integer.MAX_VALUE || !image.data(section).fits(f.value(), f.size())) {
            return SiteAccess.UNKNOWN;
        }
        byte[] code = image.data(section).bytes(f.value(), (int) f.size(), "code of " + f.name());
        long field = r.offset() - f.value();
        int p = 0;
        while (p < code.length && p <= field) {
            Optional<X86Instruction> d = X86Decoder.decode(code, p, code.length);
            if (d.isEmpty()) {
                return SiteAccess.UNKNOWN;
            }
            X86Instruction insn = d.get();
            if (field < p + insn.length()) {
                return at(insn, (int) (field - p));
            }
            p += insn.length();
        }
        return SiteAccess.UNKNOWN;
    }

    /** The access of {@code insn} to whatever its field at {@code at} (bytes into the instruction) names. */
    private static SiteAccess at(X86Instruction insn, int at) {
        boolean moffs = insn.map() == 0 && insn.opcode() >= 0xa0 && insn.opcode() <= 0xa3;
        if (at == insn.dispAt()) {
            if (insn.map() == 0 && insn.opcode() == 0x8d) {
                return SiteAccess.ADDRESS; // lea
            }
            return X86Stores.toMemoryOperand(insn) ? SiteAccess.WRITE : SiteAccess.READ;
        }
        if (at == insn.immAt() && !insn.relative()) {
            return moffs ? (insn.opcode() >= 0xa2 ? SiteAccess.WRITE : SiteAccess.READ) : SiteAccess.ADDRESS;
        }
        return SiteAccess.UNKNOWN;
    }
}
