package dev.klpscope.livepatch;

import dev.klpscope.module.code.X86Instruction;
import dev.klpscope.module.code.X86Stores;

/**
 * What an x86-64 instruction does to the general registers and to control flow, as far as the patch's own code is
 * read for (argument values at a call, stores to a field): the subset gcc emits for kernel code. Where an
 * instruction is not in that subset the answers lean to "may write", so that a value is called not constant
 * rather than guessed. Opcode maps as {@link X86Instruction#map()}: 0 one-byte, 1 {@code 0F}, 2/3 {@code 0F 38/3A}.
 */
final class X86Effects {

    /** Registers by their encoding number. */
    static final int RSI = 6;
    static final int RDI = 7;

    private X86Effects() {
    }

    /** Whether an instruction may write a general register (calls clobber the argument registers). */
    static boolean writes(X86Instruction i, int register) {
        if (isCall(i) || i.vex()) {
            return true; // a VEX form may write the register VEX.vvvv names, which is not decoded
        }
        int op = i.opcode();
        if (i.map() == 0) {
            if (op >= 0x58 && op <= 0x5F || op >= 0xB0 && op <= 0xBF) {
                return i.opcodeRegister() == register;
            }
            if (op >= 0x90 && op <= 0x97) {
                return i.opcodeRegister() == register || register == 0;
            }
            if (op >= 0xA4 && op <= 0xA7 || op >= 0xAA && op <= 0xAF) {
                return register == RSI || register == RDI; // string ops move both
            }
        }
        if (i.map() == 1 && op >= 0xC8 && op <= 0xCF) {
            return i.opcodeRegister() == register;
        }
        return writesRm(i) && i.rmRegister() == register || writesReg(i) && i.reg() == register;
    }

    /** A direct or indirect call. */
    static boolean isCall(X86Instruction i) {
        int r = i.reg() & 7;
        return i.map() == 0 && (i.opcode() == 0xE8 || i.opcode() == 0xFF && (r == 2 || r == 3));
    }

    /** Control never falls through: jmp, ret, ud2, or a tail call. */
    static boolean endsStraightLine(X86Instruction i) {
        int r = i.reg() & 7;
        return i.map() == 0 && (i.opcode() == 0xE9 || i.opcode() == 0xEB || i.opcode() == 0xC3 || i.opcode() == 0xC2
                || i.opcode() == 0xFF && (r == 4 || r == 5)) || i.map() == 1 && i.opcode() == 0x0B;
    }

    /** Reads or writes memory through ModRM (not a register operand, not {@code lea}). */
    static boolean hasMemoryOperand(X86Instruction i) {
        return i.modrm() >= 0 && i.mod() != 3 && !(i.map() == 0 && i.opcode() == 0x8D);
    }

    /** Does this instruction write its ModRM.rm operand (register or memory)? A VEX form may, whatever it is. */
    static boolean writesRm(X86Instruction i) {
        return i.modrm() >= 0 && (i.vex() || X86Stores.toRmOperand(i));
    }

    /** Does this instruction write its ModRM.reg operand? */
    static boolean writesReg(X86Instruction i) {
        if (i.modrm() < 0) {
            return false;
        }
        int op = i.opcode();
        if (i.vex()) {
            return true;
        }
        if (i.map() == 0) {
            if (op < 0x40) {
                int low = op & 7;
                return (low == 2 || low == 3) && (op & 0xF8) != 0x38;
            }
            return switch (op) {
                case 0x63, 0x69, 0x6B, 0x86, 0x87, 0x8A, 0x8B, 0x8D -> true;
                default -> false;
            };
        }
        if (i.map() == 1) {
            return op >= 0x40 && op <= 0x4F || op == 0xAF || op >= 0xB6 && op <= 0xB8 || op >= 0xBC && op <= 0xBF
                    || op == 0xC0 || op == 0xC1 || op == 0x02 || op == 0x03;
        }
        return true; // 0F 38 / 0F 3A: crc32, movbe and the like
    }
}
