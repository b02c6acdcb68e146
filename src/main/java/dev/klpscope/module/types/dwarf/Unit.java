package dev.klpscope.module.types.dwarf;

import dev.klpscope.elf.ByteReader;

/**
 * A unit header of {@code .debug_info} (§7.5.1): DWARF 2 to 5, 32- or 64-bit. {@code end} is where the next unit
 * starts, checked to lie inside the section.
 */
record Unit(long offset, long end, int version, int unitType, int addressSize, int offsetSize, long abbrevOffset, long firstDie) {

    static Unit read(ByteReader info, long offset) {
        Cursor c = new Cursor(info, offset, String.format(".debug_info unit at 0x%x", offset));
        long length = c.u32();
        int offsetSize = 4;
        if (length == 0xffffffffL) {
            length = c.u64();
            offsetSize = 8;
        } else if (length >= 0xfffffff0L) {
            throw c.fail(String.format("reserved unit length 0x%x", length));
        }
        long start = c.at;
        if (length < 0 || length > info.length() - start) {
            throw c.fail("unit length " + Long.toUnsignedString(length) + " runs past the end of .debug_info (" + info.length() + " bytes)");
        }
        long end = start + length;
        int version = c.u16();
        if (version < 2 || version > 5) {
            throw c.fail("DWARF version " + version + " (2 to 5 are read)");
        }
        int unitType = Dw.UT_COMPILE;
        int addressSize;
        long abbrev;
        if (version >= 5) {
            unitType = c.u8();
            addressSize = c.u8();
            abbrev = c.offset(offsetSize);
            if (unitType == Dw.UT_SKELETON || unitType == Dw.UT_SPLIT_COMPILE) {
                c.skip(8);
            } else if (unitType == Dw.UT_TYPE || unitType == Dw.UT_SPLIT_TYPE) {
                c.skip(8);
                c.offset(offsetSize);
            }
        } else {
            abbrev = c.offset(offsetSize);
            addressSize = c.u8();
        }
        if (addressSize != 4 && addressSize != 8) {
            throw c.fail("address size " + addressSize + " (4 or 8 are read)");
        }
        if (c.at > end) {
            throw c.fail("unit header is longer than the unit");
        }
        return new Unit(offset, end, version, unitType, addressSize, offsetSize, abbrev, c.at);
    }
}
