package dev.klpscope.module.code;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An x86-64 instruction-length decoder: prefixes, REX, VEX/EVEX, the one-byte and {@code 0F}/{@code 0F 38}/{@code 0F 3A}
 * maps, ModRM/SIB/displacement and immediates, bounds-checked. It decodes no semantics beyond where the fields that
 * can carry an address are and the immediate's value: enough to name what code reaches when a linked image has no
 * relocations, and for livepatch to read the patch's own code (the constant an argument register holds, a store to
 * a field). The project's one x86-64 decoder. Written here
 * because the Java decoders available (Zydis, Capstone bindings) need native libraries, and the tables kernels
 * need (64-bit mode, no 16-bit addressing) fit in a page. Intel SDM vol. 2, appendix A.
 */
public final class X86Decoder {

    private X86Decoder() {
    }

    private static final int M = 1;      // has ModRM
    private static final int IB = 2;     // imm8
    private static final int IW = 4;     // imm16
    private static final int IZ = 8;     // imm16/32 by operand size
    private static final int REL = 16;   // immediate is a branch displacement
    private static final int BAD = 32;   // invalid in 64-bit mode (or not handled)
    private static final int GRP3 = 64;  // F6/F7: immediate only for /0 and /1
    private static final int MOFFS = 128; // A0-A3: 64-bit address
    private static final int IV = 256;   // B8+r: imm32, imm64 with REX.W
    private static final int I3 = 512;   // ENTER: iw + ib

    private static final int[] ONE = new int[256];
    private static final int[] TWO = new int[256];

    static {
        for (int row = 0; row < 0x40; row += 8) { // ALU rows: op r/m,r / r,r/m / al,ib / eAX,iz
            ONE[row] = ONE[row + 1] = ONE[row + 2] = ONE[row + 3] = M;
            ONE[row + 4] = IB;
            ONE[row + 5] = IZ;
            ONE[row + 6] = ONE[row + 7] = BAD; // push/pop seg, daa.. (prefixes 26/2E/36/3E are taken before)
        }
        ONE[0x0f] = BAD; // escape, handled before the table
        ONE[0x63] = M;
        ONE[0x60] = ONE[0x61] = ONE[0x62] = BAD;
        ONE[0x68] = IZ;
        ONE[0x69] = M | IZ;
        ONE[0x6a] = IB;
        ONE[0x6b] = M | IB;
        for (int o = 0x70; o <= 0x7f; o++) {
            ONE[o] = IB | REL;
        }
        ONE[0x80] = M | IB;
        ONE[0x81] = M | IZ;
        ONE[0x82] = BAD;
        ONE[0x83] = M | IB;
        for (int o = 0x84; o <= 0x8f; o++) {
            ONE[o] = M;
        }
        ONE[0x9a] = BAD;
        for (int o = 0xa0; o <= 0xa3; o++) {
            ONE[o] = MOFFS;
        }
        ONE[0xa8] = IB;
        ONE[0xa9] = IZ;
        for (int o = 0xb0; o <= 0xb7; o++) {
            ONE[o] = IB;
        }
        for (int o = 0xb8; o <= 0xbf; o++) {
            ONE[o] = IV;
        }
        ONE[0xc0] = ONE[0xc1] = M | IB;
        ONE[0xc2] = IW;
        ONE[0xc6] = M | IB;
        ONE[0xc7] = M | IZ;
        ONE[0xc8] = I3;
        ONE[0xca] = IW;
        ONE[0xcd] = IB;
        ONE[0xce] = BAD;
        ONE[0xd0] = ONE[0xd1] = ONE[0xd2] = ONE[0xd3] = M;
        ONE[0xd4] = ONE[0xd5] = ONE[0xd6] = BAD;
        for (int o = 0xd8; o <= 0xdf; o++) {
            ONE[o] = M;
        }
        ONE[0xe0] = ONE[0xe1] = ONE[0xe2] = ONE[0xe3] = IB | REL;
        ONE[0xe4] = ONE[0xe5] = ONE[0xe6] = ONE[0xe7] = IB;
        ONE[0xe8] = ONE[0xe9] = IZ | REL;
        ONE[0xea] = BAD;
        ONE[0xeb] = IB | REL;
        ONE[0xf6] = ONE[0xf7] = M | GRP3;
        ONE[0xfe] = ONE[0xff] = M;

        java.util.Arrays.fill(TWO, M);
        for (int o : new int[] {0x05, 0x06, 0x07, 0x08, 0x09, 0x0b, 0x0e, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x37,
                0x77, 0xa0, 0xa1, 0xa2, 0xa8, 0xa9, 0xaa, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf}) {
            TWO[o] = 0;
        }
        for (int o : new int[] {0x04, 0x0a, 0x0c, 0x24, 0x25, 0x26, 0x27, 0x36, 0x39, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f,
                0x7a, 0x7b, 0xa6, 0xa7}) {
            TWO[o] = BAD;
        }
        TWO[0x0f] = M | IB; // 3DNow!: the opcode is the trailing byte
        for (int o = 0x70; o <= 0x73; o++) {
            TWO[o] = M | IB;
        }
        for (int o = 0x80; o <= 0x8f; o++) {
            TWO[o] = IZ | REL;
        }
        TWO[0xa4] = TWO[0xac] = TWO[0xba] = TWO[0xc2] = TWO[0xc4] = TWO[0xc5] = TWO[0xc6] = M | IB;
    }

