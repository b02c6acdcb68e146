package dev.klpscope.module.code;

/**
 * One decoded x86-64 instruction: its length and where its address-carrying fields are ({@link X86Decoder}).
 *
 * @param length       bytes in all
 * @param map          opcode map: 0 one-byte, 1 {@code 0F}, 2 {@code 0F 38}, 3 {@code 0F 3A}
 * @param opcode       the opcode byte in that map
 * @param modrm        the ModRM byte, or -1 when there is none
 * @param rex          the REX prefix, or 0
 * @param dispAt       offset of a 32-bit displacement in the instruction, or -1 (8-bit ones carry no address)
 * @param ripRelative  whether that displacement is RIP-relative ({@code mod=00 rm=101})
 * @param immAt        offset of the immediate, or -1
 * @param immSize      its size in bytes
 * @param relative     whether the immediate is a branch displacement ({@code call}/{@code jmp}/{@code Jcc}/{@code loop})
 * @param gs           whether a {@code %gs} segment prefix is present (per-CPU access)
 * @param operandSize16 whether a {@code 66} operand-size prefix is present
 * @param vex          whether the instruction is VEX- or EVEX-encoded (a register may then be named in VEX.vvvv,
 *                     which is not decoded)
 * @param imm          the immediate's value, sign-extended (for {@code enter}, its 16-bit part); 0 when none
 */
public record X86Instruction(int length, int map, int opcode, int modrm, int rex, int dispAt, boolean ripRelative,
                             int immAt, int immSize, boolean relative, boolean gs, boolean operandSize16, boolean vex,
                             long imm) {

    public boolean rexW() {
        return (rex & 8) != 0;
    }

    /** {@code call rel32}. */
    public boolean isCall() {
        return map == 0 && opcode == 0xe8;
    }

    /** Direct {@code jmp} (rel8 or rel32). */
    public boolean isJump() {
        return map == 0 && (opcode == 0xe9 || opcode == 0xeb);
    }

    /** A conditional jump's condition code (0-15), or -1. */
    public int condition() {
        if (map == 0 && opcode >= 0x70 && opcode <= 0x7f) {
            return opcode - 0x70;
        }
        if (map == 1 && opcode >= 0x80 && opcode <= 0x8f) {
            return opcode - 0x80;
        }
        return -1;
    }

    /** {@code ff /2} or {@code ff /4} on a register: an indirect call or jump through it (what thunks replace). */
    public int indirectRegister() {
        if (map == 0 && opcode == 0xff && modrm >= 0xc0 && (((modrm >> 3) & 7) == 2 || ((modrm >> 3) & 7) == 4)) {
            return (modrm & 7) | ((rex & 1) << 3);
        }
        return -1;
    }

    public boolean indirectCall() {
        return indirectRegister() >= 0 && ((modrm >> 3) & 7) == 2;
    }

    /** ModRM.mod, or -1 when there is no ModRM. */
    public int mod() {
        return modrm < 0 ? -1 : modrm >> 6;
    }

    /** ModRM.reg extended by REX.R, or -1 when there is no ModRM. */
    public int reg() {
        return modrm < 0 ? -1 : ((modrm >> 3) & 7) | ((rex & 4) << 1);
    }

    /** The register ModRM.rm names, extended by REX.B, when {@code mod == 3}; else -1 (a memory operand or none). */
    public int rmRegister() {
        return mod() != 3 ? -1 : (modrm & 7) | ((rex & 1) << 3);
    }

    /** The register in the opcode's low three bits (push/pop, mov-immediate, xchg, bswap), extended by REX.B. */
    public int opcodeRegister() {
        return (opcode & 7) | ((rex & 1) << 3);
    }

    /** Where a relative branch goes, as an offset from this instruction's start. */
    public java.util.OptionalLong branchOffset() {
        return relative ? java.util.OptionalLong.of(length + imm) : java.util.OptionalLong.empty();
    }
}
