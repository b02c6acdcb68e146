package dev.klpscope.module.types.dwarf;

import dev.klpscope.elf.ByteReader;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where {@code .debug_info} holds a location expression that is exactly {@code DW_OP_addr <address>}: the bytes
 * {@code 09 03 <8 bytes>} (4-byte addresses: {@code 05 03 <4 bytes>}), an {@code exprloc} or {@code block1} of one
 * operation. Found by one pass over the section in chunks; hits are candidates only (the bytes may occur inside
 * other values) and are confirmed by decoding their unit. Kept unsorted, in offset order: a check looks up a few
 * variables, and a linear pass over the hits (about a million in a -dbg vmlinux) costs less than sorting them.
 */
final class AddressIndex {

    static final int CHUNK = 4 << 20;

    private final long[] addresses;
    private final long[] offsets;

    private AddressIndex(long[] addresses, long[] offsets) {
        this.addresses = addresses;
        this.offsets = offsets;
    }

    static AddressIndex scan(ByteReader info, int addressSize) {
        int pattern = 2 + addressSize;
        byte length = (byte) (1 + addressSize);
        boolean little = info.order() == java.nio.ByteOrder.LITTLE_ENDIAN;
        long[] addr = new long[1024];
        long[] off = new long[1024];
        int n = 0;
        long total = info.length();
        byte[] b = new byte[(int) Math.min(CHUNK + pattern - 1, total)];
        for (long start = 0; start < total; start += CHUNK) {
            int size = (int) Math.min(CHUNK + pattern - 1, total - start);
            info.bytes(start, b, size, ".debug_info");
            int last = Math.min(CHUNK, size - pattern + 1);
            for (int i = nextLengthByte(b, 0, last, length); i < last; i = nextLengthByte(b, i + 1, last, length)) {
                if (b[i + 1] != Dw.OP_ADDR) {
                    continue;
                }
                long v = 0;
                for (int k = 0; k < addressSize; k++) {
                    int shift = little ? 8 * k : 8 * (addressSize - 1 - k);
                    v |= (b[i + 2 + k] & 0xffL) << shift;
                }
                if (n == addr.length) {
                    addr = Arrays.copyOf(addr, n * 2);
                    off = Arrays.copyOf(off, n * 2);
                }
                addr[n] = v;
                off[n] = start + i;
                n++;
            }
        }
        return new AddressIndex(Arrays.copyOf(addr, n), Arrays.copyOf(off, n));
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW7 = 0x7f7f7f7f7f7f7f7fL;

    /**
     * The first index in {@code [from, last)} holding {@code value}, else {@code last}: eight bytes at a time, a word
     * with no such byte skipped whole (the exact zero-byte test, which has no false hits), since the expression's
     * length byte is rare in {@code .debug_info} and the scan reads the whole section.
     */
    static int nextLengthByte(byte[] b, int from, int last, byte value) {
        long spread = (value & 0xffL) * 0x0101010101010101L;
        int i = from;
        for (; i + 8 <= last; i += 8) {
            long x = (long) LONGS.get(b, i) ^ spread;
            long zero = ~(((x & LOW7) + LOW7) | x | LOW7);
            if (zero != 0) {
                return i + (Long.numberOfTrailingZeros(zero) >>> 3);
            }
        }
        for (; i < last; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return last;
    }

    /** The offsets in {@code .debug_info} of the candidate expressions naming {@code address}, in offset order. */
    List<Long> at(long address) {
        List<Long> out = new ArrayList<>(1);
        for (int i = 0; i < addresses.length; i++) {
            if (addresses[i] == address) {
                out.add(offsets[i]);
            }
        }
        return out;
    }

    int size() {
        return addresses.length;
    }
}
