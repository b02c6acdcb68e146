package dev.klpscope.elf;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The elf layer on real compiler output for other architectures (clang {@code --target=...}, see
 * {@code src/test/resources/dev/klpscope/elf/foreign/README.md}): ELF32 and ELF64, little and big endian,
 * RELA and REL. Sections, symbols and relocations must match what binutils' {@code readelf} prints for the
 * same file, relocation type names included.
 */
class ForeignElfTest {

    /** File name → (ELF64?, byte order, e_machine). */
    private static final Map<String, Object[]> EXPECTED = Map.of(
            "tiny-i386-linux-gnu.o", new Object[] {false, ByteOrder.LITTLE_ENDIAN, Machines.EM_386},
            "tiny-x86_64-linux-gnu.o", new Object[] {true, ByteOrder.LITTLE_ENDIAN, Machines.EM_X86_64},
            "tiny-aarch64-linux-gnu.o", new Object[] {true, ByteOrder.LITTLE_ENDIAN, Machines.EM_AARCH64},
            "tiny-powerpc64le-linux-gnu.o", new Object[] {true, ByteOrder.LITTLE_ENDIAN, Machines.EM_PPC64},
            "tiny-powerpc-linux-gnu.o", new Object[] {false, ByteOrder.BIG_ENDIAN, Machines.EM_PPC},
            "tiny-s390x-linux-gnu.o", new Object[] {true, ByteOrder.BIG_ENDIAN, Machines.EM_S390});

    private static final Map<Long, String> SECTION_TYPES = Map.of(
            0L, "NULL", 1L, "PROGBITS", 2L, "SYMTAB", 3L, "STRTAB", 4L, "RELA", 7L, "NOTE", 8L, "NOBITS", 9L, "REL");

