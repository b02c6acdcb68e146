package dev.klpscope.elf;

import dev.klpscope.SampleFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ELF layer reads real modules as binutils' readelf does, compressed or signed. */
class ElfImageTest {

    private static final Path PATCH = SampleFiles.path("seed/seed_lp2.ko");

    @Test
    void sectionsMatchReadelf() throws Exception {
        ElfImage image = ElfImage.open(PATCH);
        List<String[]> readelf = readelfSections(PATCH);
        assertEquals(readelf.size(), image.sections().size() - 1, "section count (readelf omits section 0)");
        for (String[] r : readelf) {
            Section s = image.section(Integer.parseInt(r[0]));
            assertEquals(r[1], s.name());
            assertEquals(Long.parseLong(r[2], 16), s.size(), s.name());
            assertEquals(r[3], s.flagLetters(), s.name());
        }
    }

    @Test
    void symbolsMatchReadelfIncludingLivepatchIndex() throws Exception {
        ElfImage image = ElfImage.open(PATCH);
        String out = run("readelf", "-sW", PATCH.toString());
        Matcher m = Pattern.compile("(?m)^\\s+(\\d+): ([0-9a-f]+)\\s+(\\d+) (\\w+)\\s+(\\w+)\\s+\\w+\\s+(UND|ABS|OS \\[0xff20\\]|\\d+) ?(.*)$").matcher(out);
        int n = 0;
        while (m.find()) {
            Symbol s = image.symbols().get(Integer.parseInt(m.group(1)));
            if (s.type() != Symbol.STT_SECTION) { // readelf prints the section's name for section symbols
                assertEquals(m.group(7).trim(), s.name());
            }
            assertEquals(Long.parseLong(m.group(3)), s.size(), s.name());
            assertEquals(m.group(4), s.typeName(), s.name());
            assertEquals(m.group(6), s.sectionIndexName(), s.name());
            n++;
        }
        assertEquals(image.symbols().size(), n);
        assertTrue(image.symbols().stream().anyMatch(s -> s.sectionIndex() == Symbol.SHN_LIVEPATCH));
    }

    @Test
    void relocationCountsMatchReadelf() throws Exception {
        ElfImage image = ElfImage.open(PATCH);
        Matcher m = Pattern.compile("Relocation section '([^']+)' at offset 0x[0-9a-f]+ contains (\\d+) entr")
                .matcher(run("readelf", "-rW", PATCH.toString()));
        int sections = 0;
        while (m.find()) {
            Section s = image.section(m.group(1)).orElseThrow();
            assertEquals(Integer.parseInt(m.group(2)), image.relocations(s).size(), s.name());
            sections++;
        }
        assertTrue(sections > 0);
    }

    @Test
    void compressedModulesReadLikeThePlainOne(@TempDir Path dir) throws IOException {
        byte[] plain = Files.readAllBytes(PATCH);
        ElfImage reference = ElfImage.open(PATCH);
        for (Compression c : List.of(Compression.XZ, Compression.ZSTD, Compression.GZIP)) {
            Path file = dir.resolve("seed_lp2.ko." + c.label());
            Files.write(file, compress(c, plain));
            ElfImage image = ElfImage.open(file);
            assertEquals(c, image.compression());
            assertEquals(plain.length, image.elfSize());
            assertEquals(reference.sections(), image.sections(), c.label());
            assertEquals(reference.symbols(), image.symbols(), c.label());
        }
    }

    @Test
    void aDecompressionBombIsRefusedWithItsSize(@TempDir Path dir) throws IOException {
        Path bomb = dir.resolve("bomb.ko.xz");
        Files.write(bomb, compress(Compression.XZ, new byte[32 << 20]));
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> ElfImage.open(bomb, 8 << 20));
        assertTrue(e.getMessage().startsWith(bomb.toString() + ": xz data expands to more than 8 MiB"), e.getMessage());
    }

    @Test
    void signedDebianModuleHasItsTrailerSetAside() {
        Path signed = SampleFiles.path("debian/v57/sch_codel.ko");
        ElfImage image = ElfImage.open(signed);
        ModuleSignature sig = image.signature().orElseThrow();
        assertTrue(sig.isPkcs7());
        assertEquals(image.fileSize() - 28 - 12 - sig.signatureLength(), image.elfSize());
        assertTrue(image.section(".modinfo").isPresent());
        assertTrue(image.buildId().orElseThrow().matches("[0-9a-f]{40}"));
    }

    @Test
    void notAnElfFileIsNamedAsSuch(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello, this is not a module\n");
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> ElfImage.open(text));
        assertEquals(text + ": not an ELF file (no \\x7fELF magic at the start) (at offset 0x0)", e.getMessage());
    }

    @Test
    void truncatedSectionTableSaysWhereItEnds(@TempDir Path dir) throws IOException {
        byte[] bytes = Files.readAllBytes(PATCH);
        Path cut = dir.resolve("cut.ko");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> ElfImage.open(cut));
        assertTrue(e.getMessage().startsWith(cut + ": section header table"), e.getMessage());
        assertTrue(e.offset().isPresent());
    }

    @Test
    void byteReaderRefusesReadsPastTheEnd() {
        ByteReader r = ByteReader.of(new byte[8], java.nio.ByteOrder.LITTLE_ENDIAN, "x.ko");
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> r.u64(4, "a field"));
        assertEquals("x.ko: a field (8 bytes) extends past the end of the data (8 bytes) (at offset 0x4)", e.getMessage());
        assertThrows(MalformedInputException.class, () -> r.require(Long.MAX_VALUE, 2, "overflow"));
        ByteReader text = ByteReader.of("abcdefgh".getBytes(), java.nio.ByteOrder.LITTLE_ENDIAN, "x.ko");
        MalformedInputException u = assertThrows(MalformedInputException.class, () -> text.cString(2, 8, "a name"));
        assertEquals("x.ko: a name: string is not NUL-terminated (at offset 0x2)", u.getMessage());
    }

    static byte[] compress(Compression c, byte[] data) {
        return DerivedBzImage.compress(c, data);
    }

    /** {index, name, size-hex, flags} per section from {@code readelf -SW}: "[Nr] Name Type Address Off Size ES [Flg] Lk Inf Al". */
    private static List<String[]> readelfSections(Path file) throws Exception {
        List<String[]> out = new ArrayList<>();
        for (String line : run("readelf", "-SW", file.toString()).split("\n")) {
            Matcher m = Pattern.compile("^\\s+\\[\\s*(\\d+)]\\s+(.*)$").matcher(line);
            if (!m.find() || m.group(1).equals("0")) {
                continue;
            }
            String[] t = m.group(2).trim().split("\\s+");
            String flags = t.length == 10 ? t[6] : "";
            out.add(new String[]{m.group(1), t[0], t[4], flags});
        }
        return out;
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
        return out;
    }
}
