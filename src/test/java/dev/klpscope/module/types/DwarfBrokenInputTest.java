package dev.klpscope.module.types;

import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.elf.Section;
import dev.klpscope.module.types.dwarf.DwarfFile;
import dev.klpscope.module.types.dwarf.DwarfTypes;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed DWARF: each case is gcc 12's DWARF 5 of the fuzz seed (src/test/resources/dev/klpscope/fuzz/dwarf/seed.c)
 * with one field of its {@code .debug_info} unit header or first DIE overwritten (derived inputs), read as a check
 * reads it: one {@link MalformedInputException} naming the file, the section and the offset, within a second.
 */
class DwarfBrokenInputTest {

    static final Path SEED = Path.of("src/test/resources/dev/klpscope/fuzz/ReadersFuzzTestInputs/dwarf/seed-gcc12-dwarf5.o");
    static final String NAME = "broken.o";

    /** The seed with {@code patch} applied to its {@code .debug_info} bytes (little-endian, in place). */
    static byte[] broken(Consumer<ByteBuffer> patch) throws Exception {
        byte[] bytes = Files.readAllBytes(SEED);
        Section info = ElfImage.open(SEED).section(".debug_info").orElseThrow();
        ByteBuffer b = ByteBuffer.wrap(bytes, (int) info.offset(), (int) info.size()).slice().order(ByteOrder.LITTLE_ENDIAN);
        patch.accept(b);
        return bytes;
    }

    /** Opens the broken object and walks its first unit as var-layout would; the failure it must give. */
    static String failure(Consumer<ByteBuffer> patch) throws Exception {
        byte[] bytes = broken(patch);
        MalformedInputException e = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> assertThrows(MalformedInputException.class, () -> {
            DwarfFile dwarf = DwarfFile.of(ElfImage.fromBytes(NAME, bytes, 1L << 20)).orElseThrow();
            DwarfTypes types = dwarf.unitTypes(0);
            for (int id : types.topLevel()) {
                Layouts.of(types, id);
            }
        }));
        assertEquals(NAME, e.file());
        assertTrue(e.getMessage().startsWith(NAME + ": "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void theUnmodifiedSeedReads() throws Exception {
        DwarfFile dwarf = DwarfFile.of(ElfImage.fromBytes(NAME, broken(b -> { }), 1L << 20)).orElseThrow();
        assertEquals(1, dwarf.unitCount());
        assertTrue(dwarf.unitTypes(0).named("stats").size() == 1);
    }

    @Test
    void aUnitLengthPastTheSection() throws Exception {
        String m = failure(b -> b.putInt(0, 0x7fff0000));
        assertTrue(m.contains("unit length 2147418112 runs past the end of .debug_info"), m);
    }

    @Test
    void aReservedUnitLength() throws Exception {
        String m = failure(b -> b.putInt(0, 0xfffffff3));
        assertTrue(m.contains("reserved unit length 0xfffffff3"), m);
    }

    @Test
    void anUnknownDwarfVersion() throws Exception {
        String m = failure(b -> b.putShort(4, (short) 9));
        assertTrue(m.contains("DWARF version 9 (2 to 5 are read)"), m);
    }

    @Test
    void anAddressSizeOfThree() throws Exception {
        String m = failure(b -> b.put(7, (byte) 3)); // DWARF 5: length, version, unit type, address size
        assertTrue(m.contains("address size 3 (4 or 8 are read)"), m);
    }

    @Test
    void anUndefinedAbbreviationCode() throws Exception {
        String m = failure(b -> b.put(12, (byte) 0x7e)); // the first DIE's code, after the 12-byte header
        assertTrue(m.contains(".debug_info") && m.toLowerCase().contains("abbreviation"), m);
    }

    /**
     * Hand-made (no compiler writes it): 10,000 units, each pointing its abbreviation offset one entry further into
     * one 60 KB table, so that each would re-read the rest of the table. Searching the file stops with a message
     * instead of reading about 300 MB of abbreviations.
     */
    @Test
    void unitsPointingIntoOneLongAbbreviationTable() {
        int n = 10_000;
        ByteBuffer abbrev = ByteBuffer.allocate(6 * n + 1);
        ByteBuffer info = ByteBuffer.allocate(13 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < n; k++) {
            int code = 128 + k; // two-byte ULEB128
            abbrev.put((byte) (code & 0x7f | 0x80)).put((byte) (code >>> 7)).put((byte) 0x34).put((byte) 0).put((byte) 0).put((byte) 0);
            info.putInt(9).putShort((short) 4).putInt(6 * k).put((byte) 8).put((byte) (code & 0x7f | 0x80)).put((byte) (code >>> 7));
        }
        DwarfFile dwarf = DwarfFile.of(NAME, dev.klpscope.elf.ByteReader.of(info.array(), ByteOrder.LITTLE_ENDIAN, NAME),
                dev.klpscope.elf.ByteReader.of(abbrev.array(), ByteOrder.LITTLE_ENDIAN, NAME), java.util.Optional.empty(), 8);
        MalformedInputException e = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> assertThrows(MalformedInputException.class, () -> dwarf.variableNamed("x")));
        assertEquals(NAME, e.file());
        assertTrue(e.getMessage().contains("the units' abbreviation tables overlap"), e.getMessage());
    }
}
