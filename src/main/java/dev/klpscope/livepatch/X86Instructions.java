package dev.klpscope.livepatch;

import dev.klpscope.elf.ByteReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A length decoder for the x86-64 integer instructions gcc emits for kernel code (the kernel builds with
 * {@code -mno-sse -mno-mmx -mno-80387}, so no VEX/EVEX forms): enough to walk a function from its entry,
 * find operand fields (ModRM, displacement, immediate) and say which general register an instruction writes.
 * Anything outside that subset ends the walk: callers then say "not decoded" rather than guess.
 */
final class X86Instructions {

    /** Registers by their encoding number. */
    static final int RSI = 6;
    static final int RDI = 7;

    /**
     * One decoded instruction.
     *
     * @param map       1 (one-byte opcodes), 2 ({@code 0F xx}), 3 ({@code 0F 38 xx} / {@code 0F 3A xx})
     * @param reg       ModRM.reg extended by REX.R, or -1 without ModRM
     * @param rm        ModRM.rm extended by REX.B when {@code mod == 3} (a register), else -1
     * @param dispAt    offset of the displacement field, or -1
     * @param immAt     offset of the immediate field, or -1
     */
    record Insn(long offset, int length, int map, int opcode, int prefix66, boolean rexW, boolean rexB, int mod, int reg,
                int rm, boolean ripRelative, long dispAt, int dispSize, long immAt, int immSize, long imm) {

        long end() {
            return offset + length;
        }

        boolean hasModrm() {
            return mod >= 0;
        }

        /** The register in the low three opcode bits (push/pop/mov-immediate/xchg/bswap), extended by REX.B. */
        int opcodeRegister() {
            return (opcode & 7) | (rexB ? 8 : 0);
        }

        /** {@code call rel32} or {@code jmp rel32}: the forms a relocated call or tail call takes. */
        boolean isDirectCallOrJump() {
            return map == 1 && (opcode == 0xE8 || opcode == 0xE9);
        }

        /** Relative branch target within the same section, when this is a jump or conditional jump. */
        Optional<Long> branchTarget() {
            boolean rel8 = map == 1 && (opcode >= 0x70 && opcode <= 0x7F || opcode == 0xEB || opcode >= 0xE0 && opcode <= 0xE3);
            boolean rel32 = map == 1 && opcode == 0xE9 || map == 2 && opcode >= 0x80 && opcode <= 0x8F;
            return rel8 || rel32 ? Optional.of(end() + imm) : Optional.empty();
        }

        /** Control never falls through: jmp, ret, ud2, or a tail call. */
        boolean endsStraightLine() {
            return map == 1 && (opcode == 0xE9 || opcode == 0xEB || opcode == 0xC3 || opcode == 0xC2
                    || opcode == 0xFF && ((reg & 7) == 4 || (reg & 7) == 5)) || map == 2 && opcode == 0x0B;
        }

        boolean isCall() {
            return map == 1 && (opcode == 0xE8 || opcode == 0xFF && (reg & 7) == 2 || opcode == 0xFF && (reg & 7) == 3);
        }

        /** Does this instruction write its ModRM.rm operand (register or memory)? */
        boolean writesRm() {
            if (!hasModrm()) {
                return false;
            }
            int r = reg & 7;
            if (map == 1) {
                if (opcode < 0x40) {
                    int low = opcode & 7;
                    return low <= 1 && (opcode & 0xF8) != 0x38; // ALU r/m, reg forms; cmp only reads
                }
                return switch (opcode) {
                    case 0x86, 0x87, 0x88, 0x89, 0x8C, 0x8F, 0xC6, 0xC7, 0xC0, 0xC1, 0xD0, 0xD1, 0xD2, 0xD3 -> true;
                    case 0x80, 0x81, 0x83 -> r != 7;
                    case 0xF6, 0xF7 -> r == 2 || r == 3;
                    case 0xFE, 0xFF -> r == 0 || r == 1;
                    default -> false;
                };
            }
            if (map == 2) {
                return opcode >= 0x90 && opcode <= 0x9F || opcode == 0xA4 || opcode == 0xA5 || opcode == 0xAB
                        || opcode == 0xAC || opcode == 0xAD || opcode == 0xB0 || opcode == 0xB1 || opcode == 0xB3
                        || opcode == 0xBB || opcode == 0xC0 || opcode == 0xC1 || opcode == 0xBA && r >= 5
                        || opcode == 0xC7 && mod == 3; // rdrand, rdseed
            }
            return false;
        }

        /** Does this instruction write its ModRM.reg operand? */
        boolean writesReg() {
            if (!hasModrm()) {
                return false;
            }
            if (map == 1) {
                if (opcode < 0x40) {
                    int low = opcode & 7;
                    return (low == 2 || low == 3) && (opcode & 0xF8) != 0x38;
                }
                return switch (opcode) {
                    case 0x63, 0x69, 0x6B, 0x86, 0x87, 0x8A, 0x8B, 0x8D -> true;
                    default -> false;
                };
            }
            if (map == 2) {
                return opcode >= 0x40 && opcode <= 0x4F || opcode == 0xAF || opcode >= 0xB6 && opcode <= 0xB8
                        || opcode == 0xBC || opcode == 0xBD || opcode == 0xBE || opcode == 0xBF || opcode == 0xC0
                        || opcode == 0xC1 || opcode == 0x02 || opcode == 0x03;
            }
            return map == 3;
        }

        /** Reads or writes memory through ModRM (not a register operand, not {@code lea}). */
        boolean hasMemoryOperand() {
            return hasModrm() && mod != 3 && !(map == 1 && opcode == 0x8D);
        }
    }

