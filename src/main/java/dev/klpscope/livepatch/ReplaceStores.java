package dev.klpscope.livepatch;

import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.Symbol;
import dev.klpscope.module.code.PlacedInstruction;
import dev.klpscope.module.code.X86Instruction;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds instructions of the patch's code (x86-64) that write {@code klp_patch.replace}: a memory operand whose
 * relocation reaches the field. RIP-relative operands ({@code R_X86_64_PC32}) reach {@code S + A} plus the bytes
 * from the displacement to the instruction's end; absolute ones ({@code R_X86_64_32S}) reach {@code S + A}.
 */
final class ReplaceStores {

    private static final int R_X86_64_32 = 10;
    private static final int R_X86_64_32S = 11;
    private static final int R_X86_64_PC32 = 2;

    private ReplaceStores() {
    }

    static List<ReplaceStore> find(ModuleCode code, ModuleCode.Place field) {
        List<ReplaceStore> out = new ArrayList<>();
        if (!code.decodable()) {
            return out;
        }
        for (ModuleCode.CodeRelocation cr : code.relocations()) {
            Relocation r = cr.relocation();
            if (r.type() != R_X86_64_PC32 && r.type() != R_X86_64_32S && r.type() != R_X86_64_32) {
                continue;
            }
            Optional<ModuleCode.Place> to = code.definedTarget(cr.symbol(), r.addend());
            // a displacement is followed by at most an imm32 before the instruction's end: reaches S + A + 4 … S + A + 8
            long gap = field.offset() - to.map(ModuleCode.Place::offset).orElse(Long.MIN_VALUE / 2);
            if (to.isEmpty() || to.get().section() != field.section() || gap < 0 || gap > 8) {
                continue;
            }
            Optional<Symbol> function = code.function(cr.section(), r.offset());
            List<PlacedInstruction> insns = function.flatMap(code::instructions).orElse(List.of());
            for (int k = 0; k < insns.size(); k++) {
                PlacedInstruction i = insns.get(k);
                if (i.dispAt() != r.offset()) {
                    continue;
                }
                long reached = to.get().offset() + (r.type() == R_X86_64_PC32 ? i.end() - r.offset() : 0);
                if (reached == field.offset() && X86Effects.writesRm(i.insn())) {
                    out.add(store(code, cr.section(), function.get(), insns, k));
                }
            }
        }
        return out;
    }

    private static ReplaceStore store(ModuleCode code, int section, Symbol function, List<PlacedInstruction> insns, int k) {
        PlacedInstruction placed = insns.get(k);
        X86Instruction i = placed.insn();
        String sectionName = code.section(section).name();
        if (i.map() == 0 && (i.opcode() == 0xC6 || i.opcode() == 0xC7) && i.immAt() >= 0) {
            return new ReplaceStore(function.name(), sectionName, placed.offset(), OptionalLong.of(i.imm()), "", false);
        }
        String from = lastLoad(code, section, insns, k);
        boolean param = !from.isEmpty() && code.symbols().stream().anyMatch(s -> s.name().equals("__param_" + from));
        return new ReplaceStore(function.name(), sectionName, placed.offset(), OptionalLong.empty(), from, param);
    }

    /** The data object the nearest earlier memory operand of the function reads (the value's likely source). */
    private static String lastLoad(ModuleCode code, int section, List<PlacedInstruction> insns, int before) {
        for (int k = before - 1; k >= 0; k--) {
            PlacedInstruction i = insns.get(k);
            if (!X86Effects.hasMemoryOperand(i.insn()) || X86Effects.writesRm(i.insn()) || i.dispAt() < 0) {
                continue;
            }
            Optional<Relocation> r = code.relocationAt(section, i.dispAt());
            if (r.isEmpty() || r.get().symbolIndex() <= 0 || r.get().symbolIndex() >= code.symbols().size()) {
                continue;
            }
            Symbol s = code.symbols().get(r.get().symbolIndex());
            long extra = r.get().type() == R_X86_64_PC32 ? i.end() - i.dispAt() : 0;
            Optional<ModuleCode.Place> at = code.definedTarget(s, r.get().addend() + extra);
            Optional<Symbol> object = at.flatMap(p -> code.objectCovering(p.section(), p.offset()));
            if (object.isPresent()) {
                return object.get().name();
            }
            if (s.isUndefined() && !s.name().isEmpty()) {
                return s.name();
            }
        }
        return "";
    }
}
