package dev.klpscope.module.types.dwarf;

import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.MalformedInputException;

/**
 * A read position in one debug section: every read goes through {@link ByteReader}, so a length, offset or LEB128
 * running past the section is malformed input naming the file and offset.
 */
final class Cursor {

    final ByteReader data;
    final String what;
    long at;

    Cursor(ByteReader data, long at, String what) {
        this.data = data;
        this.at = at;
        this.what = what;
    }

    int u8() {
        return data.u8(at++, what);
    }

    int u16() {
        int v = data.u16(at, what);
        at += 2;
        return v;
    }

    long u24() {
        long a = u8(), b = u8(), c = u8();
        return data.order() == java.nio.ByteOrder.LITTLE_ENDIAN ? a | b << 8 | c << 16 : a << 16 | b << 8 | c;
    }

    long u32() {
        long v = data.u32(at, what);
        at += 4;
        return v;
    }

    long u64() {
        long v = data.u64(at, what);
        at += 8;
        return v;
    }

    /** An offset into another section: 4 bytes in 32-bit DWARF, 8 in 64-bit DWARF. */
    long offset(int size) {
        return size == 8 ? u64() : u32();
    }

    long sized(int size) {
        return switch (size) {
            case 1 -> u8();
            case 2 -> u16();
            case 4 -> u32();
            case 8 -> u64();
            default -> throw fail("an address or value of " + size + " bytes");
        };
    }

    /** Unsigned LEB128; bits past 64 are dropped (no real value has them), the bytes still consumed. */
    long uleb() {
        long value = 0;
        int shift = 0;
        while (true) {
            int b = u8();
            if (shift < 64) {
                value |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }

    long sleb() {
        long value = 0;
        int shift = 0;
        int b;
        do {
            b = u8();
            if (shift < 64) {
                value |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) {
            value |= -1L << shift;
        }
        return value;
    }

    void skip(long n) {
        data.require(at, n, what);
        at += n;
    }

    /** A NUL-terminated string in place ({@code DW_FORM_string}). */
    String cString() {
        String s = data.cString(at, data.length(), what);
        at += s.length() + 1;
        return s;
    }

    MalformedInputException fail(String problem) {
        return new MalformedInputException(data.file(), what + ": " + problem, data.fileOffset(Math.min(at, data.length())));
    }
}
