package dev.klpscope.livepatch;

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

    static Value at(ModuleCode code, int section, List<X86Instructions.Insn> insns, int call, int register) {
        long callAt = insns.get(call).offset();
        Set<Long> targets = new HashSet<>();
        for (X86Instructions.Insn i : insns) {
            // a relocated jump leaves the function (a tail call, 6.12's jmp __x86_return_thunk): no target here
            if (i.immAt() < 0 || code.relocationAt(section, i.immAt()).isEmpty()) {
                i.branchTarget().ifPresent(targets::add);
            }
        }
        for (int k = call - 1; k >= 0; k--) {
            X86Instructions.Insn i = insns.get(k);
            if (i.endsStraightLine()) {
                return Value.not("id not constant: the call is reached by a jump");
            }
            if (!writes(i, register) || isFentry(code, section, i)) {
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
    private static boolean isFentry(ModuleCode code, int section, X86Instructions.Insn i) {
        return i.isDirectCallOrJump() && code.relocationAt(section, i.immAt())
                .filter(r -> r.symbolIndex() > 0 && r.symbolIndex() < code.symbols().size())
                .map(r -> code.symbols().get(r.symbolIndex()).name().equals("__fentry__")).orElse(false);
    }

    private static OptionalLong constant(ModuleCode code, int section, X86Instructions.Insn i, int register) {
        if (i.immAt() >= 0 && code.relocationAt(section, i.immAt()).isPresent()) {
            return OptionalLong.empty(); // mov $symbol, reg: an address
        }
        if (i.map() == 1 && i.prefix66() == 0 && i.opcode() >= 0xB8 && i.opcode() <= 0xBF) {
            return OptionalLong.of(i.rexW() ? i.imm() : i.imm() & 0xFFFF_FFFFL);
        }
        if (i.map() == 1 && i.prefix66() == 0 && i.opcode() == 0xC7 && i.mod() == 3) {
            return OptionalLong.of(i.rexW() ? i.imm() : i.imm() & 0xFFFF_FFFFL);
        }
        boolean selfClear = i.map() == 1 && (i.opcode() == 0x31 || i.opcode() == 0x33 || i.opcode() == 0x29
                || i.opcode() == 0x2B) && i.mod() == 3 && i.reg() == i.rm() && i.prefix66() == 0;
        return selfClear ? OptionalLong.of(0) : OptionalLong.empty();
    }

    /** Whether an instruction may write a general register (calls clobber the argument registers). */
    static boolean writes(X86Instructions.Insn i, int register) {
        if (i.isCall()) {
            return true;
        }
        int op = i.opcode();
        if (i.map() == 1) {
            if (op >= 0x58 && op <= 0x5F || op >= 0xB0 && op <= 0xBF) {
                return i.opcodeRegister() == register;
            }
            if (op >= 0x90 && op <= 0x97) {
                return i.opcodeRegister() == register || register == 0;
            }
            if (op >= 0xA4 && op <= 0xA7 || op >= 0xAA && op <= 0xAF) {
                return register == X86Instructions.RSI || register == X86Instructions.RDI; // string ops move both
            }
        }
        if (i.map() == 2 && op >= 0xC8 && op <= 0xCF) {
            return i.opcodeRegister() == register;
        }
        return i.writesRm() && i.mod() == 3 && i.rm() == register || i.writesReg() && i.reg() == register;
    }
}
