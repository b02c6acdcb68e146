package dev.klpscope.module.code;

/**
 * Which x86-64 integer instructions write the memory their ModRM operand names (Intel SDM vol. 2, opcode maps A-2,
 * A-3 and the group table A-6): the table that tells a patch's store into a variable from a read of it. A
 * {@code lock} prefix adds nothing here: every lockable instruction is already a read-modify-write of its memory
 * operand. Anything not listed reads its memory operand or does not touch it ({@code lea}, {@code nop},
 * {@code prefetch}); a register operand ({@code mod=11}) is never a store to memory, but the same table says
 * whether that register is written ({@link #toRmOperand}).
 */
public final class X86Stores {

    /** One-byte opcodes whose r/m operand is the destination, whatever ModRM.reg says. */
    private static final int[] ONE_BYTE = {
            0x00, 0x01, 0x08, 0x09, 0x10, 0x11, 0x18, 0x19, // add, or, adc, sbb r/m, reg
            0x20, 0x21, 0x28, 0x29, 0x30, 0x31,             // and, sub, xor r/m, reg (38/39 cmp only reads)
            0x86, 0x87,                                     // xchg r/m, reg (implicitly locked)
            0x88, 0x89, 0x8c,                               // mov r/m, reg / sreg
            0xc0, 0xc1, 0xd0, 0xd1, 0xd2, 0xd3,             // group 2: rol, ror, rcl, rcr, shl, shr, sar r/m
    };

    /** {@code 0F xx} opcodes whose r/m operand is the destination. */
    private static final int[] TWO_BYTE = {
            0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, // setcc r/m8
            0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f,
            0xa4, 0xa5, 0xac, 0xad,                         // shld, shrd r/m
            0xab, 0xb3, 0xbb,                               // bts, btr, btc r/m, reg (a3 bt only reads)
            0xb0, 0xb1,                                     // cmpxchg r/m, reg
            0xc0, 0xc1,                                     // xadd r/m, reg
            0xc3,                                           // movnti m, reg
    };

    private X86Stores() {
    }

    /** Whether {@code i} writes the memory its ModRM operand names (false without a memory operand). */
    public static boolean toMemoryOperand(X86Instruction i) {
        return i.modrm() >= 0 && (i.modrm() >> 6) != 3 && toRmOperand(i);
    }

    /**
     * Whether {@code i} writes its ModRM r/m operand, memory or register ({@code mod=11}: the same table, where
     * {@code 0F C7} is {@code rdrand}/{@code rdseed} rather than {@code cmpxchg8b}).
     */
    public static boolean toRmOperand(X86Instruction i) {
        if (i.modrm() < 0) {
            return false;
        }
        int reg = (i.modrm() >> 3) & 7;
        boolean register = (i.modrm() >> 6) == 3;
        return switch (i.map()) {
            case 0 -> contains(ONE_BYTE, i.opcode()) || groupStore(i.opcode(), reg);
            case 1 -> contains(TWO_BYTE, i.opcode())
                    || i.opcode() == 0xba && reg >= 5                 // bts/btr/btc r/m, imm8 (/4 bt only reads)
                    || i.opcode() == 0xc7 && (register ? reg >= 6 : reg == 1); // rdrand/rdseed r; cmpxchg8b/16b m
            default -> false;
        };
    }

    /** One-byte opcodes whose ModRM.reg selects the operation (the SDM's groups). */
    private static boolean groupStore(int opcode, int reg) {
        return switch (opcode) {
            case 0x80, 0x81, 0x83 -> reg != 7;                 // group 1: add..xor r/m, imm (/7 cmp only reads)
            case 0x8f -> reg == 0;                             // pop r/m
            case 0xc6, 0xc7 -> reg == 0;                       // mov r/m, imm
            case 0xf6, 0xf7 -> reg == 2 || reg == 3;           // group 3: not, neg (test, mul, div only read)
            case 0xfe -> reg == 0 || reg == 1;                 // group 4: inc, dec r/m8
            case 0xff -> reg == 0 || reg == 1;                 // group 5: inc, dec (call, jmp, push only read)
            default -> false;
        };
    }

    private static boolean contains(int[] table, int opcode) {
        for (int o : table) {
            if (o == opcode) {
                return true;
            }
        }
        return false;
    }
}
