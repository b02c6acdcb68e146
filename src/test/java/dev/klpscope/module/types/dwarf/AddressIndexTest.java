package dev.klpscope.module.types.dwarf;

import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.ElfImage;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The address scan, eight bytes at a time, finds exactly the {@code DW_OP_addr} expressions a byte-by-byte reading
 * finds: on a kbuild module's relocated {@code .debug_info}, on Debian's -dbg vmlinux (174 MB, across the scan's
 * chunk boundaries) when the cache holds it, and on the length byte placed at every position of short arrays.
 */
class AddressIndexTest {

    static final Path MODULE = Path.of("samples/varlayout/unstripped/v1/foo.ko.xz");
    static final Path VMLINUX = Path.of("/var/cache/klpscope/dbg/6.1.0-57/vmlinux");

    @Test
    void aModulesExpressionsAreThoseOfAByteByByteReading() {
        assertSameAsByteByByte(MODULE, 1);
    }

    @Test
    void aDebianVmlinuxsExpressionsAreThoseOfAByteByByteReading() {
        assumeTrue(Files.isRegularFile(VMLINUX), "Debian's -dbg vmlinux is not in the cache (scripts/fetch-dbg-vmlinux.sh)");
        assertSameAsByteByByte(VMLINUX, 100_000);
    }

    @Test
    void theLengthByteIsFoundAtEveryPositionAndNowhereElse() {
        for (int size = 0; size <= 40; size++) {
            for (int first = 0; first < size; first++) {
                for (int second = first + 1; second <= size; second++) {
                    byte[] b = new byte[size];
                    java.util.Arrays.fill(b, (byte) 0x89); // 0x09 with the high bit set: not the byte sought
                    b[first] = 9;
                    if (second < size) {
                        b[second] = 9;
                    }
                    String where = "size " + size + ", at " + first + " and " + second;
                    assertEquals(first, AddressIndex.nextLengthByte(b, 0, size, (byte) 9), where);
                    assertEquals(second, AddressIndex.nextLengthByte(b, first + 1, size, (byte) 9), where);
                    assertEquals(first, AddressIndex.nextLengthByte(b, 0, first + 1, (byte) 9), where + ", bounded");
                    assertEquals(first, AddressIndex.nextLengthByte(b, 0, first, (byte) 9), where + ": not past the bound");
                }
            }
        }
    }

    private static void assertSameAsByteByByte(Path file, int atLeast) {
        ElfImage image = ElfImage.open(file);
        ByteReader info = new DebugSections(image).read(".debug_info").orElseThrow();
        AddressIndex index = AddressIndex.scan(info, 8);
        byte[] b = info.bytes(0, (int) info.length(), ".debug_info");
        List<Long> expected = new ArrayList<>();
        List<Long> found = new ArrayList<>();
        for (int i = 0; i + 10 <= b.length; i++) {
            if (b[i] == 9 && b[i + 1] == 3) {
                long address = java.nio.ByteBuffer.wrap(b, i + 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                expected.add(address);
                found.addAll(index.at(address).contains((long) i) ? List.of(address) : List.of());
            }
        }
        assertTrue(expected.size() >= atLeast, file + ": " + expected.size() + " expressions");
        assertEquals(expected.size(), index.size(), file + ": hits");
        assertEquals(expected, found, file + ": every expression found at its offset");
    }
}