    /** The instruction at {@code at} in {@code code[0..end)}, or empty when it is invalid or runs past {@code end}. */
    public static Optional<X86Instruction> decode(byte[] code, int at, int end) {
        end = Math.min(end, code.length);
        if (at < 0 || at >= end) {
            return Optional.empty();
        }
        int p = at;
        boolean opsize = false;
        boolean addrsize = false;
        boolean gs = false;
        int rex = 0;
        for (int n = 0; ; n++) { // legacy prefixes, at most 14 in all (an instruction is at most 15 bytes)
            if (p >= end || n > 14) {
                return Optional.empty();
            }
            int b = code[p] & 0xff;
            if (b == 0x66) {
                opsize = true;
            } else if (b == 0x67) {
                addrsize = true;
            } else if (b == 0x65) {
                gs = true;
            } else if (b != 0xf0 && b != 0xf2 && b != 0xf3 && b != 0x2e && b != 0x36 && b != 0x3e && b != 0x26 && b != 0x64) {
                break;
            }
            p++;
        }
        if ((code[p] & 0xf0) == 0x40) {
            rex = code[p] & 0xff;
            p++;
            if (p >= end) {
                return Optional.empty();
            }
        }
        int b = code[p] & 0xff;
        int map;
        int opcode;
        int flags;
        boolean vex = b == 0xc4 || b == 0xc5 || b == 0x62;
        if (vex) { // VEX3, VEX2, EVEX (always so in 64-bit mode)
            int prefixBytes = b == 0xc5 ? 2 : b == 0xc4 ? 3 : 4;
            if (p + prefixBytes >= end) {
                return Optional.empty();
            }
            map = b == 0xc5 ? 1 : (code[p + 1] & (b == 0x62 ? 0x07 : 0x1f));
            if (map < 1 || map > 3) {
                return Optional.empty();
            }
            if (b != 0xc5 && (code[p + 2] & 0x80) != 0) {
                rex |= 0x48; // VEX.W / EVEX.W
            }
            p += prefixBytes;
            opcode = code[p] & 0xff;
            flags = map == 3 ? M | IB : map == 2 ? M : (opcode == 0x77 ? 0 : TWO[opcode] & ~REL);
            if ((flags & BAD) != 0) {
                return Optional.empty();
            }
            p++;
        } else if (b == 0x0f) {
            p++;
            if (p >= end) {
                return Optional.empty();
            }
            int b2 = code[p] & 0xff;
            if (b2 == 0x38 || b2 == 0x3a) {
                p++;
                if (p >= end) {
                    return Optional.empty();
                }
                map = b2 == 0x38 ? 2 : 3;
                opcode = code[p] & 0xff;
                flags = map == 3 ? M | IB : M;
            } else {
                map = 1;
                opcode = b2;
                flags = TWO[opcode];
            }
            p++;
        } else {
            map = 0;
            opcode = b;
            flags = ONE[opcode];
            p++;
        }
        if ((flags & BAD) != 0) {
            return Optional.empty();
        }
        int modrm = -1;
        int dispAt = -1;
        boolean rip = false;
        if ((flags & M) != 0) {
            if (p >= end) {
                return Optional.empty();
            }
            modrm = code[p++] & 0xff;
            int mod = modrm >> 6;
            int rm = modrm & 7;
            if (mod != 3 && rm == 4) { // SIB
                if (p >= end) {
                    return Optional.empty();
                }
                int base = code[p++] & 7;
                if (mod == 0 && base == 5) {
                    dispAt = p;
                    p += 4;
                }
            }
            if (mod == 0 && rm == 5) {
                dispAt = p;
                rip = true;
                p += 4;
            } else if (mod == 1) {
                p += 1;
            } else if (mod == 2) {
                dispAt = p;
                p += 4;
            }
        }
        int imm;
        if ((flags & IB) != 0) {
            imm = 1;
        } else if ((flags & IW) != 0) {
            imm = 2;
        } else if ((flags & I3) != 0) {
            imm = 3;
        } else if ((flags & IZ) != 0) {
            imm = (flags & REL) != 0 || (rex & 8) != 0 || !opsize ? 4 : 2;
        } else if ((flags & IV) != 0) {
            imm = (rex & 8) != 0 ? 8 : opsize ? 2 : 4;
        } else if ((flags & MOFFS) != 0) {
            imm = addrsize ? 4 : 8;
        } else if ((flags & GRP3) != 0 && modrm >= 0 && ((modrm >> 3) & 7) < 2) {
            imm = opcode == 0xf6 ? 1 : (rex & 8) != 0 || !opsize ? 4 : 2;
        } else {
            imm = 0;
        }
        int immAt = imm == 0 ? -1 : p;
        p += imm;
        if (p > end || p - at > 15) {
            return Optional.empty();
        }
        return Optional.of(new X86Instruction(p - at, map, opcode, modrm, rex, dispAt < 0 ? -1 : dispAt - at, rip,
                immAt < 0 ? -1 : immAt - at, imm, (flags & REL) != 0, gs, opsize, vex, immediate(code, immAt, imm)));
    }

    /**
     * Every instruction of {@code code}, which starts at offset {@code base} of its section; empty unless all decode
     * and the last ends exactly at the end (a wrong length anywhere would end elsewhere).
     */
    public static Optional<List<PlacedInstruction>> decodeAll(byte[] code, long base) {
        List<PlacedInstruction> out = new ArrayList<>();
        int p = 0;
        while (p < code.length) {
            Optional<X86Instruction> d = decode(code, p, code.length);
            if (d.isEmpty()) {
                return Optional.empty();
            }
            out.add(new PlacedInstruction(base + p, d.get()));
            p += d.get().length();
        }
        return Optional.of(out);
    }

    /** The little-endian immediate at {@code at}, sign-extended; {@code enter}'s iw+ib reads as its iw. */
    private static long immediate(byte[] code, int at, int size) {
        int n = size == 3 ? 2 : size;
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (code[at + i] & 0xff);
        }
        return n == 0 || n == 8 ? v : (v << (64 - 8 * n)) >> (64 - 8 * n);
    }
}