    private X86Instructions() {
    }

    /**
     * Decodes {@code [start, end)} of a section's bytes; empty when an instruction outside the supported subset
     * (or past the end) is met.
     */
    static Optional<List<Insn>> decode(ByteReader bytes, long start, long end) {
        List<Insn> out = new ArrayList<>();
        long at = start;
        while (at < end) {
            Optional<Insn> i = one(bytes, at, end);
            if (i.isEmpty()) {
                return Optional.empty();
            }
            out.add(i.get());
            at = i.get().end();
        }
        return Optional.of(out);
    }

    private static Optional<Insn> one(ByteReader b, long start, long end) {
        long at = start;
        int op66 = 0;
        boolean rexW = false;
        boolean rexR = false;
        boolean rexB = false;
        int limit = 15;
        int c;
        while (true) {
            if (at >= end || at - start >= limit) {
                return Optional.empty();
            }
            c = b.u8(at, "instruction");
            if (c == 0x66) {
                op66 = 1;
            } else if (!(c == 0xF0 || c == 0xF2 || c == 0xF3 || c == 0x2E || c == 0x36 || c == 0x3E || c == 0x26
                    || c == 0x64 || c == 0x65 || c == 0x67)) {
                break;
            }
            at++;
        }
        if ((c & 0xF0) == 0x40) {
            rexW = (c & 8) != 0;
            rexR = (c & 4) != 0;
            rexB = (c & 1) != 0;
            at++;
            if (at >= end) {
                return Optional.empty();
            }
            c = b.u8(at, "instruction");
        }
        at++;
        int map = 1;
        int opcode = c;
        if (c == 0x0F) {
            if (at >= end) {
                return Optional.empty();
            }
            int c2 = b.u8(at++, "instruction");
            if (c2 == 0x38 || c2 == 0x3A) {
                if (at >= end) {
                    return Optional.empty();
                }
                map = 3;
                opcode = (c2 << 8) | b.u8(at++, "instruction");
            } else {
                map = 2;
                opcode = c2;
            }
        }
        Form f = form(map, opcode, op66 == 1, rexW);
        if (f == null) {
            return Optional.empty();
        }
        int mod = -1;
        int reg = -1;
        int rm = -1;
        boolean rip = false;
        long dispAt = -1;
        int dispSize = 0;
        if (f.modrm) {
            if (at >= end) {
                return Optional.empty();
            }
            int m = b.u8(at++, "instruction");
            mod = m >> 6;
            int r = (m >> 3) & 7;
            int low = m & 7;
            reg = r | (rexR ? 8 : 0);
            if (mod == 3) {
                rm = low | (rexB ? 8 : 0);
            } else {
                if (low == 4) {
                    if (at >= end) {
                        return Optional.empty();
                    }
                    int sib = b.u8(at++, "instruction");
                    if ((sib & 7) == 5 && mod == 0) {
                        dispSize = 4;
                    }
                } else if (low == 5 && mod == 0) {
                    rip = true;
                    dispSize = 4;
                }
                if (mod == 1) {
                    dispSize = 1;
                } else if (mod == 2) {
                    dispSize = 4;
                }
                if (dispSize > 0) {
                    dispAt = at;
                    at += dispSize;
                }
            }
            // F6/F7 /0 and /1 (test) carry an immediate; the other /digits do not
            if (map == 1 && (opcode == 0xF6 || opcode == 0xF7) && r > 1) {
                f = new Form(true, 0);
            }
        }
        long immAt = -1;
        long imm = 0;
        int immSize = f.imm;
        if (immSize > 0) {
            if (at + immSize > end) {
                return Optional.empty();
            }
            immAt = at;
            imm = switch (immSize) {
                case 1 -> (byte) b.u8(at, "immediate");
                case 2 -> (short) b.u16(at, "immediate");
                case 3 -> b.u16(at, "immediate"); // enter imm16, imm8: only the length matters
                case 4 -> b.s32(at, "immediate");
                default -> b.u64(at, "immediate");
            };
            at += immSize;
        }
        if (at > end || at - start > limit) {
            return Optional.empty();
        }
        return Optional.of(new Insn(start, (int) (at - start), map, opcode, op66, rexW, rexB, mod, reg, rm, rip, dispAt,
                dispSize, immAt, immSize, imm));
    }

