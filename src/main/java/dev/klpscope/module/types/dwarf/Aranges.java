package dev.klpscope.module.types.dwarf;

import dev.klpscope.elf.ByteReader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code .debug_aranges} (§6.1.2): the code address ranges of each unit, so a function's unit is found without
 * decoding the others. In a relocatable object the ranges are section-relative and may overlap ({@code .text} and
 * {@code .init.text} both start at 0): every unit whose range holds the address is a candidate.
 */
final class Aranges {

    static final Aranges NONE = new Aranges(new long[0], new long[0], new int[0]);

    private final long[] starts;
    private final long[] ends;
    private final int[] units;

    private Aranges(long[] starts, long[] ends, int[] units) {
        this.starts = starts;
        this.ends = ends;
        this.units = units;
    }

    static Aranges read(ByteReader data, long[] unitStarts) {
        List<long[]> out = new ArrayList<>();
        long set = 0;
        while (set < data.length()) {
            Cursor c = new Cursor(data, set, String.format(".debug_aranges set at 0x%x", set));
            long length = c.u32();
            int offsetSize = 4;
            if (length == 0xffffffffL) {
                length = c.u64();
                offsetSize = 8;
            }
            long end = c.at + length;
            if (length < 0 || length > data.length() - c.at) {
                throw c.fail("set length runs past the end of .debug_aranges");
            }
            c.u16();
            long unitOffset = c.offset(offsetSize);
            int addressSize = c.u8();
            int segmentSize = c.u8();
            if (addressSize != 4 && addressSize != 8 || segmentSize > 8) {
                throw c.fail("address size " + addressSize + ", segment size " + segmentSize);
            }
            int tuple = 2 * addressSize + segmentSize;
            long first = set + ((c.at - set + 2L * addressSize - 1) / (2L * addressSize)) * (2L * addressSize);
            c.at = first;
            int unit = Arrays.binarySearch(unitStarts, unitOffset);
            while (c.at + tuple <= end) {
                c.skip(segmentSize);
                long start = c.sized(addressSize);
                long size = c.sized(addressSize);
                if (start == 0 && size == 0) {
                    break;
                }
                if (unit >= 0) {
                    out.add(new long[]{start, start + size, unit});
                }
            }
            set = end;
        }
        long[] s = new long[out.size()];
        long[] e = new long[out.size()];
        int[] u = new int[out.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = out.get(i)[0];
            e[i] = out.get(i)[1];
            u[i] = (int) out.get(i)[2];
        }
        return new Aranges(s, e, u);
    }

    /** The indexes of the units with a range holding {@code address}, each once, in ascending order. */
    List<Integer> containing(long address) {
        java.util.TreeSet<Integer> found = new java.util.TreeSet<>();
        for (int i = 0; i < starts.length; i++) {
            if (Long.compareUnsigned(address, starts[i]) >= 0 && Long.compareUnsigned(address, ends[i]) < 0) {
                found.add(units[i]);
            }
        }
        return new ArrayList<>(found);
    }
}
