package dev.klpscope.livepatch;

import dev.klpscope.module.code.PlacedInstruction;
import dev.klpscope.module.code.X86Instruction;

import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The value an x86-64 argument register holds at a call: the last instruction before the call, in the caller's
 * straight-line code, that writes the register. A constant when that is {@code mov $imm, reg} (with no relocation
 * in the immediate: that would be an address) or {@code xor reg, reg}; otherwise, or when another path joins in
 * between, not a constant.
 */
final class RegisterValues {

    /** What the register holds: a constant, or why not. */
    record Value(OptionalLong constant, String why) {
        static Value of(long v) {
            return new Value(OptionalLong.of(v), "");
        }

        static Value not(String why) {
            return new Value(OptionalLong.empty(), why);
        }
    }

    private RegisterValues() {
    }

    static Value at(ModuleCode code, int section, List<PlacedInstruction> insns, int call, int register) {
        long callAt = insns.get(call).offset();
        Set<Long> targets = new HashSet<>();
        for (PlacedInstruction i : insns) {
            // a relocated jump leaves the function (a tail call, 6.12's jmp __x86_return_thunk): no target here
            if (!i.insn().isCall() && (i.immAt() < 0 || code.relocationAt(section, i.immAt()).isEmpty())) {
                i.branchTarget().ifPresent(targets::add);
            }
        }
        for (int k = call - 1; k >= 0; k--) {
            PlacedInstruction i = insns.get(k);
            if (X86Effects.endsStraightLine(i.insn())) {
                return Value.not("id not constant: the call is reached by a jump");
            }
            if (!X86Effects.writes(i.insn(), register) || isFentry(code, section, i)) {
                continue;
            }
            for (long t : targets) {
                if (t > i.offset() && t <= callAt) {
                    return Value.not("id not constant: another path joins before the call");
                }
            }
            OptionalLong c = constant(code, section, i, register);
            return c.isPresent() ? Value.of(c.getAsLong()) : Value.not("id not constant: computed at "
                    + code.section(section).name() + "+0x" + Long.toHexString(i.offset()));
        }
        return Value.not("id not constant: the caller's own argument");
    }

    /** {@code call __fentry__} (ftrace's entry hook) saves and restores every argument register. */
    private static boolean isFentry(ModuleCode code, int section, PlacedInstruction i) {
        return i.insn().isCall() && code.relocationAt(section, i.immAt())
                .filter(r -> r.symbolIndex() > 0 && r.symbolIndex() < code.symbols().size())
                .map(r -> code.symbols().get(r.symbolIndex()).name().equals("__fentry__")).orElse(false);
    }

    private static OptionalLong constant(ModuleCode code, int section, PlacedInstruction placed, int register) {
        if (placed.immAt() >= 0 && code.relocationAt(section, placed.immAt()).isPresent()) {
            return OptionalLong.empty(); // mov $symbol, reg: an address
        }
        X86Instruction i = placed.insn();
        boolean plain = i.map() == 0 && !i.operandSize16() && !i.vex();
        if (plain && (i.opcode() >= 0xB8 && i.opcode() <= 0xBF || i.opcode() == 0xC7 && i.mod() == 3)) {
            return OptionalLong.of(i.rexW() ? i.imm() : i.imm() & 0xFFFF_FFFFL);
        }
        boolean selfClear = plain && (i.opcode() == 0x31 || i.opcode() == 0x33 || i.opcode() == 0x29
                || i.opcode() == 0x2B) && i.mod() == 3 && i.reg() == i.rmRegister();
        return selfClear ? OptionalLong.of(0) : OptionalLong.empty();
    }
}