    private record Form(boolean modrm, int imm) {
    }

    private static final Form NONE = new Form(false, 0);
    private static final Form M = new Form(true, 0);

    /** ModRM presence and immediate size of an opcode; null for what this decoder does not know. */
    private static Form form(int map, int op, boolean op16, boolean rexW) {
        int z = op16 ? 2 : 4;
        if (map == 3) {
            return (op >> 8) == 0x3A ? new Form(true, 1) : M;
        }
        if (map == 2) {
            if (op >= 0x80 && op <= 0x8F) {
                return new Form(false, 4);
            }
            if (op == 0x05 || op == 0x06 || op == 0x07 || op == 0x08 || op == 0x09 || op == 0x0B || op == 0x0E
                    || op >= 0x30 && op <= 0x37 || op == 0x77 || op == 0xA0 || op == 0xA1 || op == 0xA2 || op == 0xA8
                    || op == 0xA9 || op == 0xAA || op >= 0xC8 && op <= 0xCF) {
                return NONE;
            }
            if (op == 0x0F || op >= 0x70 && op <= 0x73 || op == 0xA4 || op == 0xAC || op == 0xBA || op == 0xC2
                    || op >= 0xC4 && op <= 0xC6) {
                return new Form(true, 1);
            }
            if (op == 0x04 || op == 0x0A || op == 0x0C || op >= 0x24 && op <= 0x27 || op == 0x36 || op == 0x39
                    || op >= 0x3B && op <= 0x3F || op >= 0x7A && op <= 0x7B) {
                return null;
            }
            return M;
        }
        if (op < 0x40) {
            int low = op & 7;
            if (low <= 3) {
                return M;
            }
            if (low == 4) {
                return new Form(false, 1);
            }
            if (low == 5) {
                return new Form(false, z);
            }
            return null; // segment push/pop, daa…: invalid in 64-bit mode
        }
        if (op <= 0x5F) {
            return NONE; // push/pop r64 (REX handled before)
        }
        return switch (op) {
            case 0x63, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8B, 0x8C, 0x8D, 0x8E, 0x8F, 0xD0, 0xD1, 0xD2, 0xD3,
                    0xFE, 0xFF, 0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF -> M;
            case 0x68 -> new Form(false, 4);
            case 0x69, 0x81, 0xC7 -> new Form(true, z);
            case 0x6A, 0xCD, 0xE4, 0xE5, 0xE6, 0xE7, 0xEB, 0xA8 -> new Form(false, 1);
            case 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F,
                    0xE0, 0xE1, 0xE2, 0xE3 -> new Form(false, 1);
            case 0x6B, 0x80, 0x83, 0xC0, 0xC1, 0xC6 -> new Form(true, 1);
            case 0x6C, 0x6D, 0x6E, 0x6F, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9B, 0x9C, 0x9D,
                    0x9E, 0x9F, 0xA4, 0xA5, 0xA6, 0xA7, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xAF, 0xC3, 0xC9, 0xCB, 0xCC,
                    0xCF, 0xD7, 0xEC, 0xED, 0xEE, 0xEF, 0xF1, 0xF4, 0xF5, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD -> NONE;
            case 0xA9 -> new Form(false, z);
            case 0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7 -> new Form(false, 1);
            case 0xB8, 0xB9, 0xBA, 0xBB, 0xBC, 0xBD, 0xBE, 0xBF -> new Form(false, rexW ? 8 : z);
            case 0xC2, 0xCA -> new Form(false, 2);
            case 0xC8 -> new Form(false, 3);
            case 0xE8, 0xE9 -> new Form(false, 4);
            case 0xF6 -> new Form(true, 1);
            case 0xF7 -> new Form(true, z);
            default -> null; // A0-A3 moffs, VEX/EVEX, far forms
        };
    }
}