    static Path dir() {
        try {
            return Path.of(ForeignElfTest.class.getResource("/dev/klpscope/elf/foreign/tiny.c").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> objects() throws IOException {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.getFileName().toString().startsWith("tiny-") && p.getFileName().toString().endsWith(".o"))
                    .sorted().toList();
        }
    }

    @Test
    void everyArchitectureIsThere() throws IOException {
        List<String> names = objects().stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(EXPECTED.keySet().stream().sorted().toList(), names);
    }

    @TestFactory
    List<DynamicTest> headerMatchesTheTarget() throws IOException {
        List<DynamicTest> out = new ArrayList<>();
        for (Path p : objects()) {
            out.add(DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
                Object[] e = EXPECTED.get(p.getFileName().toString());
                ElfHeader h = ElfImage.open(p).header();
                assertEquals(e[0], h.is64(), "class");
                assertEquals(e[1], h.order(), "byte order");
                assertEquals(e[2], h.machine(), "machine");
                assertEquals(ElfHeader.ET_REL, h.type(), "type");
            }));
        }
        return out;
    }

    private static final Pattern SECTION_LINE = Pattern.compile("^\\s*\\[\\s*(\\d+)]\\s+(.*)$");

    @TestFactory
    List<DynamicTest> sectionsMatchReadelf() throws IOException {
        List<DynamicTest> out = new ArrayList<>();
        for (Path p : objects()) {
            out.add(DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
                ElfImage image = ElfImage.open(p);
                List<Section> sections = image.sections();
                int seen = 0;
                for (String line : readelf("-SW", p)) {
                    Matcher m = SECTION_LINE.matcher(line);
                    if (!m.matches()) {
                        continue;
                    }
                    int index = Integer.parseInt(m.group(1));
                    String[] t = m.group(2).trim().split("\\s+");
                    if (index == 0) {
                        seen++;
                        continue;
                    }
                    // name type addr off size es [flags] lk inf al
                    boolean hasFlags = t.length == 10;
                    assertTrue(t.length == 9 || hasFlags, line);
                    Section s = sections.get(index);
                    String where = p.getFileName() + " [" + index + "] " + t[0];
                    assertEquals(t[0], s.name(), where);
                    assertEquals(t[1], SECTION_TYPES.getOrDefault(s.type(), "type " + s.type()), where + " type");
                    assertEquals(Long.parseLong(t[3], 16), s.offset(), where + " offset");
                    assertEquals(Long.parseLong(t[4], 16), s.size(), where + " size");
                    assertEquals(Long.parseLong(t[5], 16), s.entrySize(), where + " entsize");
                    assertEquals(hasFlags ? t[6] : "", s.flagLetters(), where + " flags");
                    int k = hasFlags ? 7 : 6;
                    assertEquals(Integer.parseInt(t[k]), s.link(), where + " link");
                    assertEquals(Long.parseLong(t[k + 1]), s.info(), where + " info");
                    assertEquals(Long.parseLong(t[k + 2]), s.addressAlign(), where + " align");
                    seen++;
                }
                assertEquals(sections.size(), seen, "every section header was compared");
            }));
        }
        return out;
    }

    /** {@code Num: Value Size Type Bind Vis [ppc64 local entry] Ndx [Name]}. */
    private static final Pattern SYMBOL_LINE = Pattern.compile(
            "^\\s*(\\d+):\\s+([0-9a-f]+)\\s+(0x[0-9a-f]+|\\d+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)(?:\\s+\\[[^\\]]*\\])?\\s+(\\S+)(?:\\s+(\\S.*))?$");

    @TestFactory
    List<DynamicTest> symbolsMatchReadelf() throws IOException {
        List<DynamicTest> out = new ArrayList<>();
        for (Path p : objects()) {
            out.add(DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
                ElfImage image = ElfImage.open(p);
                List<Symbol> symbols = image.symbols();
                int seen = 0;
                for (String line : readelf("-sW", p)) {
                    Matcher m = SYMBOL_LINE.matcher(line);
                    if (!m.matches()) {
                        continue;
                    }
                    int index = Integer.parseInt(m.group(1));
                    Symbol s = symbols.get(index);
                    String name = m.group(8) == null ? "" : m.group(8);
                    String where = p.getFileName() + " symbol " + index + " " + name;
                    assertEquals(index, s.index(), where);
                    // readelf shows a section symbol (empty st_name) by its section's name
                    String shown = s.type() == Symbol.STT_SECTION && s.name().isEmpty()
                            ? image.section(s.sectionIndex()).name() : s.name();
                    assertEquals(name, shown, where + " name");
                    assertEquals(Long.parseUnsignedLong(m.group(2), 16), s.value(), where + " value");
                    String size = m.group(3);
                    assertEquals(size.startsWith("0x") ? Long.parseLong(size.substring(2), 16) : Long.parseLong(size), s.size(),
                            where + " size");
                    assertEquals(m.group(4), s.typeName(), where + " type");
                    assertEquals(m.group(5), s.bindingName(), where + " binding");
                    assertEquals(m.group(7), s.sectionIndexName(), where + " section index");
                    seen++;
                }
                assertEquals(symbols.size(), seen, "every symbol was compared");
                assertTrue(symbols.stream().anyMatch(s -> s.name().equals("helper") && s.isLocal() && s.isFunction()), "static helper()");
                assertTrue(symbols.stream().anyMatch(s -> s.name().equals("counter") && !s.isLocal() && s.isObject()), "global counter");
                assertTrue(symbols.stream().anyMatch(s -> s.name().equals("ext_func") && s.isUndefined()), "undefined ext_func");
            }));
        }
        return out;
    }

    private static final Pattern RELOC_SECTION = Pattern.compile("^Relocation section '([^']+)' at offset .*$");
    private static final Pattern RELOC_LINE = Pattern.compile("^([0-9a-f]{8,16})\\s+([0-9a-f]{8,16})\\s+(\\S+)\\s+(.*)$");

    @TestFactory
    List<DynamicTest> relocationsMatchReadelf() throws IOException {
        List<DynamicTest> out = new ArrayList<>();
        for (Path p : objects()) {
            out.add(DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
                ElfImage image = ElfImage.open(p);
                boolean is64 = image.header().is64();
                int machine = image.header().machine();
                List<Symbol> symbols = image.symbols();
                List<Relocation> current = null;
                Section currentSection = null;
                int next = 0;
                int seen = 0;
                int sectionsSeen = 0;
                for (String line : readelf("-rW", p)) {
                    Matcher sm = RELOC_SECTION.matcher(line);
                    if (sm.matches()) {
                        if (current != null) {
                            assertEquals(current.size(), next, currentSection.name() + ": every relocation compared");
                        }
                        currentSection = image.section(sm.group(1)).orElseThrow();
                        current = image.relocations(currentSection);
                        next = 0;
                        sectionsSeen++;
                        continue;
                    }
                    Matcher m = RELOC_LINE.matcher(line);
                    if (!m.matches() || current == null) {
                        continue;
                    }
                    Relocation r = current.get(next);
                    String where = p.getFileName() + " " + currentSection.name() + " #" + next;
                    long info = Long.parseUnsignedLong(m.group(2), 16);
                    assertEquals(Long.parseUnsignedLong(m.group(1), 16), r.offset(), where + " offset");
                    assertEquals(is64 ? info >>> 32 : info >>> 8, r.symbolIndex(), where + " symbol index");
                    assertEquals(is64 ? info & 0xffffffffL : info & 0xff, r.type(), where + " type");
                    assertEquals(m.group(3), RelocationTypes.name(machine, r.type()), where + " type name");
                    assertEquals(m.group(3), image.relocationTypeName(r.type()), where + " type name (image)");
                    assertTrue(RelocationTypes.isKnown(machine, r.type()), where + " known type");
                    // rest: "symval name [+|- addend]" (RELA) or "symval name" (REL)
                    String[] t = m.group(4).trim().split("\\s+");
                    Symbol s = symbols.get(r.symbolIndex());
                    String shown = s.type() == Symbol.STT_SECTION ? image.section(s.sectionIndex()).name() : s.name();
                    assertEquals(Long.parseUnsignedLong(t[0], 16), s.value(), where + " symbol value");
                    assertEquals(t[1], shown, where + " symbol");
                    if (currentSection.type() == Section.SHT_RELA) {
                        assertEquals(4, t.length, where + ": " + line);
                        long addend = Long.parseUnsignedLong(t[3], 16) * (t[2].equals("-") ? -1 : 1);
                        assertEquals(addend, r.addend(), where + " addend");
                    } else {
                        assertEquals(2, t.length, where + ": " + line);
                        assertEquals(0, r.addend(), where + " REL has no explicit addend");
                    }
                    next++;
                    seen++;
                }
                if (current != null) {
                    assertEquals(current.size(), next, currentSection.name() + ": every relocation compared");
                }
                long relocationSections = image.sections().stream().filter(Section::isRelocation).count();
                assertEquals(relocationSections, sectionsSeen, "every relocation section was compared");
                assertFalse(seen == 0, "no relocations parsed");
                long calls = image.sections().stream().filter(Section::isRelocation)
                        .flatMap(rs -> image.relocations(rs).stream())
                        .filter(r -> symbols.get(r.symbolIndex()).name().equals("ext_func")).count();
                assertTrue(calls > 0, "the call to ext_func has a relocation");
            }));
        }
        return out;
    }

    private static List<String> readelf(String option, Path file) throws IOException, InterruptedException {
        Process pr = new ProcessBuilder("readelf", option, file.toString()).redirectErrorStream(true).start();
        byte[] bytes;
        try (InputStream in = pr.getInputStream()) {
            bytes = in.readAllBytes();
        }
        assertTrue(pr.waitFor(30, TimeUnit.SECONDS), "readelf did not finish");
        assertEquals(0, pr.exitValue(), "readelf " + option + " " + file + " (binutils must be installed)");
        return new String(bytes, StandardCharsets.UTF_8).lines().map(String::stripTrailing).toList();
    }
}
